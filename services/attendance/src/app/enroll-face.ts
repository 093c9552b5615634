/**
 * Face enrolment: only with the trainee's separate consent (recorded at registration). Before
 * the template is indexed, the photo is searched across every enrolled identity: a hit means
 * one person may hold two ID numbers, so the new template is kept but blocked
 * (`BLOCKED_DUPLICATE`) until a reviewer decides, and `Face.DuplicateSuspected` is written to the
 * outbox with the anomaly it announces.
 */
import { createHash } from 'node:crypto';
import { faceDuplicateSuspected, Forbidden, hasRole, outboxItem, type AuthContext } from '@peixun/shared';
import type { FaceStatus } from '../adapters/face-enrollment-repository';
import type { PhotoDependencies } from '../dependencies';
import { FaceConsentMissing, FaceConsentWithdrawn, TraineeUnknown } from '../domain/errors';
import type { FaceEngine } from '../face';
import { ownTraineeId } from './access';
import { photoContentType } from './photo';

/** Where a trainee's reference photos are kept (under the expiring `raw/`), so a withdrawal can delete them all. */
export const referencePhotoPrefix = (traineeId: string): string => `references/${traineeId}/`;

export interface EnrollFaceCommand {
  readonly traineeId: string;
  readonly photo: Uint8Array;
  readonly auth: AuthContext;
  readonly now: Date;
}

export async function enrollFace(deps: PhotoDependencies, engine: FaceEngine, command: EnrollFaceCommand): Promise<{ traineeId: string; status: FaceStatus }> {
  const { projection, faces } = deps;
  const { traineeId } = command;
  const classes = await Promise.all((await projection.classIdsOf(traineeId)).map((classId) => projection.getClass(classId)));
  if (hasRole(command.auth, 'institution')) {
    if (!classes.some((cls) => cls !== undefined && cls.institutionId === command.auth.institutionId)) {
      throw new Forbidden('只能为本机构班次的学员采集人脸。');
    }
  } else if ((await ownTraineeId(command.auth, projection)) !== traineeId) {
    throw new Forbidden('学员只能采集本人的人脸。');
  }
  const trainee = await projection.getTrainee(traineeId);
  if (trainee?.faceConsentWithdrawnAt !== undefined) throw new FaceConsentWithdrawn(traineeId);
  if (trainee === undefined) throw new TraineeUnknown(traineeId);
  if (trainee.biometricConsentAt === undefined) throw new FaceConsentMissing(traineeId);

  const previous = await faces.get(traineeId);
  const duplicates = await engine.searchFace(command.photo, {
    exclude: [traineeId],
    ...(deps.config.duplicateThreshold === undefined ? {} : { threshold: deps.config.duplicateThreshold }),
  });
  const indexed = await engine.indexFace(traineeId, command.photo);

  const imageHash = createHash('sha256').update(command.photo).digest('hex');
  const areaCode = classes.find((cls) => cls !== undefined)?.approvingAreaCode ?? trainee.regionCode;
  const matchingTraineeIds = duplicates.matches.map((match) => match.subjectId);
  const status: FaceStatus = matchingTraineeIds.length > 0 ? 'BLOCKED_DUPLICATE' : 'ACTIVE';
  const enrolledAt = command.now.toISOString();
  const stored = await faces.putWhileConsented({
    traineeId,
    templateId: indexed.templateId,
    status,
    engine: indexed.engine.name,
    model: indexed.engine.model,
    imageHash,
    enrolledAt,
    areaCode,
    ...(status === 'BLOCKED_DUPLICATE' ? { duplicateOf: matchingTraineeIds } : {}),
  });
  if (!stored) {
    // Consent was withdrawn while the photo was indexed: what was just indexed must not stay.
    await engine.removeFace(indexed);
    throw new FaceConsentWithdrawn(traineeId);
  }
  // A new reference replaces the old one; the old template must not keep matching.
  if (previous !== undefined && previous.templateId !== indexed.templateId) {
    await engine.removeFace({ subjectId: traineeId, templateId: previous.templateId });
  }
  await deps.photos.put(deps.photos.keyFor(referencePhotoPrefix(traineeId) + imageHash), command.photo, photoContentType(command.photo));
  if (status === 'BLOCKED_DUPLICATE') {
    await deps.anomalies.record({ kind: 'DUPLICATE_FACE', areaCode, traineeId, otherTraineeIds: matchingTraineeIds, detectedAt: enrolledAt }, (anomaly) => [
      outboxItem(faceDuplicateSuspected, { traineeId, matchingTraineeIds, areaCode, anomalyId: anomaly.anomalyId, detectedAt: enrolledAt }, command.now),
    ]);
  }
  return { traineeId, status };
}
