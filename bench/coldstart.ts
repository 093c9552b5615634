/**
 * Cold-start benchmark (issue 14): bundles every Lambda function with infra's own esbuild options
 * (`infra/src/bundling.ts`, the options NodejsFunction is given), then for each function prints
 *   - the bundle's bytes, raw and gzipped, and its largest contributors (esbuild's metafile);
 *   - its init time: `import()` of the bundle until `handler` is exported, measured inside a fresh
 *     Node process, the median of N processes run one at a time, without and with the
 *     NODE_OPTIONS infra sets for the few functions with Node flags of their own (source maps are
 *     not a flag: the bundle reads its `.map` when a stack is first formatted);
 *   - the same for the unbundled TypeScript source (imported through tsx, as the local runtime
 *     does; tsx's transform cache is warmed first), and the ratio bundled ÷ unbundled.
 * The environment is the one infra gives the function in AWS (placeholder names and ARNs); no
 * AWS call is made at init.
 *
 *   npm run bench:coldstart [-- --filter enrollment] [--runs 5] [--no-source] [--no-init]
 *
 * `--filter` keeps functions whose `service.function` id contains one of the comma-separated
 * words; `--no-init` prints sizes only (seconds instead of the full run's ~18 processes per
 * function). Targets: every bundle ≤ 250 KB, init ≤ 100 ms median.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { FACE_ENGINE_ENV, IDENTITY_AUTHORITY_ENV, RESOURCE_ENV } from '@peixun/shared';
import { nodeOptionsOf } from '../infra/src/bundling';
import { bundleFunctions, contributorsOf, deployedFunctionsOf, type DeployedFunction } from '../infra/src/function-bundles';
import { serviceManifests } from '../services/manifests';

const ROOT = new URL('../', import.meta.url).pathname;
/** Inside the repository so that the native modules left out of a bundle resolve from node_modules. */
const OUT = join(ROOT, 'node_modules/.cache/peixun-coldstart');
const KB = 1024;

const { values } = parseArgs({
  options: {
    filter: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'no-source': { type: 'boolean', default: false },
    'no-init': { type: 'boolean', default: false },
    top: { type: 'string', default: '5' },
  },
});
const runs = Number(values.runs);
const words = values.filter?.split(',').map((word) => word.trim()).filter((word) => word !== '') ?? [];

/** What infra hands a function in AWS (see infra/src/bindings.ts), with placeholder values. */
function environmentOf(fn: DeployedFunction): Record<string, string> {
  const manifest = serviceManifests.find((candidate) => candidate.name === fn.service)!;
  const arn = (what: string): string => `arn:aws:secretsmanager:cn-northwest-1:000000000000:secret:peixun-${what}`;
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AWS_REGION: 'cn-northwest-1',
    AWS_LAMBDA_FUNCTION_NAME: fn.id,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    ...manifest.config,
    [RESOURCE_ENV.serviceName]: fn.service,
    [RESOURCE_ENV.table]: `peixun-${fn.service}`,
    [RESOURCE_ENV.bucket]: `peixun-${fn.service}-bucket`,
    [RESOURCE_ENV.eventBus]: 'peixun',
    [RESOURCE_ENV.piiKeySecretArn]: arn('pii-key'),
    [RESOURCE_ENV.faceCollectionId]: 'peixun-faces',
    [FACE_ENGINE_ENV]: 'rekognition',
    [IDENTITY_AUTHORITY_ENV.url]: 'https://identity.example.gov.cn',
    [IDENTITY_AUTHORITY_ENV.apiKeySecretArn]: arn('identity-authority'),
    POWERTOOLS_LOG_LEVEL: 'WARN',
  };
}

/**
 * Runs in the child: from `import()` to an exported `handler`, the wall time and the CPU time
 * (user + system, all threads) in ms, on stdout. On a shared machine the wall time includes
 * waiting for a core; the CPU time is what the init itself costs.
 */
const PROBE = `
const start = performance.now();
const cpu = process.cpuUsage();
const module = await import(process.argv[1]);
if (typeof module.handler !== 'function') throw new Error('no handler exported');
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify([performance.now() - start, (used.user + used.system) / 1000]));
`;

interface Init {
  readonly wall: number;
  readonly cpu: number;
}

