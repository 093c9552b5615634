import { httpHandler, viewUrlRoute, now } from '@peixun/shared';
import { viewLink } from '../app/view-recording';
import { recordingsDependencies, recordingStore, logger } from '../dependencies';
import { recordingOf } from './lookups';

/**
 * Every call is a viewing and is logged before the link is returned; so no Idempotency-Key
 * replay, which would hand out a link without a log entry.
 */
export const handler = httpHandler(
  viewUrlRoute,
  async ({ params, auth, correlationId }) => {
    const deps = recordingsDependencies();
    const recording = await recordingOf(deps, params.sessionId, params.recordingId);
    // No projected session, no area: only administrators pass the area check then (fail closed).
    const session = await deps.sessions.find(params.sessionId);
    const link = await viewLink(recordingStore(), recording, session?.areaCode ?? '', auth, now());
    await deps.views.record({ ...link.log, sessionId: recording.sessionId, viewerUsername: auth.username, correlationId });
    logger.info('recording viewed', { recordingId: recording.recordingId, viewer: auth.sub });
    return { body: { url: link.url, expiresAt: link.expiresAt.toISOString() } };
  },
  { logger },
);
