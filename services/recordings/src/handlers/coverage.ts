import { httpHandler, NotFound, recordingCoverageRoute } from '@peixun/shared';
import { recordingsDependencies, logger } from '../dependencies';
import { assertMayRead } from '../domain/access';
import { classCoverage } from '../domain/coverage';
import { recordingRequirement } from '../domain/recording-requirement';

/** Sessions Art. 24 does not ask to film, and cancelled ones, are left out of the coverage. */
export const handler = httpHandler(
  recordingCoverageRoute,
  async ({ params, auth }) => {
    const deps = recordingsDependencies();
    const sessions = await deps.sessions.ofClass(params.classId);
    const first = sessions[0];
    if (first === undefined) throw new NotFound('班次', params.classId);
    assertMayRead(auth, first);
    const filmed = sessions.filter((session) => !session.cancelled && recordingRequirement(session.recording).kind === 'VIDEO');
    const recordings = await deps.recordings.ofClass(params.classId);
    const coverage = classCoverage(
      filmed.map((session) => ({
        sessionId: session.sessionId,
        window: { start: session.startsAt, end: session.endsAt },
        segments: recordings.filter((recording) => recording.sessionId === session.sessionId),
      })),
      { toleranceSeconds: deps.config.gapToleranceSeconds },
    );
    return {
      body: {
        classId: params.classId,
        counts: coverage.counts,
        // classCoverage keeps the order of its input, so index i is filmed[i].
        sessions: coverage.sessions.map((session, index) => ({ ...session, gaps: [...session.gaps], startsAt: filmed[index]?.startsAt ?? '', endsAt: filmed[index]?.endsAt ?? '' })),
      },
    };
  },
  { logger },
);
