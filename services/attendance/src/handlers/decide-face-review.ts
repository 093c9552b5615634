import { decideFaceReviewRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { attendanceDependencies, faceEngine, logger } from '../dependencies';
import { FaceReviewNotPending } from '../domain/errors';

/** A reviewer clears a blocked template (different people after all) or rejects it (the template is deleted). */
export const handler = httpHandler(
  decideFaceReviewRoute,
  async ({ params, body, auth, assertAccess }) => {
    const { faces } = await attendanceDependencies();
    const pending = await faces.get(params.traineeId);
    if (pending === undefined) throw new FaceReviewNotPending(params.traineeId);
    // Whether a review is pending is the area's business only.
    assertAccess({ areaCode: pending.areaCode }, '只能处理本辖区的记录。');
    if (pending.status !== 'BLOCKED_DUPLICATE') throw new FaceReviewNotPending(params.traineeId);
    const decided = await faces.decide(params.traineeId, body.decision === 'APPROVE' ? 'ACTIVE' : 'REJECTED', auth.sub, body.reason);
    if (decided === undefined) throw new FaceReviewNotPending(params.traineeId);
    if (decided.status === 'REJECTED') {
      await (await faceEngine()).removeFace({ subjectId: decided.traineeId, templateId: decided.templateId });
    }
    logger.info('face review decided', { traineeId: decided.traineeId, status: decided.status });
    return { body: { traineeId: decided.traineeId, status: decided.status } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
