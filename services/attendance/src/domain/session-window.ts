/**
 * When a check is accepted. Check-in: from `checkInOpensBeforeMinutes` before the start until the
 * end; check-out: from `checkOutOpensBeforeEndMinutes` before the end until
 * `checkOutClosesAfterEndMinutes` after it (a class that overruns a little must not lose the day).
 */
export interface WindowPolicy {
  readonly checkInOpensBeforeMinutes: number;
  readonly checkOutOpensBeforeEndMinutes: number;
  readonly checkOutClosesAfterEndMinutes: number;
}

export const DEFAULT_WINDOW_POLICY: WindowPolicy = {
  checkInOpensBeforeMinutes: 30,
  checkOutOpensBeforeEndMinutes: 30,
  checkOutClosesAfterEndMinutes: 30,
};

export type CheckKind = 'CHECK_IN' | 'CHECK_OUT';

const MINUTE = 60_000;

export function checkWindow(kind: CheckKind, session: { startsAt: string; endsAt: string }, policy: WindowPolicy): { opens: Date; closes: Date } {
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  return kind === 'CHECK_IN'
    ? { opens: new Date(start - policy.checkInOpensBeforeMinutes * MINUTE), closes: new Date(end) }
    : { opens: new Date(end - policy.checkOutOpensBeforeEndMinutes * MINUTE), closes: new Date(end + policy.checkOutClosesAfterEndMinutes * MINUTE) };
}

export function isWithinWindow(kind: CheckKind, session: { startsAt: string; endsAt: string }, now: Date, policy: WindowPolicy): boolean {
  const { opens, closes } = checkWindow(kind, session, policy);
  return now.getTime() >= opens.getTime() && now.getTime() <= closes.getTime();
}
