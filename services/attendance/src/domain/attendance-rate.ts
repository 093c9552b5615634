/**
 * A session counts for a trainee when both a face check-in and a face check-out exist, or when a
 * reviewer confirmed a manual record. Manual sessions are counted apart so that supervision can
 * see how much of the attendance rests on the non-face path.
 */
import type { TraineeAttendance } from '@peixun/shared';

export const DEFAULT_COMPLETION_PERCENT = 80;

export interface SessionFacts {
  readonly sessionId: string;
  readonly checkedIn: ReadonlySet<string>;
  readonly checkedOut: ReadonlySet<string>;
  readonly manualConfirmed: ReadonlySet<string>;
}

export function attendanceOf(traineeId: string, sessions: readonly SessionFacts[], thresholdPercent: number): TraineeAttendance {
  let byFace = 0;
  let byManual = 0;
  for (const session of sessions) {
    if (session.checkedIn.has(traineeId) && session.checkedOut.has(traineeId)) byFace += 1;
    else if (session.manualConfirmed.has(traineeId)) byManual += 1;
  }
  const total = sessions.length;
  // One decimal place is enough for a rate shown to people; the completion test uses the exact ratio.
  const ratePercent = total === 0 ? 0 : Math.round(((byFace + byManual) * 1000) / total) / 10;
  return {
    traineeId,
    sessionsTotal: total,
    sessionsByFace: byFace,
    sessionsByManual: byManual,
    ratePercent,
    completed: total > 0 && (byFace + byManual) * 100 >= thresholdPercent * total,
  };
}
