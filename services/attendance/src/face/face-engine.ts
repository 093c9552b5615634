/**
 * The face-recognition port of the attendance service.
 *
 * Two adapters implement it: Amazon Rekognition (cloud) and an embedded engine that runs in the
 * process (local runs and on-premises deployments, where biometric data must stay in the
 * province). Everything the service decides is expressed here, so the service never knows which
 * engine answered except through the `engine` it writes into the audit record.
 *
 * Conventions every adapter keeps:
 * - similarity is on Rekognition's 0–100 scale everywhere, so one configured threshold means the
 *   same thing whichever engine is running and can be compared across audit records;
 * - every operation first runs the same quality gates (one face, big enough, sharp, facing the
 *   camera) and rejects unusable photos with `FaceImageRejected`, before any template is touched;
 * - scores are for the audit record only: the service must send pass/fail and a reason to the
 *   client, never the similarity.
 */
import type { FaceQuality } from './quality';

/** Which engine produced a result, for the audit record (Art. 28: 考勤记录 must be explainable later). */
export interface FaceEngineInfo {
  /** `rekognition` or `embedded`. */
  readonly name: FaceEngineName;
  /** The model behind the scores, e.g. Rekognition's face model version or `human-3.3.6/faceres`. */
  readonly model: string;
}

export type FaceEngineName = 'rekognition' | 'embedded';

/** What the service stores to find, and later delete, one template. */
export interface FaceTemplateRef {
  readonly subjectId: string;
  /** Rekognition FaceId, or the embedded store's template id. */
  readonly templateId: string;
}

export interface IndexedFace extends FaceTemplateRef {
  readonly engine: FaceEngineInfo;
  readonly quality: FaceQuality;
}

export interface FaceMatch {
  readonly subjectId: string;
  readonly templateId: string;
  /** 0–100. */
  readonly similarity: number;
}

export interface FaceSearchOptions {
  /**
   * Restrict the search to these subjects (1:N among a class roster). Omitted: the whole
   * collection (the duplicate-identity search at enrollment).
   */
  readonly candidates?: readonly string[];
  /** Subjects to ignore, e.g. the person being enrolled when re-enrolling. */
  readonly exclude?: readonly string[];
  /** Overrides the engine's configured threshold for this call (0–100). */
  readonly threshold?: number;
  /** How many subjects to return at most; default 5. */
  readonly maxMatches?: number;
}

export interface FaceSearchResult {
  /** Subjects at or above the threshold, best first, one entry per subject. */
  readonly matches: readonly FaceMatch[];
  /** `matches[0]`, or undefined when nobody reached the threshold. */
  readonly best: FaceMatch | undefined;
  readonly threshold: number;
  readonly engine: FaceEngineInfo;
  readonly quality: FaceQuality;
}

export interface FaceVerifyOptions {
  /** Overrides the engine's configured threshold for this call (0–100). */
  readonly threshold?: number;
}

export interface FaceVerification {
  readonly subjectId: string;
  readonly match: boolean;
  /**
   * 0–100, the best score over the subject's templates. `null` when the engine gives no score
   * below its search floor (Rekognition only reports faces above `FaceMatchThreshold`): the
   * subject then certainly did not reach the threshold.
   */
  readonly similarity: number | null;
  readonly threshold: number;
  /** The template that gave the score, when there is one. */
  readonly templateId: string | undefined;
  readonly engine: FaceEngineInfo;
  readonly quality: FaceQuality;
}

export interface FaceEngine {
  readonly info: FaceEngineInfo;
  /** Default threshold (0–100) for identity decisions. */
  readonly threshold: number;
  /**
   * Scores from here up to the threshold neither pass nor fail: the trainee is asked for a second
   * photo (the grey zone where genuine trainees in poor conditions and look-alikes overlap).
   * Equal to `threshold` when the engine has no grey zone.
   */
  readonly secondPhotoFrom: number;

  /**
   * Turns a reference photo into a stored template for `subjectId`. Does not look for
   * duplicates: call `searchFace` first when enrolling (one person, two ID numbers).
   */
  indexFace(subjectId: string, image: Uint8Array): Promise<IndexedFace>;

  /** 1:N identification: who in the collection (or among `candidates`) is this? */
  searchFace(image: Uint8Array, options?: FaceSearchOptions): Promise<FaceSearchResult>;

  /** 1:1 verification: is this `subjectId`? Throws `FaceNotEnrolled` when the subject has no template. */
  verify(subjectId: string, image: Uint8Array, options?: FaceVerifyOptions): Promise<FaceVerification>;

  /** Deletes one template. Idempotent: removing a template that is already gone succeeds. */
  removeFace(template: FaceTemplateRef): Promise<void>;

  /**
   * Deletes every template of `subjectId`, including any the service lost track of (consent
   * withdrawn: PIPL Art. 15, 47). Idempotent: a subject without templates succeeds.
   */
  removeSubject(subjectId: string): Promise<void>;
}

/** Identifiers end up in Rekognition's ExternalImageId, which allows only these characters. */
export const SUBJECT_ID_PATTERN = /^[a-zA-Z0-9_.\-:]{1,255}$/;

export const DEFAULT_MAX_MATCHES = 5;
