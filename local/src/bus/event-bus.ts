import { setTimeout as sleep } from 'node:timers/promises';
import type { EventEnvelope, EventPattern, ServiceManifest } from '@peixun/shared';
import { matchesEventPattern, validateEventPattern } from '@peixun/shared';
import type { RuntimeLog } from '../log';
import type { DeadLetter, DeliveryJournal } from './delivery-journal';

export type { DeadLetter } from './delivery-journal';

/** One manifest subscription: an EventBridge rule with a Lambda target in AWS. */
export interface BusTarget {
  service: string;
  subscription: string;
  function: string;
  patterns: readonly EventPattern[];
}

/** Lambda retries a failed asynchronous invocation twice; locally the waits are short. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500 };

/**
 * A consumer's idempotency record left "in progress" by an invocation that never finished (the
 * runtime was killed during it) refuses the event until it expires, at the end of that
 * invocation's timeout. Lambda's own retries come after one and three minutes, past any such
 * record of a 30 s consumer; locally the bus waits for it instead, without counting those
 * refusals as attempts, for at most Lambda's longest timeout.
 */
const IN_PROGRESS_POLL_MS = 2_000;
const IN_PROGRESS_WAIT_LIMIT_MS = 15 * 60_000;
const refusedAsInProgress = (error: unknown): boolean =>
  error instanceof Error && error.message.includes('IdempotencyAlreadyInProgressError');

export type Invoke = (service: string, fn: string, event: EventEnvelope) => Promise<unknown>;
export type EventListener = (event: EventEnvelope) => void;

export interface WaitForOptions {
  timeoutMs?: number;
  /** Also match events published before the call (default), so a test cannot miss a fast one. */
  includePast?: boolean;
}

/** Enough history to look back at a session; older events fall off. */
const ARCHIVE_LIMIT = 1_000;

export function targetsOf(manifests: readonly ServiceManifest[]): BusTarget[] {
  return manifests.flatMap((manifest) =>
    manifest.subscriptions.map((subscription) => ({
      service: manifest.name,
      subscription: subscription.name,
      function: subscription.function,
      patterns: subscription.events.map((contract) => contract.pattern),
    })),
  );
}

function assertValidPattern(pattern: EventPattern): void {
  const problems = validateEventPattern(pattern);
  if (problems.length > 0) throw new Error(`Invalid event pattern: ${problems.join('; ')}`);
}

/** How the delivery journal names a target: one subscription of one service. */
const targetKey = (target: BusTarget): string => `${target.service}.${target.subscription}`;

const describeError = (error: unknown): { name: string; message: string } =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };

/**
 * The local EventBridge bus: routes every published event to the subscribed functions by the
 * contracts' patterns, asynchronously and at least once (retries with backoff, then a dead-letter
 * list as the SQS DLQ would hold), and lets tests watch the traffic. With a journal (a data
 * directory), an accepted event stays on disk until each of its subscriptions has it, and `resume`
 * delivers what a previous run (killed, or stopped during retries) had not.
 */
export class LocalEventBus {
  readonly #archive: EventEnvelope[] = [];
  readonly #deadLetters: DeadLetter[];
  readonly #listeners = new Set<{ pattern: EventPattern; listener: EventListener }>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stopped = new AbortController();

  constructor(
    private readonly targets: readonly BusTarget[],
    private readonly invoke: Invoke,
    private readonly log: RuntimeLog,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly journal?: DeliveryJournal,
  ) {
    targets.forEach((target) => target.patterns.forEach(assertValidPattern));
    // As an SQS dead-letter queue keeps its messages, a restart keeps the dead letters of earlier runs.
    this.#deadLetters = [...(journal?.deadLetters ?? [])];
  }

  /** Published events, oldest first (the last 1000). */
  get events(): readonly EventEnvelope[] {
    return this.#archive;
  }

