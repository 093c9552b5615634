import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { EventEnvelope } from '@peixun/shared';
import type { RuntimeLog } from '../log';

/** An accepted event and the subscriptions (`service.subscription`) it has not been delivered to yet. */
export interface PendingDelivery {
  event: EventEnvelope;
  targets: string[];
}

/** An event one subscription gave up on after its attempts, kept as an SQS dead-letter queue would keep it. */
export interface DeadLetter {
  event: EventEnvelope;
  service: string;
  subscription: string;
  function: string;
  attempts: number;
  error: { name: string; message: string };
  failedAt: string;
}

type JournalLine = { published: EventEnvelope; targets: string[] } | { settled: string; target: string } | { deadLetter: DeadLetter; target: string };

/** Rewritten with only what is still pending once this many lines have been appended. */
const COMPACT_AFTER_LINES = 5_000;

/**
 * The local bus's undelivered events on disk, so that a crash loses none it accepted: EventBridge
 * keeps an event it answered PutEvents for until its targets have it, and so does this file.
 *
 * An append-only file of JSON lines: `published` (the event and its matched subscriptions) is
 * written and synced before PutEvents answers, `settled` when one subscription has it,
 * `deadLetter` when one gave up on it after its attempts (kept, and written again on compaction). On open, whatever is published and not settled is pending
 * and delivered again: at least once, like EventBridge, and the consumers are idempotent. A line cut
 * short by a crash can only be the last one, written while PutEvents had not answered yet; it is
 * dropped. The file is compacted (temp file, sync, rename) on open and every few thousand lines.
 */
export class DeliveryJournal {
  readonly #pending = new Map<string, PendingDelivery>();
  readonly #deadLetters: DeadLetter[] = [];
  #fd: number | undefined;
  #lines = 0;

  private constructor(
    private readonly file: string,
    private readonly log: RuntimeLog,
  ) {}

  static open(file: string, log: RuntimeLog): DeliveryJournal {
    const journal = new DeliveryJournal(file, log);
    if (existsSync(file)) journal.#replay(readFileSync(file, 'utf8'));
    journal.#compact();
    return journal;
  }

  /** Deliveries a previous run accepted and did not finish, oldest first. */
  get pending(): readonly PendingDelivery[] {
    return [...this.#pending.values()].map(({ event, targets }) => ({ event, targets: [...targets] }));
  }

  /** Dead letters of this and earlier runs, oldest first. */
  get deadLetters(): readonly DeadLetter[] {
    return [...this.#deadLetters];
  }

  /** Records an accepted event on disk (synced) before it is acknowledged; throws once the journal is closed. */
  published(event: EventEnvelope, targets: readonly string[]): void {
    if (targets.length === 0) return;
    this.#append({ published: event, targets: [...targets] }, true);
    this.#pending.set(event.id, { event, targets: [...targets] });
  }

  /** One subscription has the event. Not synced: a lost line means one more delivery. */
  settled(eventId: string, target: string): void {
    if (this.#fd === undefined) return; // stopped meanwhile: the next start delivers it again
    if (!this.#settle(eventId, target)) return;
    this.#append({ settled: eventId, target }, false);
    if (this.#lines >= COMPACT_AFTER_LINES) this.#compact();
  }

  /** One subscription gave up on the event: no more deliveries to it, and the dead letter is kept (synced). */
  deadLettered(deadLetter: DeadLetter, target: string): void {
    if (this.#fd === undefined) return; // stopped meanwhile: the next start delivers it again
    this.#settle(deadLetter.event.id, target);
    this.#deadLetters.push(deadLetter);
    this.#append({ deadLetter, target }, true);
    if (this.#lines >= COMPACT_AFTER_LINES) this.#compact();
  }

  /** Takes one subscription off an event's pending list; false when it was not on it. */
  #settle(eventId: string, target: string): boolean {
    const pending = this.#pending.get(eventId);
    if (pending === undefined) return false;
    pending.targets = pending.targets.filter((candidate) => candidate !== target);
    if (pending.targets.length === 0) this.#pending.delete(eventId);
    return true;
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #append(line: JournalLine, sync: boolean): void {
    if (this.#fd === undefined) throw new Error('The local event bus has stopped: its delivery journal is closed');
    writeSync(this.#fd, `${JSON.stringify(line)}\n`);
    if (sync) fdatasyncSync(this.#fd);
    this.#lines += 1;
  }

  #replay(content: string): void {
    const lines = content.split('\n').filter((line) => line !== '');
    lines.forEach((text, index) => {
      let line: JournalLine;
      try {
        line = JSON.parse(text) as JournalLine;
      } catch {
        if (index < lines.length - 1) throw new Error(`${this.file}: line ${index + 1} is not JSON`);
        this.log.warn(`事件投递日志的最后一行不完整，已忽略（该事件未被确认）/ delivery journal: last line cut short by a crash, ignored (never acknowledged)`);
        return;
      }
      if ('published' in line) this.#pending.set(line.published.id, { event: line.published, targets: line.targets });
      else if ('settled' in line) this.#settle(line.settled, line.target);
      else {
        this.#settle(line.deadLetter.event.id, line.target);
        this.#deadLetters.push(line.deadLetter);
      }
    });
  }

  /** Rewrites the file with the dead letters and the pending deliveries only; a crash meanwhile leaves the old or the new file whole. */
  #compact(): void {
    this.close();
    const temp = `${this.file}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    for (const deadLetter of this.#deadLetters) writeSync(fd, `${JSON.stringify({ deadLetter, target: `${deadLetter.service}.${deadLetter.subscription}` })}\n`);
    for (const { event, targets } of this.#pending.values()) writeSync(fd, `${JSON.stringify({ published: event, targets })}\n`);
    fdatasyncSync(fd);
    closeSync(fd);
    renameSync(temp, this.file);
    this.#fd = openSync(this.file, 'a', 0o600);
    this.#lines = this.#deadLetters.length + this.#pending.size;
  }
}
