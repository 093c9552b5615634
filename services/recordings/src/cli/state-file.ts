import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';

/**
 * A few hundred bytes per upload on the school's computer, so that after a crash, a closed
 * laptop or a network cut the same command continues where it stopped. It is a cache: the
 * service (S3's list of parts) stays the authority on what has arrived.
 */
export const uploadStateSchema = z.object({
  version: z.literal(1),
  apiUrl: z.string(),
  sessionId: z.string(),
  filePath: z.string(),
  fileSize: z.number(),
  fileMtimeMs: z.number(),
  /** Idempotency-Key of the start request: a start retried after a cut gets the same recording. */
  startKey: z.string(),
  recordingId: z.string().optional(),
  partSize: z.number().optional(),
  partCount: z.number().optional(),
  /** Computed once per file version; hashing gigabytes again on every resume is wasted time. */
  sha256: z.string().optional(),
  /** Part number → ETag of parts S3 confirmed. */
  parts: z.record(z.string(), z.string()),
});
export type UploadState = z.infer<typeof uploadStateSchema>;

export interface FileIdentity {
  readonly apiUrl: string;
  readonly sessionId: string;
  readonly filePath: string;
  readonly fileSize: number;
  readonly fileMtimeMs: number;
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PEIXUN_UPLOAD_STATE_DIR ?? join(homedir(), '.peixun-upload');
}

/** One state file per (service, session, file path); a changed file (size or time) starts afresh. */
export class UploadStateFile {
  readonly path: string;
  private latest: UploadState | undefined;
  private writing: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    stateDir: string,
    private readonly identity: FileIdentity,
  ) {
    const digest = createHash('sha256')
      .update(JSON.stringify([identity.apiUrl, identity.sessionId, identity.filePath]))
      .digest('hex')
      .slice(0, 32);
    this.path = join(stateDir, `${digest}.json`);
  }

  /** The saved state if it belongs to this exact file version; anything else is ignored. */
  async load(): Promise<UploadState | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch {
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = uploadStateSchema.safeParse(json);
    if (!parsed.success) return undefined;
    const state = parsed.data;
    const same =
      state.apiUrl === this.identity.apiUrl &&
      state.sessionId === this.identity.sessionId &&
      state.filePath === this.identity.filePath &&
      state.fileSize === this.identity.fileSize &&
      state.fileMtimeMs === this.identity.fileMtimeMs;
    return same ? state : undefined;
  }

  /**
   * Queues a save and returns at once. Parts finish several times a second, so writes are
   * coalesced: at most one in flight, and the next one carries the latest state.
   */
  save(state: UploadState): void {
    this.latest = structuredClone(state);
    // Nobody awaits a queued save; a failed write is kept and reported by the next flush.
    this.writing ??= this.drain().catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Resolves once everything saved so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
  }

  async saveNow(state: UploadState): Promise<void> {
    this.save(state);
    await this.flush();
  }

  async remove(): Promise<void> {
    await this.flush();
    await rm(this.path, { force: true });
  }

  private async drain(): Promise<void> {
    try {
      while (this.latest !== undefined) {
        const state = this.latest;
        this.latest = undefined;
        await this.writeAtomically(state);
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Write-then-rename: a crash mid-write leaves the previous state, never half a file. */
  private async writeAtomically(state: UploadState): Promise<void> {
    await mkdir(join(this.path, '..'), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(state));
    await rename(temporary, this.path);
  }
}
