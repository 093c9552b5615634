/**
 * The time the domain judges by. Rules such as "a class starts on the day of its first session"
 * or "completes after its last session ended" need a clock that tests can move: the local runtime
 * shifts it for every invocation (`runtime.setClock`), so HTTP tests reach time-dependent success
 * paths without waiting for a date or faking timers inside the handler's worker.
 *
 * In AWS nothing ever sets the offset, so `now()` is the system time. Production code imports only
 * `now` (from `@peixun/shared`); the setter lives behind the `@peixun/shared/clock` subpath, which
 * only the local runtime's worker imports.
 */
let offsetMs = 0;

/** The current instant, shifted by the offset a local runtime may have set (0 in AWS). */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/**
 * Shifts `now()` by `ms` for this process (or worker thread). Local runtime only: the function
 * host sends the runtime's offset with each invocation and the worker applies it here first.
 */
export function setClockOffset(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`Clock offset must be a finite number of milliseconds, got ${ms}`);
  offsetMs = Math.trunc(ms);
}
