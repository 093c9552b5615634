import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { RuntimeLog } from '../log';

/**
 * The sequence number of the last record settled (relayed, or passed by the outbox filter) per
 * table stream and shard, kept in one small JSON file in the data directory so that a restart
 * resumes where the last run stopped instead of passing over what it had not relayed yet.
 *
 * One entry per table, holding the stream it belongs to: a checkpoint counts only for the table's
 * current `LatestStreamArn`, so one of an earlier stream (the table was re-created) is ignored and
 * replaced. The file is rewritten whole (temp file + rename), so a stop at any moment leaves either
 * the previous or the new checkpoints, never half a file.
 */
const CheckpointFile = z.object({
  version: z.literal(1),
  tables: z.record(
    z.string(),
    z.object({
      streamArn: z.string(),
      shards: z.record(z.string(), z.string().regex(/^\d{21,40}$/)),
    }),
  ),
});
type CheckpointFile = z.infer<typeof CheckpointFile>;

export class StreamCheckpoints {
  #tables: CheckpointFile['tables'];
  #dirty = false;

  private constructor(
    private readonly file: string,
    tables: CheckpointFile['tables'],
  ) {
    this.#tables = tables;
  }

  /** A missing file means no checkpoints yet; an unreadable one is reported and treated the same way. */
  static load(file: string, log: RuntimeLog): StreamCheckpoints {
    if (!existsSync(file)) return new StreamCheckpoints(file, {});
    try {
      return new StreamCheckpoints(file, CheckpointFile.parse(JSON.parse(readFileSync(file, 'utf8'))).tables);
    } catch (error) {
      log.warn(`发件箱检查点文件无法读取，视为没有检查点 / outbox checkpoint file unreadable, starting without checkpoints: ${file} (${error instanceof Error ? error.name : String(error)})`);
      return new StreamCheckpoints(file, {});
    }
  }

  /** The table's checkpoints by shard id, or undefined when none are kept for this stream of the table. */
  of(table: string, streamArn: string): ReadonlyMap<string, string> | undefined {
    const entry = this.#tables[table];
    return entry === undefined || entry.streamArn !== streamArn ? undefined : new Map(Object.entries(entry.shards));
  }

  /** Replaces the table's checkpoints (written by the next `flush`). */
  set(table: string, streamArn: string, shards: ReadonlyMap<string, string>): void {
    const entry = { streamArn, shards: Object.fromEntries(shards) };
    if (JSON.stringify(this.#tables[table]) === JSON.stringify(entry)) return;
    this.#tables = { ...this.#tables, [table]: entry };
    this.#dirty = true;
  }

  /** Writes the file if anything changed: temp file, synced, then renamed over the old one. */
  flush(): void {
    if (!this.#dirty) return;
    const content: CheckpointFile = { version: 1, tables: this.#tables };
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fdatasyncSync(fd);
    closeSync(fd);
    renameSync(temp, this.file);
    this.#dirty = false;
  }
}
