import { decideReplacementRoute, httpHandler, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { toReplacementView } from '../app/replacement-view';
import { recordingsDependencies, logger, type RecordingsDependencies } from '../dependencies';
import { RecordingError } from '../domain/errors';
import { decide, type ReplacementRequest } from '../domain/replacement';
import { assertMayView } from '../domain/viewing';
import { sessionOf } from './lookups';

type Expected = { sessionId: string; recordingId: string; requestId: string };
type Decision = Parameters<typeof decide>[2];

async function judge(deps: RecordingsDependencies, expected: Expected, decision: Decision): Promise<{ request: ReplacementRequest; unchanged: boolean }> {
  return decide(await deps.replacements.find(expected.sessionId, expected.requestId), expected, decision);
}

/**
 * A reviewer of the class's area approves or rejects a pending replacement request, with a note.
 * The write is conditional on `requested`: of two decisions at once one lands; the other reads the
 * result again and answers it when it is its own (a retry), else 409.
 */
export const handler = httpHandler(
  decideReplacementRoute,
  async ({ params, body, auth }) => {
    const deps = recordingsDependencies();
    const session = await sessionOf(deps, params.sessionId);
    assertMayView(auth, session.areaCode);
    const expected = { sessionId: params.sessionId, recordingId: params.recordingId, requestId: body.requestId };
    const decision = { decision: body.decision, note: body.note, reviewer: auth.username, at: now() };
    const judged = await judge(deps, expected, decision);
    if (judged.unchanged) return { body: toReplacementView(judged.request) };
    try {
      await deps.replacements.decide(judged.request);
    } catch (error) {
      if (!(error instanceof RecordingError && error.code === 'RECORDING_REPLACEMENT_NOT_PENDING')) throw error;
      return { body: toReplacementView((await judge(deps, expected, decision)).request) };
    }
    logger.info('recording replacement decided', { requestId: body.requestId, sessionId: params.sessionId, decision: body.decision });
    return { body: toReplacementView(judged.request) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
