import { randomUUID } from 'node:crypto';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RecordingView, StartRecordingBody } from '@peixun/shared/contracts/recordings';
import { partByteRange, type PartPlan } from '../domain/part-layout';
import { ApiError, type RecordingsApi } from './api-client';
import { backoffDelay, DEFAULT_RETRY, Interrupted, sleep, type RetryPolicy } from './backoff';
import { sha256File } from './file-hash';
import { PartUrlCache } from './part-url-cache';
import { createChunkBuffers, createPartAgents, putPart, PartPutError, type ChunkBuffers, type PartAgents } from './part-put';
import { silentProgress, type ProgressReporter } from './progress';
import { UploadStateFile, type UploadState } from './state-file';

export type UploaderEvent =
  | { readonly type: 'hashing-started' }
  | { readonly type: 'started'; readonly recordingId: string; readonly partCount: number; readonly partSize: number }
  | { readonly type: 'resumed'; readonly recordingId: string; readonly via: 'state' | 'server'; readonly partsDone: number; readonly partCount: number }
  | { readonly type: 'part-done'; readonly partNumber: number }
  | { readonly type: 'url-rejected'; readonly partNumber: number; readonly reason: string }
  | { readonly type: 'retry'; readonly partNumber: number; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'completing' }
  | { readonly type: 'verifying' };

export interface UploadOptions {
  readonly filePath: string;
  readonly sessionId: string;
  readonly api: RecordingsApi;
  /** Identifies the service in the local state, so two environments never share a resume. */
  readonly apiUrl: string;
  readonly stateDir: string;
  readonly concurrency?: number;
  readonly contentType?: string;
  readonly recordedFrom?: string;
  readonly recordedTo?: string;
  /** Without times: the video's own length, so the service dates it from the session's start. */
  readonly durationSeconds?: number;
  readonly retry?: RetryPolicy;
  readonly progress?: ProgressReporter;
  readonly onEvent?: (event: UploaderEvent) => void;
  /** Stops the upload (Ctrl+C); the state stays on disk for the next run. */
  readonly signal?: AbortSignal;
  readonly idleTimeoutMs?: number;
  /** Part URLs asked for per request (the service caps it). */
  readonly urlBatchSize?: number;
  readonly verifyPollMs?: number;
  readonly verifyTimeoutMs?: number;
}

export interface UploadResult {
  readonly recording: RecordingView;
  readonly sha256: string;
  /** Parts sent by this run, and parts S3 already had from earlier runs. */
  readonly partsSent: number;
  readonly partsSkipped: number;
  readonly elapsedMs: number;
}

/** The upload ended for good (refused, gone, or a part that would not go through); the Chinese message says why. */
export class UploadFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UploadFailed';
  }
}

/** Refusals after which the upload is over: nothing to resume, the state file is removed. */
const TERMINAL_CODES = new Set([
  'RECORDING_NOT_VIDEO',
  'RECORDING_CONTAINER_UNSUPPORTED',
  'RECORDING_CHECKSUM_MISMATCH',
  'RECORDING_SIZE_MISMATCH',
  'RECORDING_UPLOAD_CLOSED',
  'RECORDING_UPLOAD_GONE',
  'NOT_FOUND',
]);
/** The service says parts are missing or wrong: list again and send what is needed. */
const RESEND_CODES = new Set(['RECORDING_PARTS_MISSING', 'RECORDING_PART_SIZE_MISMATCH']);
/** The completion went through on an earlier attempt whose answer was lost. */
const ALREADY_SUBMITTED_CODES = new Set(['RECORDING_ALREADY_COMPLETED', 'RECORDING_VERIFYING']);
const MAX_ROUNDS = 3;
/** Re-signing cannot fix a URL S3 keeps refusing (a wrong clock on the server, a revoked key). */
const MAX_URL_REJECTIONS_PER_PART = 5;

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  ts: 'video/mp2t',
  m2ts: 'video/mp2t',
  mts: 'video/mp2t',
  '3gp': 'video/3gpp',
};

