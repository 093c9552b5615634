/**
 * The local S3's UploadPart path alone: 4 parallel 8 MiB PUTs (written in 512 KiB pieces, as the
 * uploader sends them) into the emulator in its own process (bench/upload-s3-server.ts), with the
 * emulator's CPU time, so a change to how parts reach the disk can be measured without the
 * uploader, the API and the verification around it.
 *
 *   node --import tsx bench/upload-s3-parts.ts                       # 512 MiB
 *   BENCH_UPLOAD_BYTES=1073741824 node --import tsx bench/upload-s3-parts.ts
 *   BENCH_CPU_PROFILE=1 node --import tsx bench/upload-s3-parts.ts   # .cpuprofile of the emulator in BENCH_DIR
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, CreateMultipartUploadCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_AWS } from '../local/src/local-aws';

const MIB = 1024 * 1024;
const PART = 8 * MIB;
const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 512 * MIB);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? '4');
const DIR = process.env.BENCH_DIR ?? tmpdir();
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** User + system CPU of a process so far, in ms (Linux: /proc/<pid>/stat, clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function putPart(agent: http.Agent, url: string, piece: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', agent, headers: { 'content-length': String(PART) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`UploadPart answered ${String(response.statusCode)}`))));
    });
    request.on('error', reject);
    let sent = 0;
    const pump = (): void => {
      while (sent < PART) {
        sent += piece.length;
        if (!request.write(piece)) {
          request.once('drain', pump);
          return;
        }
      }
      request.end();
    };
    pump();
  });
}

const work = await mkdtemp(join(DIR, 'peixun-bench-parts-'));
const profile = process.env.BENCH_CPU_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${work}`] : [];
const server = spawn(process.execPath, ['--import', 'tsx', ...profile, join(ROOT, 'bench/upload-s3-server.ts'), join(work, 's3')], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
try {
  const endpoint = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`S3 server exited with ${String(code)}`)));
    server.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'endpoint' in message && typeof message.endpoint === 'string') resolve(message.endpoint);
    });
  });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  const { UploadId = '' } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bench', Key: 'parts' }));
  s3.destroy();

  const piece = randomFillSync(Buffer.alloc(512 * 1024));
  const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
  const partCount = Math.ceil(SIZE / PART);
  let next = 1;
  const pid = server.pid ?? 0;
  const cpuBefore = await cpuMs(pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let part = next++; part <= partCount; part = next++) await putPart(agent, `${endpoint}/bench/parts?partNumber=${part}&uploadId=${UploadId}`, piece);
    }),
  );
  const ms = performance.now() - started;
  const cpu = (await cpuMs(pid)) - cpuBefore;
  agent.destroy();
  const bytes = partCount * PART;
  process.stdout.write(`${partCount} parts of 8 MiB, ${PARALLEL} in parallel: ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s (${(ms / 1000).toFixed(2)} s), emulator CPU ${(cpu / 1000).toFixed(2)} s\n`);
} finally {
  if (server.exitCode === null) {
    server.send('stop');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  if (profile.length > 0) process.stdout.write(`CPU profile in ${work}\n`);
  else await rm(work, { recursive: true, force: true });
}
