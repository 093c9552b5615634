/**
 * Nothing acknowledged is lost on a crash (issue 13, item 4). The real runtime (`npm start`'s entry,
 * on a temporary data directory and free ports) takes a burst of concurrent trainee registrations
 * and is killed with SIGKILL in the middle of it, twice:
 *
 * 1. only the runtime's node process, as the OOM killer would: DynamoDB Local's JVM is left without
 *    its parent and must not survive it, nor keep the next start from running;
 * 2. the whole process group, node and JVM together, as a power cut would.
 *
 * After each kill the runtime restarts on the same data directory. At the end, every registration
 * answered 201 must be readable (GET /trainees/{id}), and its `Trainee.Registered` event, relayed
 * from enrollment's outbox over the local bus, must have reached both subscribers (the attendance
 * and payments projections, read from DynamoDB Local), and one engine at most may run on the data
 * directory. Prints `acknowledged writes lost = N; events lost = M`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/src/local-aws';
import { residentId as idNumberIn } from '../../services/enrollment/test/support/issue3-fixtures';
import { freePort } from '../support/free-port';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DEV_PASSWORD = 'peixun-dev';
/** Concurrent registrations in flight; the kill comes once this many more have been acknowledged. */
const CONCURRENCY = 6;
const ACKS_BEFORE_KILL = 20;

interface Acknowledged {
  traineeId: string;
  idNumber: string;
}

class RunningSystem {
  output = '';
  readonly child: ChildProcess;