export function contentTypeFor(fileName: string): string {
  const extension = fileName.toLowerCase().split('.').at(-1) ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

interface Prepared {
  state: UploadState;
  plan: PartPlan;
  recordingId: string;
}

/**
 * Uploads one recording file: starts (or resumes) the upload, sends the missing parts in parallel
 * straight to S3, asks the service to complete, and waits for the verification. Safe to run
 * again after any interruption: it continues from what S3 already holds.
 */
export async function uploadRecording(options: UploadOptions): Promise<UploadResult> {
  const startedAt = Date.now();
  const progress = options.progress ?? silentProgress;
  const emit = options.onEvent ?? ((): void => undefined);
  const filePath = await realpath(options.filePath);
  const file = await stat(filePath);
  const stateFile = new UploadStateFile(options.stateDir, {
    apiUrl: options.apiUrl,
    sessionId: options.sessionId,
    filePath,
    fileSize: file.size,
    fileMtimeMs: file.mtimeMs,
  });

  const prepared = await prepare(options, stateFile, filePath, file.size, file.mtimeMs, emit);
  const { state, plan, recordingId } = prepared;
  const hashing = fileHash(state, stateFile, filePath, options.signal, emit);

  let partsSent = 0;
  let partsSkipped = 0;
  let submitted: RecordingView | undefined;
  try {
    for (let round = 1; submitted === undefined; round += 1) {
      const listing = await options.api.parts(options.sessionId, recordingId);
      if (listing.status === 'verifying' || listing.status === 'completed') {
        submitted = await options.api.get(options.sessionId, recordingId);
        break;
      }
      if (listing.status === 'aborted' || listing.status === 'rejected') {
        throw new UploadFailed('RECORDING_UPLOAD_CLOSED', '该次上传已取消或未通过校验，请重新运行命令开始新的上传。');
      }
      const done = partsAlreadyThere(plan, listing.parts);
      state.parts = Object.fromEntries([...done].map(([partNumber, etag]) => [String(partNumber), etag]));
      stateFile.save(state);
      const pending = Array.from({ length: plan.partCount }, (_, index) => index + 1).filter((n) => !done.has(n));
      if (round === 1) partsSkipped = done.size;

      progress.begin(plan.size, [...done.keys()].reduce((sum, n) => sum + partByteRange(plan, n).length, 0));
      partsSent += await sendParts(options, { filePath, plan, recordingId, pending, state, stateFile, progress, emit });

      emit({ type: 'completing' });
      const sha256 = await hashing;
      try {
        submitted = await options.api.complete(options.sessionId, recordingId, { sha256 });
      } catch (error) {
        if (error instanceof ApiError && RESEND_CODES.has(error.code) && round < MAX_ROUNDS) continue;
        if (error instanceof ApiError && ALREADY_SUBMITTED_CODES.has(error.code)) {
          submitted = await options.api.get(options.sessionId, recordingId);
        } else {
          throw error;
        }
      }
    }
    const recording = await awaitVerification(options, submitted, emit);
    progress.end();
    await stateFile.remove();
    if (recording.status !== 'completed') {
      throw new UploadFailed(recording.refusalCode ?? 'RECORDING_REJECTED', '录像未通过校验，已作废，请检查文件后重新上传。');
    }
    return { recording, sha256: await hashing, partsSent, partsSkipped, elapsedMs: Date.now() - startedAt };
  } catch (error) {
    progress.end();
    const over = (error instanceof ApiError || error instanceof UploadFailed) && TERMINAL_CODES.has(error.code);
    if (over) await stateFile.remove();
    else await stateFile.flush().catch(() => undefined);
    throw error;
  } finally {
    hashing.catch(() => undefined);
  }
}

/** Finds where this file stands: our own state, else an unfinished upload the service knows, else a new one. */
async function prepare(
  options: UploadOptions,
  stateFile: UploadStateFile,
  filePath: string,
  size: number,
  mtimeMs: number,
  emit: (event: UploaderEvent) => void,
): Promise<Prepared> {
  const saved = await stateFile.load();
  const base: UploadState = saved ?? {
    version: 1,
    apiUrl: options.apiUrl,
    sessionId: options.sessionId,
    filePath,
    fileSize: size,
    fileMtimeMs: mtimeMs,
    startKey: randomUUID(),
    parts: {},
  };
  if (base.recordingId !== undefined && base.partSize !== undefined && base.partCount !== undefined) {
    emit({ type: 'resumed', recordingId: base.recordingId, via: 'state', partsDone: Object.keys(base.parts).length, partCount: base.partCount });
    return { state: base, recordingId: base.recordingId, plan: { size, partSize: base.partSize, partCount: base.partCount } };
  }

  const fileName = basename(filePath);
  // The local state was lost (another computer, a cleaned profile): the service still knows the upload.
  if (saved === undefined) {
    const { recordings } = await options.api.list(options.sessionId);
    const unfinished = recordings
      .filter((r) => (r.status === 'initiated' || r.status === 'uploading') && r.fileName === fileName && r.size === size)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (unfinished !== undefined) {
      const state = { ...base, recordingId: unfinished.recordingId, partSize: unfinished.partSize, partCount: unfinished.partCount };
      await stateFile.saveNow(state);
      emit({ type: 'resumed', recordingId: unfinished.recordingId, via: 'server', partsDone: 0, partCount: unfinished.partCount });
      return { state, recordingId: unfinished.recordingId, plan: { size, partSize: unfinished.partSize, partCount: unfinished.partCount } };
    }
  }

  // The key is on disk before the request leaves: a start retried after a crash returns the same recording.
  await stateFile.saveNow(base);
  const body: StartRecordingBody = {
    fileName,
    size,
    contentType: options.contentType ?? contentTypeFor(fileName),
    ...(options.recordedFrom === undefined ? {} : { recordedFrom: options.recordedFrom }),
    ...(options.recordedTo === undefined ? {} : { recordedTo: options.recordedTo }),
    ...(options.durationSeconds === undefined ? {} : { durationSeconds: options.durationSeconds }),
  };
  const started = await options.api.start(options.sessionId, body, base.startKey);
  const state = { ...base, recordingId: started.recordingId, partSize: started.partSize, partCount: started.partCount };
  await stateFile.saveNow(state);
  emit({ type: 'started', recordingId: started.recordingId, partCount: started.partCount, partSize: started.partSize });
  return { state, recordingId: started.recordingId, plan: { size, partSize: started.partSize, partCount: started.partCount } };
}

/** Hashes while the parts go out (reading the file a second time is cheap next to the network). */
function fileHash(
  state: UploadState,
  stateFile: UploadStateFile,
  filePath: string,
  signal: AbortSignal | undefined,
  emit: (event: UploaderEvent) => void,
): Promise<string> {
  if (state.sha256 !== undefined) return Promise.resolve(state.sha256);
  emit({ type: 'hashing-started' });
  const hashing = sha256File(filePath, signal).then((sha256) => {
    state.sha256 = sha256;
    stateFile.save(state);
    return sha256;
  });
  hashing.catch(() => undefined);
  return hashing;
}

/** A part counts as there only with the planned size; anything else is sent again (S3 replaces it). */
function partsAlreadyThere(plan: PartPlan, parts: ReadonlyArray<{ partNumber: number; size: number; etag: string }>): Map<number, string> {
  const done = new Map<number, string>();
  for (const part of parts) {
    if (part.partNumber <= plan.partCount && part.size === partByteRange(plan, part.partNumber).length) done.set(part.partNumber, part.etag);
  }
  return done;
}

interface SendContext {
  readonly filePath: string;
  readonly plan: PartPlan;
  readonly recordingId: string;
  readonly pending: readonly number[];
  readonly state: UploadState;
  readonly stateFile: UploadStateFile;
  readonly progress: ProgressReporter;
  readonly emit: (event: UploaderEvent) => void;
}

/** Sends the pending parts with `concurrency` workers; the first part that cannot be sent stops them all. */
async function sendParts(options: UploadOptions, context: SendContext): Promise<number> {
  if (context.pending.length === 0) return 0;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const agents = createPartAgents(concurrency);
  const urls = new PartUrlCache(options.api, options.sessionId, context.recordingId, context.plan.partCount, options.urlBatchSize ?? 50);
  const queue = [...context.pending];
  const file = await open(context.filePath, 'r');
  let failure: unknown;
  let sent = 0;

  const worker = async (): Promise<void> => {
    const buffers = createChunkBuffers();
    for (let partNumber = queue.shift(); partNumber !== undefined && failure === undefined; partNumber = queue.shift()) {
      try {
        await sendPart(options, context, partNumber, { urls, agents, file, buffers }, stop.signal);
        sent += 1;
      } catch (error) {
        failure ??= error;
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    await file.close();
    agents.http.destroy();
    agents.https.destroy();
  }
  if (failure !== undefined) throw options.signal?.aborted === true ? new Interrupted() : failure;
  return sent;
}

/** What one worker sends with: shared URL cache, sockets and file; its own chunk buffers. */
interface WorkerKit {
  readonly urls: PartUrlCache;
  readonly agents: PartAgents;
  readonly file: FileHandle;
  readonly buffers: ChunkBuffers;
}

async function sendPart(options: UploadOptions, context: SendContext, partNumber: number, kit: WorkerKit, signal: AbortSignal): Promise<void> {
  const { urls } = kit;
  const retry = options.retry ?? DEFAULT_RETRY;
  const range = partByteRange(context.plan, partNumber);
  let failures = 0;
  let rejections = 0;
  for (;;) {
    const url = await urls.get(partNumber);
    let counted = 0;
    try {
      const { etag } = await putPart({
        url,
        file: kit.file,
        buffers: kit.buffers,
        start: range.start,
        length: range.length,
        agents: kit.agents,
        signal,
        idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
        onBytes: (bytes) => {
          counted += bytes;
          context.progress.advance(bytes);
        },
      });
      context.state.parts[String(partNumber)] = etag;
      context.stateFile.save(context.state);
      context.emit({ type: 'part-done', partNumber });
      return;
    } catch (error) {
      context.progress.advance(-counted);
      if (signal.aborted) throw new Interrupted();
      if (!(error instanceof PartPutError)) throw error;
      if (error.kind === 'url-rejected' && rejections < MAX_URL_REJECTIONS_PER_PART) {
        rejections += 1;
        urls.reject(url);
        context.emit({ type: 'url-rejected', partNumber, reason: error.message });
        continue;
      }
      if (error.kind === 'upload-gone') {
        throw new UploadFailed('RECORDING_UPLOAD_GONE', '存储服务中已找不到该次上传（可能已被取消或超过 7 天被清理），请重新运行命令开始新的上传。');
      }
      failures += 1;
      if (error.kind !== 'retryable' || failures >= retry.maxAttempts) {
        throw new UploadFailed('PART_UPLOAD_FAILED', `第 ${partNumber} 个分片多次上传失败（${error.message}）。已上传的部分已保存，稍后重新运行同一命令即可继续。`);
      }
      const delayMs = backoffDelay(failures, retry);
      context.emit({ type: 'retry', partNumber, attempt: failures, delayMs, reason: error.message });
      await sleep(delayMs, signal);
    }
  }
}

/** Completion may hand verification to a worker (large files): poll until it is decided. */
async function awaitVerification(options: UploadOptions, submitted: RecordingView, emit: (event: UploaderEvent) => void): Promise<RecordingView> {
  let recording = submitted;
  const deadline = Date.now() + (options.verifyTimeoutMs ?? 60 * 60_000);
  if (recording.status === 'verifying') emit({ type: 'verifying' });
  while (recording.status === 'verifying') {
    if (Date.now() > deadline) {
      throw new UploadFailed('VERIFY_TIMEOUT', '文件已全部上传，服务器仍在校验中。请稍后在系统中查看该录像的状态，无需重新上传。');
    }
    await sleep(options.verifyPollMs ?? 3000, options.signal);
    recording = await options.api.get(options.sessionId, recording.recordingId);
  }
  return recording;
}
