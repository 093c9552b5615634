/**
 * The time every function of the local runtime reads through `now()`: the system time moved by
 * an offset, so time keeps running from a set moment as it would. Local only; AWS has no such
 * thing (nothing there sets the offset).
 */
export class DevClock {
  #offsetMs = 0;

  constructor(private readonly apply: (offsetMs: number) => void) {}

  /** Moves the clock to `at`, from which it runs on; `undefined` returns to the system time. */
  set(at: Date | undefined): void {
    this.#offsetMs = at === undefined ? 0 : at.getTime() - Date.now();
    this.apply(this.#offsetMs);
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }
}
