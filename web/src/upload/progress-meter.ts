/**
 * Speed and time left from the bytes sent over the last few seconds: a sliding window follows a
 * network that slows down or recovers, where an average since the start would not.
 */
export class ProgressMeter {
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly windowMs = 5_000) {}

  /** Records the total bytes sent at `at` (ms) and returns bytes per second over the window. */
  sample(bytes: number, at: number): number {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - this.windowMs) this.samples.shift();
    const first = this.samples[0];
    if (first === undefined || at - first.at < 250) return Number.NaN;
    return ((bytes - first.bytes) / (at - first.at)) * 1_000;
  }

  reset(): void {
    this.samples.splice(0);
  }
}
