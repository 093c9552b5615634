import { httpHandler, newId, now, requestReplacementRoute, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { ReplacementAlreadyOpen } from '../adapters/replacement-repository';
import { toReplacementView } from '../app/replacement-view';
import { assertOwnInstitution } from '../app/start-upload';
import { recordingsDependencies, logger } from '../dependencies';
import { recordingReplacementPending } from '../domain/errors';
import { isSameRequest, newReplacementRequest } from '../domain/replacement';
import { callerOf, recordingOf, sessionOf } from './lookups';

/**
 * The school asks to replace a completed recording, with its reason. One open request per session
 * (sentinel); the same request sent again without `Idempotency-Key` answers the open one.
 */
export const handler = httpHandler(
  requestReplacementRoute,
  async ({ params, body, auth }) => {
    const deps = recordingsDependencies();
    assertOwnInstitution(await sessionOf(deps, params.sessionId), callerOf(auth));
    const recording = await recordingOf(deps, params.sessionId, params.recordingId);
    const request = newReplacementRequest({ requestId: newId('rpl'), recording, reason: body.reason, requestedBy: auth.username, at: now() });
    try {
      await deps.replacements.open(request);
    } catch (error) {
      if (!(error instanceof ReplacementAlreadyOpen)) throw error;
      const open = error.open;
      if (open?.status === 'requested' && isSameRequest(open, params.recordingId, auth.username, body.reason)) return { body: toReplacementView(open) };
      throw recordingReplacementPending(params.sessionId, open?.requestId ?? '');
    }
    logger.info('recording replacement requested', { requestId: request.requestId, sessionId: request.sessionId, recordingId: request.recordingId });
    return { body: toReplacementView(request) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
