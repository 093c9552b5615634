import type { RecordingsApi, SignedPartUrls } from './api-client';

interface CachedUrl {
  readonly url: string;
  readonly localExpiresAtMs: number;
}

/**
 * Presigned part URLs, fetched in batches and signed again whenever they are about to expire or
 * S3 refuses one. Concurrent workers asking for URLs of the same batch share one request.
 */
export class PartUrlCache {
  private readonly urls = new Map<number, CachedUrl>();
  private readonly inflight = new Map<number, { to: number; done: Promise<void> }>();

  constructor(
    private readonly api: Pick<RecordingsApi, 'partUrls'>,
    private readonly sessionId: string,
    private readonly recordingId: string,
    private readonly partCount: number,
    private readonly batchSize: number,
    /** A URL this close to expiry is not used: a part takes time to send. */
    private readonly marginMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(partNumber: number): Promise<string> {
    const cached = this.usable(partNumber);
    if (cached !== undefined) return cached;
    const covering = [...this.inflight.entries()].find(([from, batch]) => from <= partNumber && partNumber <= batch.to);
    if (covering !== undefined) {
      await covering[1].done;
      const fresh = this.usable(partNumber);
      if (fresh !== undefined) return fresh;
    }
    await this.fetchBatch(partNumber);
    // Freshly signed: used even if the service's clock makes it look short-lived; S3 has the last word.
    const fetched = this.urls.get(partNumber);
    if (fetched === undefined) throw new Error(`the service returned no URL for part ${partNumber}`);
    return fetched.url;
  }

  private usable(partNumber: number): string | undefined {
    const cached = this.urls.get(partNumber);
    return cached !== undefined && cached.localExpiresAtMs - this.marginMs > this.now() ? cached.url : undefined;
  }

  /** S3 refused this URL: forget it and every URL signed with it, so they are all signed again. */
  reject(url: string): void {
    const rejected = [...this.urls.values()].find((cached) => cached.url === url);
    if (rejected === undefined) return;
    for (const [partNumber, cached] of this.urls) {
      if (cached.localExpiresAtMs <= rejected.localExpiresAtMs) this.urls.delete(partNumber);
    }
  }

  private async fetchBatch(from: number): Promise<void> {
    const to = Math.min(this.partCount, from + this.batchSize - 1);
    const done = this.api.partUrls(this.sessionId, this.recordingId, from, to).then((signed: SignedPartUrls) => {
      for (const { partNumber, url } of signed.urls) this.urls.set(partNumber, { url, localExpiresAtMs: signed.localExpiresAtMs });
    });
    this.inflight.set(from, { to, done });
    try {
      await done;
    } finally {
      this.inflight.delete(from);
    }
  }
}
