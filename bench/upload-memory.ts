/**
 * Where a benchmark process's memory goes, phase by phase: a peak RSS alone does not say whether
 * the runtime's baseline, the upload protocol or the verification's reads are to blame.
 */
export interface MemoryPeak {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export class PhaseMemory {
  private phase = 'baseline';
  private readonly peaks = new Map<string, MemoryPeak>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Samples once more, so a short phase is seen at least at its end, then moves on. */
  enter(phase: string): void {
    this.sample();
    this.phase = phase;
  }

  report(): Record<string, MemoryPeak> {
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  private sample(): void {
    const now = process.memoryUsage();
    const peak = this.peaks.get(this.phase);
    this.peaks.set(this.phase, {
      rss: Math.max(peak?.rss ?? 0, now.rss),
      heapUsed: Math.max(peak?.heapUsed ?? 0, now.heapUsed),
      external: Math.max(peak?.external ?? 0, now.external),
      arrayBuffers: Math.max(peak?.arrayBuffers ?? 0, now.arrayBuffers),
    });
  }
}