  constructor(env: NodeJS.ProcessEnv) {
    // Its own process group (like a terminal's job), so the second kill reaches node and java at once.
    this.child = spawn(process.execPath, ['--import', 'tsx', 'local/src/main.ts'], {
      cwd: REPO,
      env: { ...env, MALLOC_ARENA_MAX: '2' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('runtime not started');
    return this.child.pid;
  }

  async ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('Ctrl-C')) {
      if (this.child.exitCode !== null) throw new Error(`the runtime exited with ${this.child.exitCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the runtime was not ready within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  exited(): Promise<void> {
    return this.child.exitCode !== null || this.child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => this.child.once('exit', () => resolve()));
  }
}

/** Pids of DynamoDB Local JVMs whose command line names this data directory (Linux: /proc). */
function enginesOn(dataDir: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return commandLine.includes('java') && commandLine.includes(dataDir);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

let dataDir: string | undefined;
const systems: RunningSystem[] = [];

afterAll(async () => {
  for (const system of systems) {
    try {
      process.kill(-system.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
  if (dataDir !== undefined) {
    // A JVM that outlived its runtime (the failure this test looks for) must not outlive the test.
    for (const pid of enginesOn(dataDir)) process.kill(pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('a crash during a write burst', () => {
  it('loses no acknowledged write and no relayed event across kill -9 and restart', { timeout: 600_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'peixun-crash-'));
    const [apiPort, dynamodbPort, s3Port, eventsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const api = `http://127.0.0.1:${apiPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PEIXUN_DATA_DIR: dataDir,
      PEIXUN_API_PORT: String(apiPort),
      PEIXUN_DYNAMODB_PORT: String(dynamodbPort),
      PEIXUN_S3_PORT: String(s3Port),
      PEIXUN_EVENTS_PORT: String(eventsPort),
    };
    delete env.PEIXUN_API_URL;
    // No demo world: this test needs only school1's login, and seeding it takes most of a start.
    writeFileSync(join(dataDir, 'demo-seeded'), '{}\n');
    const acknowledged: Acknowledged[] = [];

    const began = performance.now();
    const phase = (what: string) => console.log(`crash test, ${((performance.now() - began) / 1_000).toFixed(0)} s: ${what}`);
    const start = async (): Promise<RunningSystem> => {
      const system = new RunningSystem(env);
      systems.push(system);
      await system.ready();
      phase(`runtime ${systems.length} ready`);
      return system;
    };

    const token = async (): Promise<string> => {
      const response = await fetch(`${api}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'school1', password: DEV_PASSWORD }),
      });
      return ((await response.json()) as { idToken: string }).idToken;
    };

    /** Registers trainees CONCURRENCY at a time until `kill` is called (after ACKS_BEFORE_KILL more 201s). */
    const burst = async (birth: string, kill: () => void): Promise<void> => {
      const bearer = `Bearer ${await token()}`;
      let sequence = 0;
      let acknowledgedHere = 0;
      let killed = false;
      const worker = async () => {
        while (!killed && sequence < 1_000) {
          const idNumber = idNumberIn('440305', birth, sequence++);
          let response: Response;
          try {
            response = await fetch(`${api}/trainees`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: bearer },
              body: JSON.stringify({
                idNumber,
                name: '王五',
                phone: '13912345678',
                targetGroups: ['RURAL_MIGRANT_WORKER'],
                biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
              }),
            });
          } catch {
            return; // the connection died with the runtime: not acknowledged
          }
          if (response.status !== 201) {
            // A refusal is a broken test; a 5xx (a cold worker timing out on a loaded machine) is simply not acknowledged.
            if (response.status < 500 && !killed) throw new Error(`registration answered ${response.status}: ${await response.text()}`);
            continue;
          }
          acknowledged.push({ idNumber, traineeId: ((await response.json()) as { traineeId: string }).traineeId });
          acknowledgedHere += 1;
          if (acknowledgedHere === ACKS_BEFORE_KILL && !killed) {
            killed = true;
            kill();
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };

    // 1. The OOM killer's way: the runtime's node process alone; its JVM loses its parent.
    const first = await start();
    await burst('19880717', () => process.kill(first.pid, 'SIGKILL'));
    await first.exited();
    phase(`node killed after ${acknowledged.length} acknowledged`);

    // 2. A power cut's way: the whole group, node and JVM at once, after a restart on the same directory.
    const second = await start();
    expect(enginesOn(dataDir).length).toBeLessThanOrEqual(1);
    await burst('19920301', () => process.kill(-second.pid, 'SIGKILL'));
    await second.exited();
    phase(`process group killed after ${acknowledged.length} acknowledged`);

    await start();
    expect(enginesOn(dataDir).length).toBeLessThanOrEqual(1);

    // Every acknowledged write is readable.
    const bearer = `Bearer ${await token()}`;
    const lostWrites: Array<Acknowledged & { status: number }> = [];
    const read = async (trainee: Acknowledged): Promise<void> => {
      let status = 0;
      // 404 is a lost write; a 5xx (a cold worker timing out on a loaded machine, restarted cold again) is asked again.
      for (let attempt = 0; attempt < 10 && status !== 200 && status !== 404; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
        status = (await fetch(`${api}/trainees/${trainee.traineeId}`, { headers: { authorization: bearer } })).status;
      }
      if (status !== 200) lostWrites.push({ ...trainee, status });
    };
    const [firstAcknowledged, ...others] = acknowledged;
    if (firstAcknowledged !== undefined) await read(firstAcknowledged); // warms the worker up alone
    for (let index = 0; index < others.length; index += CONCURRENCY) await Promise.all(others.slice(index, index + CONCURRENCY).map(read));

    phase(`${lostWrites.length} of ${acknowledged.length} acknowledged writes missing`);
    // Every acknowledged registration's Trainee.Registered reaches attendance and payments (delivery is asynchronous: allow a while).
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: `http://127.0.0.1:${dynamodbPort}` });
    const projected = async (table: string, sk: string, traineeId: string): Promise<boolean> =>
      (await dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `TRAINEE#${traineeId}` }, sk: { S: sk } } }))).Item !== undefined;
    let undelivered: string[] = [];
    const deadline = Date.now() + 60_000;
    do {
      undelivered = [];
      for (const { traineeId } of acknowledged) {
        if (!(await projected('peixun-attendance', 'PROFILE', traineeId))) undelivered.push(`attendance:${traineeId}`);
        if (!(await projected('peixun-payments', 'TRAINEE', traineeId))) undelivered.push(`payments:${traineeId}`);
      }
      if (undelivered.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    } while (undelivered.length > 0 && Date.now() < deadline);
    dynamodb.destroy();
    // Deliveries that failed every attempt (cold workers timing out on a loaded machine) are dead letters, not crash losses; shown apart.
    const adminToken = await fetch(`${api}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEV_PASSWORD }),
    }).then(async (response) => ((await response.json()) as { idToken: string }).idToken);
    const deadLetters = ((await (await fetch(`${api}/_local/dead-letters`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as {
      deadLetters: { function: string; error: { name: string; message: string } }[];
    }).deadLetters;
    const causes = new Map<string, number>();
    for (const letter of deadLetters) {
      const cause = `${letter.function}: ${letter.error.name}: ${letter.error.message.slice(0, 200)}`;
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
    phase(`${deadLetters.length} dead letters${[...causes].map(([cause, count]) => `\n  ${count} × ${cause}`).join('')}`);

    console.log(
      `crash test: ${acknowledged.length} registrations acknowledged over 2 kills; acknowledged writes lost = ${lostWrites.length}; events lost = ${undelivered.length}`,
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(2 * ACKS_BEFORE_KILL);
    expect(lostWrites).toEqual([]);
    expect(undelivered).toEqual([]);
  });
});