  get deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters;
  }

  /**
   * Accepts an event: on disk first when there is a journal (so PutEvents acknowledges only what a
   * crash cannot take back; throws once the bus has stopped), then delivered asynchronously.
   */
  publish(event: EventEnvelope): void {
    const matched = this.targets.filter((target) => target.patterns.some((pattern) => matchesEventPattern(pattern, event)));
    this.journal?.published(event, matched.map(targetKey));
    this.#archive.push(event);
    if (this.#archive.length > ARCHIVE_LIMIT) this.#archive.shift();
    for (const { pattern, listener } of this.#listeners) {
      if (!matchesEventPattern(pattern, event)) continue;
      try {
        listener(event);
      } catch (error) {
        this.log.error('事件监听器出错 / event listener threw', error);
      }
    }
    this.log.info(
      `事件 ${event.source} ${event['detail-type']} (${event.id}) → ${matched.map((t) => `${t.service}.${t.function}`).join(', ') || '无订阅 / no subscribers'}`,
    );
    for (const target of matched) this.#track(this.#deliver(target, event));
  }

  /**
   * Delivers again what the journal holds from a previous run, to the subscriptions that had not got
   * it; a subscription gone from the manifests since is settled with a warning.
   */
  resume(): void {
    for (const { event, targets } of this.journal?.pending ?? []) {
      for (const key of targets) {
        const target = this.targets.find((candidate) => targetKey(candidate) === key);
        if (target === undefined) {
          this.log.warn(`订阅 ${key} 已不存在，事件 ${event.id} 不再投递给它 / subscription ${key} no longer exists: event ${event.id} dropped for it`);
          this.journal?.settled(event.id, key);
          continue;
        }
        this.log.info(`重新投递上次运行未送达的事件 ${event.source} ${event['detail-type']} (${event.id}) → ${target.service}.${target.function} / redelivered after a restart`);
        this.#track(this.#deliver(target, event));
      }
    }
  }

  subscribe(pattern: EventPattern, listener: EventListener): () => void {
    assertValidPattern(pattern);
    const entry = { pattern, listener };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  waitFor(pattern: EventPattern, options: WaitForOptions = {}): Promise<EventEnvelope> {
    const { timeoutMs = 5_000, includePast = true } = options;
    const past = includePast ? this.#archive.find((event) => matchesEventPattern(pattern, event)) : undefined;
    if (past !== undefined) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`No event matching ${JSON.stringify(pattern)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.subscribe(pattern, (event) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(event);
      });
    });
  }

  /** Resolves once every delivery started so far has succeeded or been dead-lettered. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /**
   * Stops retrying; deliveries still waiting for their next attempt are abandoned (kept in the
   * journal, if any, for the next start), and the journal is closed.
   */
  stop(): void {
    this.#stopped.abort();
    this.journal?.close();
  }

  #track(delivery: Promise<void>): void {
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
  }

  async #deliver(target: BusTarget, event: EventEnvelope): Promise<void> {
    let lastError: unknown;
    const waitForInProgressUntil = Date.now() + IN_PROGRESS_WAIT_LIMIT_MS;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (this.#stopped.signal.aborted) return;
      try {
        await this.invoke(target.service, target.function, event);
        this.journal?.settled(event.id, targetKey(target));
        return;
      } catch (error) {
        lastError = error;
        if (refusedAsInProgress(error) && Date.now() < waitForInProgressUntil) {
          attempt -= 1;
          try {
            await sleep(IN_PROGRESS_POLL_MS, undefined, { signal: this.#stopped.signal });
          } catch {
            return; // the bus stopped while waiting
          }
          continue;
        }
        if (attempt < this.retry.attempts) {
          const delay = this.retry.baseDelayMs * 2 ** (attempt - 1);
          this.log.warn(
            `投递失败，${delay} ms 后重试（第 ${attempt}/${this.retry.attempts} 次）/ delivery of ${event.id} to ${target.service}.${target.function} failed, retrying: ${describeError(error).message}`,
          );
          try {
            await sleep(delay, undefined, { signal: this.#stopped.signal });
          } catch {
            return; // the bus stopped while waiting
          }
        }
      }
    }
    const deadLetter: DeadLetter = {
      event,
      service: target.service,
      subscription: target.subscription,
      function: target.function,
      attempts: this.retry.attempts,
      error: describeError(lastError),
      failedAt: new Date().toISOString(),
    };
    this.#deadLetters.push(deadLetter);
    this.journal?.deadLettered(deadLetter, targetKey(target));
    this.log.error(
      `事件 ${event.id} 投递 ${this.retry.attempts} 次均失败，已转入死信列表 / dead-lettered after ${this.retry.attempts} attempts (${target.service}.${target.subscription})`,
      lastError,
    );
  }
}
