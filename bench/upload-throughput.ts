/**
 * Issue 5 benchmark: uploading a large recording through presigned parts to the local S3 with
 * 4 parallel parts, next to this machine's raw disk write speed measured in the same run, with
 * the peak memory of the uploader, the S3 server and the API server (per phase).
 *
 *   npm run bench:upload
 *   BENCH_UPLOAD_BYTES=536870912 BENCH_DIR=/mnt/fast npm run bench:upload
 *
 * Target (Issue 5): upload at least half the raw disk speed, uploader and API server RSS under 200 MB.
 * Needs Node ≥ 22.5 (the emulator); the big files (source and the emulator's storage, both in
 * BENCH_DIR) are removed at the end, also on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordingViewSchema } from '@peixun/shared/contracts/recordings';
import { build } from 'esbuild';
import { recordingsManifest } from '../services/recordings/src/manifest';
import { MP4_HEADER } from '../services/recordings/test/support/files';
import { BENCH_SESSION, BENCH_TOKEN } from './upload-fixture';
import type { MemoryPeak } from './upload-memory';

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 2 * 1024 * MIB);
const DIR = process.env.BENCH_DIR ?? tmpdir();
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? '4');
const CHUNK = 8 * MIB;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UPLOADER = join(ROOT, 'services/recordings/bin/peixun-upload.js');
const S3_SERVER = join(ROOT, 'bench/upload-s3-server.ts');
const API_SERVER = join(ROOT, 'bench/upload-api-server.ts');

const mbPerSecond = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
const log = (text: string): void => void process.stderr.write(`[bench] ${text}\n`);

/** Writes `size` bytes from one reused random buffer, then fsyncs: what the disk sustains. */
async function writeFile(path: string, size: number, firstBytes?: Buffer): Promise<number> {
  const buffer = randomFillSync(Buffer.alloc(CHUNK));
  const handle = await open(path, 'w');
  const started = performance.now();
  try {
    for (let offset = 0; offset < size; offset += CHUNK) {
      const length = Math.min(CHUNK, size - offset);
      if (firstBytes !== undefined && offset === 0) firstBytes.copy(buffer);
      else if (firstBytes !== undefined) randomFillSync(buffer); // unique content, so no two parts are alike
      await handle.write(buffer, 0, length, offset);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return performance.now() - started;
}

/** The emulator in its own process, so its memory is its own, storing on the disk under test. */
async function startS3Server(storageDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', S3_SERVER, storageDir], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`S3 server exited with ${String(code)}`)));
    child.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'endpoint' in message && typeof message.endpoint === 'string') resolve(message.endpoint);
    });
  });
  return { child, endpoint };
}

/**
 * The API stand-in bundled as infra bundles a Lambda (infra/src/constructs/service-function.ts:
 * ESM, node24, minified, the AWS SDK inside) and run on plain node: under tsx the process would
 * also carry the TypeScript loader's thread and transform cache (~40 MB), which no Lambda has.
 */
async function bundleApiServer(work: string): Promise<string> {
  const outfile = join(work, 'upload-api-server.mjs');
  await build({
    entryPoints: [API_SERVER],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    minify: true,
    logLevel: 'warning',
  });
  return outfile;
}

/** The API stand-in in its own process, so its memory is its own too. */
async function startApiServer(bundle: string, s3Endpoint: string): Promise<{ child: ChildProcess; url: string }> {
  // The Node flags the verifying Lambda runs with, so the server's memory is the function's.
  const flags = recordingsManifest.functions.verifyRecording?.nodeOptions ?? [];
  const child = spawn(process.execPath, [...flags, bundle], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`API server exited with ${String(code)}`)));
    child.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'url' in message && typeof message.url === 'string') resolve(message.url);
    });
    child.send({ type: 'start', s3Endpoint });
  });
  return { child, url };
}

interface ApiReport {
  readonly marks: Record<string, number>;
  readonly peakRss: number;
  readonly phases: Record<string, MemoryPeak>;
}

function askApiReport(child: ChildProcess): Promise<ApiReport> {
  return new Promise((resolve) => {
    child.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'peakRss' in message && 'marks' in message && 'phases' in message) {
        resolve(message as ApiReport);
      }
    });
    child.send('report');
  });
}

function askPeakRss(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'bytes' in message && typeof message.bytes === 'number') resolve(message.bytes);
    });
    child.send('peak-rss');
  });
}

