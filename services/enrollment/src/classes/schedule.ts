import { epochMs, shanghaiInstant } from '../reference/calendar';
import type { SessionPlan } from './class-application';

/** A session placed on the time line: local fields plus the instants events carry. */
export interface TimedSession extends SessionPlan {
  readonly startsAt: string;
  readonly endsAt: string;
  readonly startMs: number;
  readonly endMs: number;
}

export function timeSession(session: SessionPlan): TimedSession {
  const startsAt = shanghaiInstant(session.date, session.start);
  const endsAt = shanghaiInstant(session.date, session.end);
  return { ...session, startsAt, endsAt, startMs: epochMs(startsAt), endMs: epochMs(endsAt) };
}

/** Half-open intervals: a session ending at 12:00 and one starting at 12:00 do not overlap. */
export function intervalsOverlap(a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

export function sessionLabel(session: Pick<SessionPlan, 'date' | 'start' | 'end' | 'topic'>): string {
  return `${session.date} ${session.start}—${session.end}「${session.topic}」`;
}

export function sortByStart<T extends { startMs: number }>(sessions: readonly T[]): T[] {
  return [...sessions].sort((a, b) => a.startMs - b.startMs);
}

/** First start and last end of a teaching plan, as the lifecycle keeps them for timing rules. */
export function scheduleSpan(sessions: readonly SessionPlan[]): { firstSessionStartsAt: string; lastSessionEndsAt: string } {
  const timed = sessions.map(timeSession);
  if (timed.length === 0) throw new Error('A teaching plan without sessions has no span');
  const first = timed.reduce((a, b) => (b.startMs < a.startMs ? b : a));
  const last = timed.reduce((a, b) => (b.endMs > a.endMs ? b : a));
  return { firstSessionStartsAt: first.startsAt, lastSessionEndsAt: last.endsAt };
}
