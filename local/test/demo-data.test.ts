import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorld, type DemoFiles } from '../src/demo/seed';
import type { DemoContext, DemoStep } from '../src/demo/step';
import { DemoWorld } from '../src/demo/world';

/**
 * The seed's orchestration: steps in order, once per data directory, the world's ids kept for
 * later starts. The real world (every step against every service) is proved by the README
 * walk-through test (test/e2e/first-ten-minutes.e2e.test.ts).
 */
let dir: string;
let sequence = 0;
const files = (): DemoFiles => {
  sequence += 1;
  return { marker: join(dir, `demo-seeded-${sequence}`), shellEnv: join(dir, `demo-${sequence}.env`) };
};
// The steps below never call the API; a runtime is still part of their context.
const runtime = {} as DemoContext['runtime'];

const step = (name: string, run: DemoStep['run']): DemoStep => ({ name, run });
const remembering = (key: string, value: string): DemoStep => step(key, async ({ world }) => void world.remember(key, value, `${key} 的说明`));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peixun-demo-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('demo world seed', () => {
  it('runs the steps in order, each reading what earlier ones remembered, and keeps the ids for later starts', async () => {
    const target = files();
    const steps = [remembering('DEMO_CLASS_ID', 'cls_1'), step('session', async ({ world }) => void world.remember('DEMO_SESSION_ID', `${world.get('DEMO_CLASS_ID')}-am`, '课次'))];
    const first = await seedDemoWorld(runtime, target, { steps, at: new Date('2026-12-02T01:00:00Z') });
    expect(first.outcome).toBe('seeded');
    expect(first.world.get('DEMO_SESSION_ID')).toBe('cls_1-am');
    expect(readFileSync(target.shellEnv, 'utf8')).toContain("export DEMO_SESSION_ID='cls_1-am'");

    const failing = [step('must not run', async () => Promise.reject(new Error('ran twice')))];
    const again = await seedDemoWorld(runtime, target, { steps: failing });
    expect(again.outcome).toBe('already-seeded');
    expect(again.world.facts).toEqual(first.world.facts);
  });

  it('a failing step is named, and nothing is marked seeded (the next start tries again)', async () => {
    const target = files();
    const steps = [remembering('DEMO_A', 'a'), step('project and job demand', async () => Promise.reject(new Error('422')))];
    await expect(seedDemoWorld(runtime, target, { steps })).rejects.toThrow(/project and job demand/);
    expect(existsSync(target.marker)).toBe(false);
  });

  it('a marker from before the world was recorded still counts as seeded', async () => {
    const target = files();
    writeFileSync(target.marker, '2026-11-30T10:00:00.000Z\n');
    expect(await seedDemoWorld(runtime, target, { steps: [remembering('DEMO_A', 'a')] })).toMatchObject({ outcome: 'already-seeded' });
  });

  it('the seed runs on the Beijing date: 20:00 UTC is already the next day there', async () => {
    let today = '';
    await seedDemoWorld(runtime, files(), { steps: [step('today', async (context) => void (today = context.today))], at: new Date('2026-12-02T20:00:00Z') });
    expect(today).toBe('2026-12-03');
  });

  it('facts are shell variables, quoted so any value survives `source`', () => {
    const world = new DemoWorld();
    expect(() => world.remember('classId', 'x', '…')).toThrow(/DEMO_/);
    world.remember('DEMO_NAME', "O'Brien 的班", '名称');
    expect(world.toShell()).toContain(`export DEMO_NAME='O'\\''Brien 的班'`);
  });
});