/** The real command-line uploader, its peak RSS written by a preloaded exit hook. */
async function runUploader(args: string[], rssFile: string): Promise<{ stdout: string; wallMs: number; peakRss: number }> {
  const reportRss =
    "data:text/javascript,import{writeFileSync}from'node:fs';" +
    "process.on('exit',()=>writeFileSync(process.env.PEAK_RSS_FILE,String(process.resourceUsage().maxRSS*1024)))";
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', reportRss, UPLOADER, ...args], {
    cwd: ROOT,
    env: { ...process.env, PEAK_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`uploader exited with ${String(code)}`);
  return { stdout, wallMs, peakRss: Number(await readFile(rssFile, 'utf8')) };
}

async function main(): Promise<void> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 5)) throw new Error(`Node ${process.versions.node}: the S3 emulator needs Node ≥ 22.5 (use npx tsx)`);
  const work = await mkdtemp(join(DIR, 'peixun-bench-'));
  let server: ChildProcess | undefined;
  let apiServer: ChildProcess | undefined;
  try {
    log(`raw disk: writing ${mb(SIZE)} with fsync…`);
    const rawPath = join(work, 'raw-disk.bin');
    const rawMs = await writeFile(rawPath, SIZE);
    await rm(rawPath);

    log(`source: writing ${mb(SIZE)} of random video-like data…`);
    const source = join(work, 'lesson.mp4');
    await writeFile(source, SIZE, MP4_HEADER);

    const s3 = await startS3Server(join(work, 's3'));
    server = s3.child;
    const api = await startApiServer(await bundleApiServer(work), s3.endpoint);
    apiServer = api.child;

    log(`uploading with ${PARALLEL} parallel parts…`);
    const run = await runUploader(
      [source, '--session', BENCH_SESSION, '--api', api.url, '--token', BENCH_TOKEN, '--parallel', String(PARALLEL), '--state-dir', join(work, 'state'), '--json'],
      join(work, 'uploader-rss'),
    );
    const recording = recordingViewSchema.parse(JSON.parse(run.stdout));
    if (recording.status !== 'completed') throw new Error(`upload ended as ${recording.status}`);
    const serverRss = await askPeakRss(s3.child);
    const { marks, peakRss: apiRss, phases } = await askApiReport(api.child);
    const partsMs = (marks.completeRequested ?? Number.NaN) - (marks.firstPartUrls ?? Number.NaN);

    const rows: Array<[string, string]> = [
      ['file size', `${mb(SIZE)} (${(SIZE / MIB).toFixed(0)} MiB), ${recording.partCount} parts of ${(recording.partSize / MIB).toFixed(0)} MiB`],
      ['raw disk write (fs + fsync)', `${mbPerSecond(SIZE, rawMs).toFixed(0)} MB/s`],
      [`upload, parts phase (${PARALLEL} parallel PUTs)`, `${mbPerSecond(SIZE, partsMs).toFixed(0)} MB/s (${(partsMs / 1000).toFixed(1)} s)`],
      ['upload vs raw disk', `${((mbPerSecond(SIZE, partsMs) / mbPerSecond(SIZE, rawMs)) * 100).toFixed(0)} %`],
      ['S3 CompleteMultipartUpload', `${(((marks.completed ?? 0) - (marks.completeRequested ?? 0)) / 1000).toFixed(1)} s`],
      ['service SHA-256 of stored object', `${((marks.hashMs ?? 0) / 1000).toFixed(1)} s`],
      ['end to end (CLI start → verified)', `${mbPerSecond(SIZE, run.wallMs).toFixed(0)} MB/s (${(run.wallMs / 1000).toFixed(1)} s)`],
      ['uploader peak RSS', mb(run.peakRss)],
      ['S3 server (fauxqs) peak RSS', mb(serverRss)],
      ['API server peak RSS (recordings use cases + verification)', mb(apiRss)],
      ...Object.entries(phases).map(([phase, peak]): [string, string] => [
        `  API server, ${phase}`,
        `RSS ${mb(peak.rss)}, heap ${mb(peak.heapUsed)}, external ${mb(peak.external)} (array buffers ${mb(peak.arrayBuffers)})`,
      ]),
      ['verified SHA-256', recording.sha256 ?? '-'],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    process.stdout.write(`\n${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`);
  } finally {
    server?.send('stop');
    apiServer?.send('stop');
    await rm(work, { recursive: true, force: true });
  }
}

await main();
