/**
 * Where the embedded engine keeps face templates (embeddings). Rekognition keeps its own in the
 * collection; the embedded engine needs this port. The in-memory store serves tests and
 * `npm start`; the service adds a DynamoDB store for on-premises deployments.
 *
 * A template is biometric data: the store must encrypt at rest and delete on request
 * (consent withdrawal), and the embedding must never be logged or sent to a client.
 */
export interface FaceTemplate {
  readonly templateId: string;
  readonly subjectId: string;
  /** The model that produced the embedding: embeddings of different models are not comparable. */
  readonly model: string;
  readonly embedding: number[];
  /** ISO-8601 with offset. */
  readonly createdAt: string;
}

export interface TemplateStore {
  put(template: FaceTemplate): Promise<void>;
  /** Templates of these subjects (1:1 verification, 1:N among a class roster). */
  listBySubjects(subjectIds: readonly string[]): Promise<FaceTemplate[]>;
  /** Every template, page by page (the duplicate-identity search at enrollment). */
  scan(): AsyncIterable<FaceTemplate[]>;
  /** Idempotent: deleting a missing template succeeds. */
  delete(templateId: string): Promise<void>;
  /** Every template of the subject (consent withdrawn). Idempotent. */
  deleteSubject(subjectId: string): Promise<void>;
}

export class InMemoryTemplateStore implements TemplateStore {
  private readonly byId = new Map<string, FaceTemplate>();

  constructor(private readonly pageSize = 500) {}

  async put(template: FaceTemplate): Promise<void> {
    this.byId.set(template.templateId, template);
  }

  async listBySubjects(subjectIds: readonly string[]): Promise<FaceTemplate[]> {
    const wanted = new Set(subjectIds);
    return [...this.byId.values()].filter((template) => wanted.has(template.subjectId));
  }

  async *scan(): AsyncIterable<FaceTemplate[]> {
    const all = [...this.byId.values()];
    for (let start = 0; start < all.length; start += this.pageSize) {
      yield all.slice(start, start + this.pageSize);
    }
  }

  async delete(templateId: string): Promise<void> {
    this.byId.delete(templateId);
  }

  async deleteSubject(subjectId: string): Promise<void> {
    for (const [templateId, template] of this.byId) if (template.subjectId === subjectId) this.byId.delete(templateId);
  }

  get size(): number {
    return this.byId.size;
  }
}
