/**
 * The embedded engine's templates in the service's table. An embedding is biometric data: it is
 * sealed with the PII cipher (AES-256-GCM) before it is stored, never logged, never returned.
 * Stored as the Float32 bytes of the vector (4 KB instead of ~20 KB of JSON), then sealed.
 * `scan` reads only template items, through the `FACE_TEMPLATES` index partition.
 *
 * One template per trainee (the service replaces the reference photo rather than adding one), so
 * a roster's templates are one BatchGetItem by trainee id. A new template overwrites the old item;
 * the engine's later `delete(oldTemplateId)` then finds nothing under that id and succeeds.
 */
import { DeleteCommand, paginateQuery, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PiiCipher } from '@peixun/shared';
import type { FaceTemplate, TemplateStore } from '../face';
import { batchGet } from './batch-get';
import { INDEX, keys, TEMPLATES_INDEX_KEY } from './keys';

interface TemplateItem {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  templateId: string;
  subjectId: string;
  model: string;
  embeddingSealed: string;
  createdAt: string;
}

export class DynamoTemplateStore implements TemplateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: PiiCipher,
  ) {}

  async put(template: FaceTemplate): Promise<void> {
    const item: TemplateItem = {
      ...keys.template(template.subjectId),
      gsi1pk: TEMPLATES_INDEX_KEY,
      gsi1sk: template.templateId,
      templateId: template.templateId,
      subjectId: template.subjectId,
      model: template.model,
      embeddingSealed: this.cipher.encrypt(Buffer.from(new Float32Array(template.embedding).buffer).toString('base64')),
      createdAt: template.createdAt,
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async listBySubjects(subjectIds: readonly string[]): Promise<FaceTemplate[]> {
    const items = await batchGet(this.client, this.tableName, [...new Set(subjectIds)].map((subjectId) => keys.template(subjectId)));
    return (items as unknown as TemplateItem[]).map((item) => this.open(item));
  }

  async *scan(): AsyncIterable<FaceTemplate[]> {
    const pages = paginateQuery(
      { client: this.client },
      { TableName: this.tableName, IndexName: INDEX, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': TEMPLATES_INDEX_KEY } },
    );
    for await (const page of pages) yield ((page.Items ?? []) as TemplateItem[]).map((item) => this.open(item));
  }

  async delete(templateId: string): Promise<void> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
        ExpressionAttributeValues: { ':pk': TEMPLATES_INDEX_KEY, ':id': templateId },
      }),
    );
    for (const item of (Items ?? []) as TemplateItem[]) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } }));
    }
  }

  /** One template per trainee, keyed by the trainee: one delete, whatever its template id. */
  async deleteSubject(subjectId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.template(subjectId) }));
  }

  private open(item: TemplateItem): FaceTemplate {
    const bytes = Buffer.from(this.cipher.decrypt(item.embeddingSealed), 'base64');
    const vector = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / Float32Array.BYTES_PER_ELEMENT);
    return { templateId: item.templateId, subjectId: item.subjectId, model: item.model, embedding: Array.from(vector), createdAt: item.createdAt };
  }
}