function init(moduleUrl: string, env: Record<string, string>, nodeArgs: readonly string[]): Init {
  const child = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', PROBE, moduleUrl], { env, encoding: 'utf8', cwd: ROOT });
  if (child.status !== 0) throw new Error(`init failed for ${moduleUrl}:\n${child.stderr}`);
  const [wall, cpu] = JSON.parse(child.stdout) as [number, number];
  return { wall, cpu };
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function medianInit(moduleUrl: string, env: Record<string, string>, nodeArgs: readonly string[] = []): Init {
  init(moduleUrl, env, nodeArgs); // warm-up, not counted: the file cache (and tsx's transform cache)
  const inits = Array.from({ length: runs }, () => init(moduleUrl, env, nodeArgs));
  return { wall: median(inits.map((each) => each.wall)), cpu: median(inits.map((each) => each.cpu)) };
}

const NOT_MEASURED: Init = { wall: Number.NaN, cpu: Number.NaN };

interface Row {
  fn: DeployedFunction;
  raw: number;
  gzip: number;
  bare: Init;
  flagged: Init;
  source?: Init;
}

/** The machine is shared: a busy one inflates every init time. */
const loadAverage = (): string => loadavg().map((load) => load.toFixed(1)).join(' ');
const pad = (text: string | number, width: number): string => String(text).padStart(width);
const kb = (bytes: number): string => (bytes / KB).toFixed(0);
const ms = (value: number): string => (Number.isNaN(value) ? '' : value.toFixed(0));
const both = (init: Init): string => (Number.isNaN(init.wall) ? '' : `${ms(init.wall)}/${ms(init.cpu)}`);
/** The init as deployed: with the function's own Node flags where it has some. */
const deployedInit = (row: Row): Init => (Number.isNaN(row.flagged.wall) ? row.bare : row.flagged);
const ratioOf = (row: Row): string => (row.source === undefined ? '' : (deployedInit(row).wall / row.source.wall).toFixed(2));

async function main(): Promise<void> {
  if (!process.versions.node.startsWith('24.')) console.warn(`warning: Lambda runs Node 24, this is Node ${process.versions.node}`);
  const all = deployedFunctionsOf(serviceManifests);
  const functions = words.length === 0 ? all : all.filter((fn) => words.some((word) => fn.id.includes(word)));
  if (functions.length === 0) throw new Error(`no function matches ${values.filter}`);
  await rm(OUT, { recursive: true, force: true });
  const started = performance.now();

  const bundles = await bundleFunctions(functions, OUT);
  console.log(`${functions.length} function(s) bundled in ${ms(performance.now() - started)} ms; init = median of ${runs} fresh Node ${process.versions.node} processes; load average ${loadAverage()}\n`);
  console.log('init = wall ms / CPU ms of import() until the handler is exported; +flags = with the NODE_OPTIONS infra sets;');
  console.log('source = the unbundled TypeScript through tsx; ratio = bundled (as deployed) ÷ source, wall time\n');
  console.log(`${'function'.padEnd(44)} ${pad('KB', 6)} ${pad('gzip', 5)} ${pad('init', 10)} ${pad('+flags', 10)} ${pad('source', 10)} ${pad('ratio', 5)}  flags`);

  const rows: Row[] = [];
  for (const bundle of bundles) {
    const { fn } = bundle;
    const env = environmentOf(fn);
    const url = pathToFileURL(bundle.file!).href;
    const flags = nodeOptionsOf(fn.spec);
    const row: Row = {
      fn,
      raw: bundle.bytes,
      gzip: gzipSync(await readFile(bundle.file!)).length,
      bare: values['no-init'] ? NOT_MEASURED : medianInit(url, env),
      flagged: values['no-init'] || flags === undefined ? NOT_MEASURED : medianInit(url, { ...env, NODE_OPTIONS: flags }),
    };
    if (!values['no-source'] && !values['no-init']) row.source = medianInit(pathToFileURL(fn.spec.entry).href, env, ['--import', 'tsx']);
    rows.push(row);
    console.log(
      `${fn.id.padEnd(44)} ${pad(kb(row.raw), 6)} ${pad(kb(row.gzip), 5)} ${pad(both(row.bare), 10)} ${pad(both(row.flagged), 10)} ${pad(row.source === undefined ? '' : both(row.source), 10)} ${pad(ratioOf(row), 5)}  ${flags ?? ''}`,
    );
    const top = contributorsOf(bundle.output).slice(0, Number(values.top));
    console.log(`${''.padEnd(4)}top: ${top.map(({ name, bytes }) => `${name} ${kb(bytes)}`).join(', ')}`);
  }

  console.log('\nby group (min–max)');
  console.log(`${'group'.padEnd(16)} ${pad('n', 3)} ${pad('KB', 10)} ${pad('gzip', 8)} ${pad('init wall', 10)} ${pad('init CPU', 9)} ${pad('+flags wall', 11)} ${pad('+flags CPU', 10)} ${pad('source wall', 11)} ${pad('ratio', 10)}`);
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = row.fn.relay ? 'outbox relays' : row.fn.service;
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  for (const [group, members] of groups) {
    const range = (pick: (row: Row) => number, format: (value: number) => string): string => {
      // Functions without flags of their own have no flagged init: left out, not NaN.
      const picked = members.map(pick).filter((value) => !Number.isNaN(value));
      if (picked.length === 0) return '';
      const [low, high] = [format(Math.min(...picked)), format(Math.max(...picked))];
      return low === high ? low : `${low}–${high}`;
    };
    const source = (row: Row): Init => row.source ?? NOT_MEASURED;
    console.log(
      [
        group.padEnd(16),
        pad(members.length, 3),
        pad(range((row) => row.raw, kb), 10),
        pad(range((row) => row.gzip, kb), 8),
        pad(range((row) => row.bare.wall, ms), 10),
        pad(range((row) => row.bare.cpu, ms), 9),
        pad(range((row) => row.flagged.wall, ms), 11),
        pad(range((row) => row.flagged.cpu, ms), 10),
        pad(range((row) => source(row).wall, ms), 11),
        pad(range((row) => deployedInit(row).wall / source(row).wall, (value) => (Number.isNaN(value) ? '' : value.toFixed(2))), 10),
      ].join(' '),
    );
  }
  const over = rows.filter((row) => row.raw > 250 * KB || row.bare.wall > 100);
  console.log(`\n${over.length} of ${rows.length} over a target (250 KB, 100 ms wall without flags); total ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()}`);
  await writeFile(join(OUT, 'results.json'), JSON.stringify(rows.map(({ fn, ...row }) => ({ id: fn.id, ...row })), null, 2));
}

await mkdir(OUT, { recursive: true });
await main();
