/**
 * The Amazon Rekognition `FaceEngine`: one face collection per deployment, each template a face
 * indexed with `ExternalImageId` = subject id.
 *
 * Every operation first calls DetectFaces and applies our own quality gates, because
 * SearchFacesByImage silently uses the largest face: without the gate, two people in front of
 * the kiosk would be matched as whichever face is bigger. The photo sent is the one our gates
 * measured (EXIF-rotated, scaled to the analysis size, re-encoded as JPEG), so Rekognition's
 * bounding boxes and our sharpness crop refer to the same pixels.
 */
import {
  DeleteFacesCommand,
  DetectFacesCommand,
  IndexFacesCommand,
  ListFacesCommand,
  SearchFacesByImageCommand,
  type FaceDetail,
  type FaceMatch as RekognitionFaceMatch,
  type QualityFilter,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
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
import { FaceImageRejected } from '../face-errors';
import { decodeImage, encodeJpeg, resolveImageLimits, type DecodedImage, type ImageLimits } from '../image';
import { assertSubjectId, rankMatches, resolveSecondPhotoFrom, resolveThreshold } from '../matching';
import { assessFaceQuality, resolveQualityPolicy, type DetectedFace, type FaceQuality, type QualityPolicy } from '../quality';
import { translateRekognitionError, unindexedFaceProblem } from './rekognition-errors';

/** AWS recommends 99 for decisions about identity (as opposed to, say, photo tagging at 80). */
export const REKOGNITION_DEFAULT_THRESHOLD = 99;

/**
 * The API's maximum for SearchFacesByImage `MaxFaces`, ListFaces `MaxResults` and DeleteFaces
 * `FaceIds` (Rekognition API reference: valid range 1–4096).
 */
export const REKOGNITION_MAX_FACES = 4096;

/**
 * A roster search whose answer filled `MaxFaces`: the collection holds more faces above the
 * search floor than Rekognition returns, so a roster member may be missing from the list. Never
 * decided on (a truncated list could turn a genuine trainee into a mismatch); surfaces as a 500
 * and an alarm, because thousands of look-alikes above the floor mean bad data in the collection.
 */
export class FaceSearchTruncated extends Error {
  constructor(readonly returned: number) {
    super(`Rekognition returned ${returned} faces (MaxFaces): roster members may have been crowded out`);
    this.name = 'FaceSearchTruncated';
  }
}

export interface RekognitionFaceEngineOptions {
  readonly client: RekognitionClient;
  readonly collectionId: string;
  readonly threshold?: number;
  /**
   * Points below the threshold that ask for a second photo. Default 0: Rekognition's scores at
   * 99 were not calibrated here, and scores below its search floor are not reported at all.
   */
  readonly secondPhotoBand?: number;
  /**
   * Verification asks Rekognition for matches down to this similarity, so the audit record has
   * a score even for a refused photo; below it the score is unknown (`null`). Default 80.
   */
  readonly scoreFloor?: number;
  /** SearchFacesByImage `MaxFaces`. Default (and most) 4096, so roster members are not crowded out. */
  readonly maxFaces?: number;
  /** Rekognition's own filter at indexing, on top of ours. Default AUTO. */
  readonly indexQualityFilter?: QualityFilter;
  readonly quality?: Partial<QualityPolicy>;
  readonly imageLimits?: Partial<ImageLimits>;
}

interface Probe {
  readonly jpeg: Uint8Array;
  readonly quality: FaceQuality;
}

export class RekognitionFaceEngine implements FaceEngine {
  readonly info: FaceEngineInfo = { name: 'rekognition', model: 'rekognition' };
  readonly threshold: number;
  readonly secondPhotoFrom: number;
  private readonly client: RekognitionClient;
  private readonly collectionId: string;
  private readonly scoreFloor: number;
  private readonly maxFaces: number;
  private readonly indexQualityFilter: QualityFilter;
  private readonly quality: QualityPolicy;
  private readonly imageLimits: ImageLimits;

  constructor(options: RekognitionFaceEngineOptions) {
    this.client = options.client;
    this.collectionId = options.collectionId;
    this.threshold = resolveThreshold(options.threshold, REKOGNITION_DEFAULT_THRESHOLD);
    this.scoreFloor = resolveThreshold(options.scoreFloor, 80);
    // A roster search reports nothing below the floor, so the grey zone cannot reach under it.
    this.secondPhotoFrom = Math.max(resolveSecondPhotoFrom(options.secondPhotoBand, 0, this.threshold), Math.min(this.scoreFloor, this.threshold));
    this.maxFaces = Math.min(options.maxFaces ?? REKOGNITION_MAX_FACES, REKOGNITION_MAX_FACES);
    this.indexQualityFilter = options.indexQualityFilter ?? 'AUTO';
    this.quality = resolveQualityPolicy(options.quality);
    this.imageLimits = resolveImageLimits(options.imageLimits);
  }

  async indexFace(subjectId: string, image: Uint8Array): Promise<IndexedFace> {
    assertSubjectId(subjectId);
    const probe = await this.analyse(image);
    const response = await this.call(
      () => this.client.send(new IndexFacesCommand({
        CollectionId: this.collectionId,
        Image: { Bytes: probe.jpeg },
        ExternalImageId: subjectId,
        MaxFaces: 1,
        QualityFilter: this.indexQualityFilter,
        DetectionAttributes: ['DEFAULT'],
      })),
      true,
    );
    const faceId = response.FaceRecords?.[0]?.Face?.FaceId;
    if (faceId === undefined) {
      const reasons = response.UnindexedFaces?.flatMap((face) => face.Reasons ?? []) ?? [];
      if (reasons.length === 0) throw new FaceImageRejected('FACE_NOT_FOUND', { engine: 'rekognition' });
      throw new FaceImageRejected(unindexedFaceProblem(reasons), { engine: 'rekognition', reasons });
    }
    return { subjectId, templateId: faceId, engine: this.engineFor(response.FaceModelVersion), quality: probe.quality };
  }

  /**
   * Rekognition searches the whole collection; a roster search (`candidates`) filters the answer
   * to the class. So that classmates are not crowded out by look-alikes elsewhere in a large
   * collection, a roster search asks for the most faces the API returns (4096) and only down to
   * the score floor: below it no score can decide anything (the identity threshold is above it),
   * and a lower floor would only fill the list with strangers. A caller's lower threshold (the
   * service asks for 0, "every candidate's score") therefore gets candidates down to the floor.
   * If the answer still fills `MaxFaces`, the list may be truncated and is refused
   * (`FaceSearchTruncated`) rather than decided on.
   */
  async searchFace(image: Uint8Array, options: FaceSearchOptions = {}): Promise<FaceSearchResult> {
    const threshold = resolveThreshold(options.threshold, this.threshold);
    const rosterSearch = options.candidates !== undefined;
    const searchThreshold = rosterSearch ? Math.max(threshold, Math.min(this.scoreFloor, this.threshold)) : threshold;
    const probe = await this.analyse(image);
    const { matches: found, modelVersion } = await this.search(probe, searchThreshold);
    if (rosterSearch && found.length >= this.maxFaces) throw new FaceSearchTruncated(found.length);
    const matches = rankMatches(found, { ...options, threshold });
    return { matches, best: matches[0], threshold, engine: this.engineFor(modelVersion), quality: probe.quality };
  }

  /**
   * Rekognition cannot compare a photo with one stored face, so 1:1 is a collection search
   * filtered to the subject. It cannot tell "not enrolled" from "not matched" either: the
   * service must check its own template record before calling this.
   */
  async verify(subjectId: string, image: Uint8Array, options: FaceVerifyOptions = {}): Promise<FaceVerification> {
    assertSubjectId(subjectId);
    const threshold = resolveThreshold(options.threshold, this.threshold);
    const probe = await this.analyse(image);
    const { matches, modelVersion } = await this.search(probe, Math.min(threshold, this.scoreFloor));
    const [best] = rankMatches(matches, { candidates: [subjectId], threshold: 0, maxMatches: 1 });
    return {
      subjectId,
      match: best !== undefined && best.similarity >= threshold,
      similarity: best?.similarity ?? null,
      threshold,
      templateId: best?.templateId,
      engine: this.engineFor(modelVersion),
      quality: probe.quality,
    };
  }

  async removeFace(template: FaceTemplateRef): Promise<void> {
    await this.deleteFaces([template.templateId]);
  }

  /** A face already gone counts as deleted; any other refusal (e.g. associated to a user) is a fault. */
  private async deleteFaces(faceIds: readonly string[]): Promise<void> {
    const response = await this.call(
      () => this.client.send(new DeleteFacesCommand({ CollectionId: this.collectionId, FaceIds: [...faceIds] })),
      false,
    );
    const failed = (response.UnsuccessfulFaceDeletions ?? []).filter((failure) => !failure.Reasons?.includes('FACE_NOT_FOUND'));
    if (failed.length > 0) {
      const detail = failed.map((failure) => `${failure.FaceId ?? '?'}: ${(failure.Reasons ?? []).join(', ')}`).join('; ');
      throw new Error(`Rekognition kept faces ${detail}`);
    }
  }

  /**
   * Consent withdrawn: every face indexed with `ExternalImageId` = subject, not only the one the
   * service recorded (an enrolment that failed after IndexFaces may have left another). ListFaces
   * cannot filter by ExternalImageId, so the collection is paged through (4096 faces a call) and
   * the subject's faces deleted; withdrawals are rare and handled asynchronously, which makes the
   * sweep affordable and complete.
   */
  async removeSubject(subjectId: string): Promise<void> {
    assertSubjectId(subjectId);
    const faceIds: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call(
        () => this.client.send(new ListFacesCommand({ CollectionId: this.collectionId, MaxResults: REKOGNITION_MAX_FACES, NextToken })),
        false,
      );
      for (const face of page.Faces ?? []) if (face.ExternalImageId === subjectId && face.FaceId !== undefined) faceIds.push(face.FaceId);
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    for (let start = 0; start < faceIds.length; start += REKOGNITION_MAX_FACES) {
      await this.deleteFaces(faceIds.slice(start, start + REKOGNITION_MAX_FACES));
    }
  }

  private async search(probe: Probe, faceMatchThreshold: number): Promise<{ matches: FaceMatch[]; modelVersion: string | undefined }> {
    const response = await this.call(
      () => this.client.send(new SearchFacesByImageCommand({
        CollectionId: this.collectionId,
        Image: { Bytes: probe.jpeg },
        FaceMatchThreshold: faceMatchThreshold,
        MaxFaces: this.maxFaces,
        QualityFilter: 'NONE', // our gates already decided the photo is good enough
      })),
      true,
    );
    return { matches: (response.FaceMatches ?? []).flatMap(toFaceMatch), modelVersion: response.FaceModelVersion };
  }

  private async analyse(bytes: Uint8Array): Promise<Probe> {
    const image = await decodeImage(bytes, this.imageLimits);
    const jpeg = await encodeJpeg(image);
    const response = await this.call(
      () => this.client.send(new DetectFacesCommand({ Image: { Bytes: jpeg }, Attributes: ['DEFAULT'] })),
      false,
    );
    const faces = (response.FaceDetails ?? []).flatMap((detail) => toDetectedFace(detail, image));
    const { quality } = await assessFaceQuality(image, faces, this.quality);
    return { jpeg, quality };
  }

  /** Runs one Rekognition call and translates its exceptions into ours. */
  private async call<Output>(send: () => Promise<Output>, operationTakesFace: boolean): Promise<Output> {
    try {
      return await send();
    } catch (error) {
      throw translateRekognitionError(error, operationTakesFace);
    }
  }

  private engineFor(modelVersion: string | undefined): FaceEngineInfo {
    return modelVersion === undefined ? this.info : { name: 'rekognition', model: `rekognition-face-model-${modelVersion}` };
  }
}

function toFaceMatch(match: RekognitionFaceMatch): FaceMatch[] {
  const subjectId = match.Face?.ExternalImageId;
  const templateId = match.Face?.FaceId;
  if (subjectId === undefined || templateId === undefined || match.Similarity === undefined) return [];
  return [{ subjectId, templateId, similarity: match.Similarity }];
}

/** Rekognition boxes are ratios of the image size, confidence is 0–100, pose is already in degrees. */
function toDetectedFace(detail: FaceDetail, image: DecodedImage): DetectedFace[] {
  const box = detail.BoundingBox;
  if (box?.Left === undefined || box.Top === undefined || box.Width === undefined || box.Height === undefined) return [];
  return [
    {
      box: { left: box.Left * image.width, top: box.Top * image.height, width: box.Width * image.width, height: box.Height * image.height },
      confidence: (detail.Confidence ?? 0) / 100,
      pose: { yaw: detail.Pose?.Yaw ?? 0, pitch: detail.Pose?.Pitch ?? 0, roll: detail.Pose?.Roll ?? 0 },
    },
  ];
}
