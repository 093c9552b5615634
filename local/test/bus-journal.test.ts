/**
 * Issue 13: the local bus keeps what it accepted on disk until every subscription has it, and a
 * restart delivers the rest (at least once, like EventBridge); one runtime per data directory.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '@peixun/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { DeliveryJournal } from '../src/bus/delivery-journal';
import { LocalEventBus, type BusTarget } from '../src/bus/event-bus';
import { DataDirInUseError, lockDataDir } from '../src/data-dir-lock';
import { silentLog, type RuntimeLog } from '../src/log';

const dir = mkdtempSync(join(tmpdir(), 'peixun-bus-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(dir, `journal-${++files}.jsonl`);

const targets: BusTarget[] = [
  { service: 'attendance', subscription: 'projection', function: 'project', patterns: [{ source: ['peixun.enrollment'] }] },
  { service: 'payments', subscription: 'trainees', function: 'projectTrainees', patterns: [{ source: ['peixun.enrollment'] }] },
];
const retry = { attempts: 2, baseDelayMs: 1 };

const event = (id: string): EventEnvelope => ({
  version: '0',
  id,
  'detail-type': 'Trainee.Registered',
  source: 'peixun.enrollment',
  account: '000000000000',
  time: '2026-12-03T00:00:00Z',
  region: 'cn-northwest-1',
  resources: [],
  detail: { traineeId: id },
});

const warnings = (): RuntimeLog & { seen: string[] } => {
  const seen: string[] = [];
  return { ...silentLog, warn: (message) => seen.push(message), seen };
};

describe('the local bus with a delivery journal', () => {
  it('delivers after a restart what a killed run had accepted but not delivered, to the subscriptions that lacked it only', async () => {
    const file = freshFile();
    const delivered: string[] = [];
    // payments never answers in the first run: the process is "killed" with that delivery open.
    const first = new LocalEventBus(
      targets,
      (service, _fn, e) => (service === 'payments' ? new Promise(() => {}) : Promise.resolve(delivered.push(`${service}:${e.id}`))),
      silentLog,
      retry,
      DeliveryJournal.open(file, silentLog),
    );
    first.publish(event('e1'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(delivered).toEqual(['attendance:e1']);

    const journal = DeliveryJournal.open(file, silentLog);
    expect(journal.pending).toEqual([{ event: event('e1'), targets: ['payments.trainees'] }]);
    const second = new LocalEventBus(targets, async (service, _fn, e) => void delivered.push(`${service}:${e.id}`), silentLog, retry, journal);
    second.resume();
    await second.settled();
    expect(delivered).toEqual(['attendance:e1', 'payments:e1']);
    second.stop();
    expect(DeliveryJournal.open(file, silentLog).pending).toEqual([]);
  });

  it('keeps a delivery abandoned by a stop during its retries for the next start', async () => {
    const file = freshFile();
    const bus = new LocalEventBus(targets.slice(0, 1), () => Promise.reject(new Error('down')), silentLog, { attempts: 3, baseDelayMs: 60_000 }, DeliveryJournal.open(file, silentLog));
    bus.publish(event('e2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    bus.stop();
    await bus.settled();
    expect(DeliveryJournal.open(file, silentLog).pending.map((pending) => pending.event.id)).toEqual(['e2']);
  });

  it('settles a dead-lettered delivery: it is not retried forever across restarts, and the dead letter outlives the restart', async () => {
    const file = freshFile();
    const bus = new LocalEventBus(targets.slice(0, 1), () => Promise.reject(new Error('bug')), silentLog, retry, DeliveryJournal.open(file, silentLog));
    bus.publish(event('e3'));
    await bus.settled();
    expect(bus.deadLetters).toHaveLength(1);
    bus.stop();
    const reopened = DeliveryJournal.open(file, silentLog);
    expect(reopened.pending).toEqual([]);
    const restarted = new LocalEventBus(targets.slice(0, 1), async () => {}, silentLog, retry, reopened);
    expect(restarted.deadLetters).toEqual([expect.objectContaining({ event: event('e3'), service: 'attendance', subscription: 'projection', error: { name: 'Error', message: 'bug' } })]);
    restarted.stop();
    // Compaction on open writes it again: a second restart still has it, once.
    expect(DeliveryJournal.open(file, silentLog).deadLetters.map((letter) => letter.event.id)).toEqual(['e3']);
  });

  it('refuses an event once stopped (PutEvents answers 500, so the outbox relays it again), instead of acknowledging it unkept', () => {
    const bus = new LocalEventBus(targets, async () => {}, silentLog, retry, DeliveryJournal.open(freshFile(), silentLog));
    bus.stop();
    expect(() => bus.publish(event('e4'))).toThrow(/stopped/);
  });

  it('drops a last line cut short by a crash (never acknowledged) and a subscription gone since, saying so', async () => {
    const file = freshFile();
    const bus = new LocalEventBus(targets, () => new Promise(() => {}), silentLog, retry, DeliveryJournal.open(file, silentLog));
    bus.publish(event('e5'));
    appendFileSync(file, '{"published":{"version":"0","id":"e6"');
    const log = warnings();
    const journal = DeliveryJournal.open(file, log);
    expect(journal.pending.map((pending) => pending.event.id)).toEqual(['e5']);
    const delivered: string[] = [];
    const next = new LocalEventBus(targets.slice(0, 1), async (service) => void delivered.push(service), log, retry, journal);
    next.resume();
    await next.settled();
    expect(delivered).toEqual(['attendance']);
    expect(log.seen.join('\n')).toMatch(/cut short[\s\S]*payments\.trainees no longer exists/);
    next.stop();
    expect(DeliveryJournal.open(file, silentLog).pending).toEqual([]);
    // Events hold personal data: the owner's only.
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});

describe('one runtime per data directory', () => {
  it('refuses a second runtime on a directory in use, and takes over the lock of one that was killed', () => {
    const lockFile = join(dir, 'runtime.pid');
    const release = lockDataDir(dir, lockFile);
    expect(() => lockDataDir(dir, lockFile)).toThrow(DataDirInUseError);
    release();

    // A runtime killed with kill -9 leaves its lock behind, naming a pid that no longer runs.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockFile, `${gone.stdout}\n`);
    const releaseAgain = lockDataDir(dir, lockFile);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
    releaseAgain();
  });
});

describe('the local bus and an idempotency record left in progress by a killed run', () => {
  it('waits for the record to expire instead of dead-lettering the event after three quick attempts', async () => {
    let refusals = 0;
    const bus = new LocalEventBus(
      targets.slice(0, 1),
      async () => {
        // As the consumer's idempotency layer refuses while the killed invocation's record is live.
        if (refusals < 2) {
          refusals += 1;
          throw new Error('peixun-attendance-project: IdempotencyAlreadyInProgressError: There is already an execution in progress');
        }
      },
      silentLog,
      { attempts: 1, baseDelayMs: 1 },
    );
    bus.publish(event('in-progress'));
    await bus.settled();
    expect(refusals).toBe(2);
    expect(bus.deadLetters).toEqual([]);
    bus.stop();
  }, 20_000);
});
