/**
 * The README's "first ten minutes", replayed as written: `npm start` on a fresh data directory
 * (free ports), then every `sh first-ten-minutes` block of README.md in one bash, in order, as a
 * newcomer would paste them into one terminal: trainee, school, reviewer, the subsidy claims
 * (training claim, direct claim, decision, public list) and the payment run (batch, second
 * approver, export, bank answer, import, reconciliation). If a command rots, this fails; a code
 * block of the walk-through section that is not marked to be replayed fails it too.
 *
 * On the way it proves the runtime answers while it starts: the API port's first answer, before
 * DynamoDB Local is up, is 503 with Retry-After and a Chinese message, and `/_local/health` names
 * what is still starting.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BLOCK = /```sh first-ten-minutes\n([\s\S]*?)```/g;
const MARK = '::first-ten-minutes block::';

const README = (): string => readFileSync(join(REPO, 'README.md'), 'utf8');

/** The README's walk-through blocks, each ending with a marker line so their output can be told apart. */
function walkThrough(): string[] {
  return [...README().matchAll(BLOCK)].map((match) => match[1] ?? '');
}

/** Every fenced block of the "First ten minutes" section, by its info string: all must be replayed. */
function walkThroughFences(): string[] {
  const readme = README();
  const start = readme.indexOf('## First ten minutes');
  const end = readme.indexOf('\n## ', start + 1);
  return [...readme.slice(start, end === -1 ? undefined : end).matchAll(/^```(.*)$/gm)].map((match) => match[1] ?? '').filter((_, index) => index % 2 === 0);
}

let dataDir: string;
let env: NodeJS.ProcessEnv;
let api: string;
let start: ChildProcess;
let startOutput = '';
let firstAnswer: Response | undefined;
let firstHealth: unknown;
let startedInMs = 0;

async function waitForBanner(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!startOutput.includes('Ctrl-C')) {
    if (start.exitCode !== null) throw new Error(`npm start exited with ${start.exitCode}:\n${startOutput}`);
    if (Date.now() > deadline) throw new Error(`npm start not ready within ${timeoutMs} ms:\n${startOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first HTTP answer on the API port, polled from the moment `npm start` is spawned. */
async function firstAnswerOnPort(): Promise<void> {
  for (;;) {
    try {
      firstAnswer = await fetch(`${api}/classes`);
      firstHealth = await (await fetch(`${api}/_local/health`)).json();
      return;
    } catch {
      if (start.exitCode !== null) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'peixun-first-ten-minutes-'));
  const [apiPort, dynamodb, s3, events] = [await freePort(), await freePort(), await freePort(), await freePort()];
  api = `http://127.0.0.1:${apiPort}`;
  env = {
    ...process.env,
    PEIXUN_DATA_DIR: dataDir,
    PEIXUN_API_PORT: String(apiPort),
    PEIXUN_DYNAMODB_PORT: String(dynamodb),
    PEIXUN_S3_PORT: String(s3),
    PEIXUN_EVENTS_PORT: String(events),
  };
  delete env.PEIXUN_API_URL;
  const started = performance.now();
  // Its own process group, so stopping it reaches npm's child node and DynamoDB Local's java.
  start = spawn('npm', ['start'], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  start.stdout?.on('data', (chunk: Buffer) => (startOutput += chunk.toString()));
  start.stderr?.on('data', (chunk: Buffer) => (startOutput += chunk.toString()));
  await firstAnswerOnPort();
  await waitForBanner(110_000);
  startedInMs = performance.now() - started;
}, 130_000);

afterAll(async () => {
  if (start?.pid !== undefined) {
    const exited = start.exitCode === null ? new Promise((resolve) => start.once('exit', resolve)) : Promise.resolve();
    try {
      // The whole group, also when npm itself already exited: nothing it started may outlive the test.
      process.kill(-start.pid, 'SIGTERM');
    } catch {
      // The group is gone already.
    }
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('the README walk-through on a fresh `npm start`', () => {
  it('answers 503 with Retry-After and a Chinese message while starting; /_local/health names what is still starting', async () => {
    expect(firstAnswer?.status).toBe(503);
    expect(Number(firstAnswer?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await firstAnswer?.json()) as { message: string }).message).toMatch(/正在启动.*尚未就绪/);
    expect(firstHealth).toMatchObject({ status: 'starting', starting: expect.arrayContaining([{ part: 'demo', name: '演示数据' }]) });
    expect(await (await fetch(`${api}/_local/health`)).json()).toMatchObject({ status: 'ready', starting: [] });
  });

  it('prints the demo ids in the banner, the dev clock and how to get a new trainee login', () => {
    for (const key of ['DEMO_CLASS_ID', 'DEMO_SESSION_ID', 'DEMO_TEACHER_ID', 'DEMO_PENDING_CLASS_ID', 'DEMO_TRAINEE_ID']) expect(startOutput).toContain(key);
    expect(startOutput).toContain('/_local/clock');
    // More trainee logins than the two seeded ones: any trainee-<suffix>, or one made up by the token CLI.
    expect(startOutput).toContain('trainee-<');
    expect(startOutput).toContain('npm run -s token -- trainee --new');
  });

  it('every code block of the walk-through section is one this test replays', () => {
    const fences = walkThroughFences();
    expect(fences.length).toBe(8);
    expect(fences.filter((info) => info !== 'sh first-ten-minutes')).toEqual([]);
  });

  it('every block runs as written, and each does what the README says', async () => {
    const blocks = walkThrough();
    expect(blocks.length).toBe(8);
    const script = ['set -euo pipefail', ...blocks.map((block) => `${block}\necho '${MARK}'`)].join('\n');
    const started = performance.now();
    const run = spawn('bash', ['-c', script], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    const walkThroughMs = performance.now() - started;
    const [setup = '', trainee = '', claim = '', school = '', upload = '', reviewer = '', claims = '', payments = ''] = stdout.split(`${MARK}\n`);
    const demo = Object.fromEntries(
      [...readFileSync(join(dataDir, 'demo.env'), 'utf8').matchAll(/^export (DEMO_\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]),
    );

    expect(setup).toContain('"beijingTime":"');
    expect(trainee).toMatch(new RegExp(`"result":"PASSED"[^\\n]*"traineeId":"${demo.DEMO_TRAINEE_ID}"[^\\n]*"kind":"CHECK_IN"`));
    expect(trainee).toMatch(/"kind":"CHECK_OUT"/);
    expect(trainee).toContain('"sessionsByFace":1');
    expect(claim).toContain('"accountLinked":true');
    expect(school).toContain('"status":"APPROVED"');
    expect(school).toContain(`"result":"PASSED","recordId":`);
    expect(school).toContain(`"traineeId":"${demo.DEMO_TRAINEE_WANGFANG_ID}"`);
    expect(upload).toContain('录像上传完成');
    expect(upload).toMatch(new RegExp(`"sessionId":"${demo.DEMO_SESSION_ID}"[^}]*"status":"complete"`));
    expect(upload).toContain('姓名*,身份证号码*,手机号码*,人员类别*');
    expect(reviewer).toContain(demo.DEMO_PENDING_CLASS_ID);
    expect(reviewer).toMatch(new RegExp(`"classId":"${demo.DEMO_PENDING_CLASS_ID}"[^\\n]*"status":"APPROVED"`));
    expect(reviewer).toContain('"offsetSeconds":0');
    // Claims: three training lines pass their rule checks, both claims go on the public list, masked.
    expect(claims.match(/"status":"IN_REVIEW"/g)?.length, claims).toBe(3);
    expect(claims.match(/"status":"IN_DISCLOSURE"/g)?.length, claims).toBe(4);
    const listed = claims.split('\n').filter((line) => line.startsWith('{"claimId"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(listed, claims).toHaveLength(4);
    const zhang = demo.DEMO_ZHANGSAN_ID_NUMBER ?? '';
    expect(listed).toContainEqual(expect.objectContaining({ subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', name: '张*', idNumber: `${zhang.slice(0, 6)}********${zhang.slice(-4)}` }));
    expect(JSON.stringify(listed)).not.toContain(zhang);
    // Payments: maker's batch, checker's approval, bank answer imported, control totals = bank.
    expect(payments).toMatch(/"status":"SEALED"[^\n]*"totals":\{"count":3/);
    expect(payments).toMatch(/"status":"APPROVED"/);
    expect(payments).toContain('"alreadyImported":false,"applied":3');
    const reconciliation = JSON.parse(payments.slice(payments.lastIndexOf('{"control"')).trim()) as { control?: { count: number; sumFen: number }; bank?: { paidCount: number; paidSumFen: number }; byStatus?: Record<string, { count: number }> };
    expect(reconciliation.control?.count).toBe(3);
    expect((reconciliation.bank?.paidCount ?? 0) + (reconciliation.byStatus?.FAILED?.count ?? 0)).toBe(3);
    // Timings are figures, not assertions: under the suite's load they say nothing about a newcomer's machine.
    console.log(`first ten minutes: npm start ready in ${(startedInMs / 1_000).toFixed(1)} s; README walk-through (${blocks.length} blocks) in ${(walkThroughMs / 1_000).toFixed(1)} s; together ${((startedInMs + walkThroughMs) / 1_000).toFixed(1)} s`);
  }, 360_000);
});
