import { outboxItem, recordingMissing, now as clockNow } from '@peixun/shared';
import { recordingsDependencies, logger } from '../dependencies';
import { isRecordingMissing } from '../domain/missing-recording';
import { recordingRequirement } from '../domain/recording-requirement';

/**
 * Runs on a schedule (manifest `schedules`): every session whose end lies further back than the
 * grace period and that is still on the missing-check list gets its verdict. Art. 24 sessions
 * without a verified recording raise `Recording.Missing` once; either way the session leaves the
 * list. The event's outbox item is written in the same transaction that takes the session off the
 * list, so the event exists exactly when the verdict does. The scheduled event itself carries
 * nothing this needs.
 */
export async function handler(): Promise<{ checked: number; missing: number }> {
  const deps = recordingsDependencies();
  const now = clockNow();
  const graceHours = deps.config.missingGraceHours;
  const due = await deps.sessions.awaitingMissingCheck(new Date(now.getTime() - graceHours * 3_600_000));
  let missing = 0;
  for (const session of due) {
    const recordings = await deps.recordings.ofSession(session.sessionId);
    const isMissing = isRecordingMissing({
      requirement: recordingRequirement(session.recording),
      sessionEndsAt: session.endsAt,
      now,
      graceHours,
      segmentStatuses: recordings.map((recording) => recording.status),
    });
    const events = isMissing
      ? [
          outboxItem(
            recordingMissing,
            {
              sessionId: session.sessionId,
              classId: session.classId,
              institutionId: session.institutionId,
              approvingAreaCode: session.areaCode,
              sessionStartsAt: session.startsAt,
              sessionEndsAt: session.endsAt,
              graceHours,
              detectedAt: now.toISOString(),
            },
            now,
          ),
        ]
      : [];
    const settled = await deps.sessions.settleMissingCheck(session, isMissing ? 'RAISED' : 'NOT_MISSING', now, events);
    if (settled && isMissing) missing += 1;
  }
  logger.info('missing recordings checked', { checked: due.length, missing });
  return { checked: due.length, missing };
}
