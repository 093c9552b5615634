/**
 * Trainee.FaceConsentWithdrawn (PIPL Art. 15: consent may be withdrawn as easily as it was given;
 * Art. 47: the data is then deleted). In this order, so that a failure half-way leaves nothing
 * usable and the redelivered event finishes the job (every step is idempotent):
 * 1. the projection marks the trainee withdrawn: from now on face enrolment and face checks are
 *    refused (`FACE_CONSENT_WITHDRAWN`) and an enrolment racing with this event cannot store its
 *    template (its write is conditional on the mark being absent);
 * 2. the enrolment record goes, so the template takes part in no check-in or duplicate search;
 * 3. the engine deletes every template of the trainee (Rekognition: every face indexed with the
 *    trainee's ExternalImageId; embedded: the sealed template in the store);
 * 4. the reference photos are deleted now rather than at the end of the retention.
 * Attendance already recorded stays (Art. 28: attendance records are audit facts), and check
 * photos expire with the usual retention. The manual, non-face path remains open.
 */
import type { PhotoDependencies } from '../dependencies';
import type { FaceEngine } from '../face';
import { referencePhotoPrefix } from './enroll-face';

export interface WithdrawFaceConsentCommand {
  readonly traineeId: string;
  readonly withdrawnAt: string;
}

export async function withdrawFaceConsent(deps: PhotoDependencies, engine: FaceEngine, command: WithdrawFaceConsentCommand): Promise<{ referencePhotosDeleted: number }> {
  await deps.projection.withdrawFaceConsent(command.traineeId, command.withdrawnAt);
  await deps.faces.delete(command.traineeId);
  await engine.removeSubject(command.traineeId);
  const referencePhotosDeleted = await deps.photos.deleteUnder(deps.photos.keyFor(referencePhotoPrefix(command.traineeId)));
  return { referencePhotosDeleted };
}
