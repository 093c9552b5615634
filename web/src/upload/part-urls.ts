/**
 * The presigned PUT URLs of an upload's parts, asked of the recordings service in batches (it signs
 * up to `maxPerRequest` parts at once) and kept until a minute before they expire. Workers that ask
 * at the same moment for parts one request covers wait for that request: the parallel workers all
 * start together, and each used to ask for its own batch of (nearly) the same URLs.
 */
export interface SignedParts {
  urls: ReadonlyArray<{ partNumber: number; url: string }>;
  expiresAt: string;
}

export interface PartUrlsOptions {
  /** Signs parts `from`..`to` (inclusive). */
  sign(from: number, to: number): Promise<SignedParts>;
  maxPerRequest: number;
  /** The parts this run still sends, ascending: a batch reaches no further than the next `maxPerRequest` of them. */
  missing: readonly number[];
  now?: () => number;
}

/** A URL this close to its expiry is signed again rather than risked on a part still to be sent. */
const EXPIRY_MARGIN_MS = 60_000;

export class PartUrls {
  private readonly urls = new Map<number, { url: string; expiresAt: number }>();
  private readonly signing = new Set<{ from: number; to: number; done: Promise<void> }>();
  private readonly now: () => number;

  constructor(private readonly options: PartUrlsOptions) {
    this.now = options.now ?? Date.now;
  }

  async urlFor(partNumber: number): Promise<string> {
    const fresh = this.fresh(partNumber);
    if (fresh !== undefined) return fresh;
    const covering = [...this.signing].find((request) => request.from <= partNumber && partNumber <= request.to);
    if (covering !== undefined) {
      await covering.done;
      const signed = this.fresh(partNumber);
      if (signed !== undefined) return signed;
    }
    await this.signFrom(partNumber);
    const url = this.urls.get(partNumber)?.url;
    if (url === undefined) throw new Error(`no URL for part ${partNumber}`);
    return url;
  }

  /** The part's URL was refused (expired): the next ask signs it again. */
  forget(partNumber: number): void {
    this.urls.delete(partNumber);
  }

  private fresh(partNumber: number): string | undefined {
    const cached = this.urls.get(partNumber);
    return cached !== undefined && cached.expiresAt - EXPIRY_MARGIN_MS > this.now() ? cached.url : undefined;
  }

  private async signFrom(partNumber: number): Promise<void> {
    const { maxPerRequest, missing } = this.options;
    const wanted = missing.filter((n) => n >= partNumber).slice(0, maxPerRequest);
    const to = Math.min(partNumber + maxPerRequest - 1, Math.max(partNumber, ...wanted));
    const done = this.options.sign(partNumber, to).then((signed) => {
      const expiresAt = Date.parse(signed.expiresAt);
      for (const entry of signed.urls) this.urls.set(entry.partNumber, { url: entry.url, expiresAt });
    });
    const request = { from: partNumber, to, done };
    this.signing.add(request);
    try {
      await done;
    } finally {
      this.signing.delete(request);
    }
  }
}
