import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsOf } from '../src/bundling';
import { enrollmentManifest } from '@peixun/enrollment/manifest';

const FIXTURE = new URL('./fixtures/stack-traces/throwing-handler.ts', import.meta.url).pathname;
/** Where `throw` and the calls stand in the fixture (line:column, 1-based). */
const THROW_AT = 'infra/test/fixtures/stack-traces/throwing-handler.ts:3:26';
const RECURSE_AT = 'infra/test/fixtures/stack-traces/throwing-handler.ts:4:10';
const CALL_AT = 'infra/test/fixtures/stack-traces/throwing-handler.ts:9:5';

/** The fixture's stack, from a fresh Node process that imports the bundle with no flags (as Lambda runs it). */
function stackOf(bundle: string): string {
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', 'const { handler } = await import(process.argv[1]); process.stdout.write(handler());', pathToFileURL(bundle).href],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  return child.stdout;
}

describe('stack traces of a minified bundle (bundle-stack-traces, injected by infra)', () => {
  let dir: string;
  const options = { ...esbuildOptionsOf(enrollmentManifest.functions.getTrainee!), entryPoints: [FIXTURE] };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peixun-stack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('point at the TypeScript file, line and column, read from the .map beside the bundle when a stack is formatted', async () => {
    await build({ ...options, outfile: join(dir, 'mapped/index.mjs'), logLevel: 'silent' });
    const stack = stackOf(join(dir, 'mapped/index.mjs'));
    const frames = stack.split('\n');
    expect(frames[0]).toBe('Error: 第三层失败');
    expect(frames[1]).toContain(`/${THROW_AT})`);
    expect(frames[2]).toContain(`/${RECURSE_AT})`);
    expect(frames[4]).toContain(`/${CALL_AT})`);
    expect(stack).not.toContain('index.mjs');
  });

  it('keep the bundle positions when the .map is missing, instead of failing to format', async () => {
    await build({ ...options, outfile: join(dir, 'unmapped/index.mjs'), sourcemap: false, logLevel: 'silent' });
    const frames = stackOf(join(dir, 'unmapped/index.mjs')).split('\n');
    expect(frames[0]).toBe('Error: 第三层失败');
    expect(frames[1]).toMatch(/unmapped\/index\.mjs:\d+:\d+\)$/);
  });
});
