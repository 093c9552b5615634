import {
  completeRecordingRoute,
  partUrlsRoute,
  startRecordingRoute,
  uploadedPartsRoute,
  type RecordingView,
} from '@peixun/shared/browser';
import { ApiProblem, call } from '../api/client';
import { PartUrls } from './part-urls';
import { ProgressMeter } from './progress-meter';
import { forgetUpload, saveUpload, savedUploadFor, type SavedUpload } from './saved-uploads';

/**
 * A session video straight from the browser to S3 through the recordings service's presigned
 * multipart routes: the file is cut into the service's parts, several go at once, each PUT to its
 * presigned URL (re-signed when one expires), and the service lists what S3 holds, so a reload,
 * a closed tab or a lost network continues with the parts still missing. Nothing of the video
 * passes through the API.
 */
export interface UploadProgress {
  phase: 'preparing' | 'uploading' | 'paused' | 'waiting-network' | 'completing' | 'done' | 'failed';
  sentBytes: number;
  totalBytes: number;
  partsDone: number;
  partCount: number;
  /** Parts S3 already held when this run started (a resumed upload). */
  partsResumed: number;
  bytesPerSecond: number;
  secondsLeft: number;
  message?: string;
  recording?: RecordingView;
}

export interface UploadOptions {
  sessionId: string;
  file: File;
  /** An approved request to replace the session's completed recording, which this upload carries out. */
  replacementRequestId?: string;
  parallel?: number;
  onProgress(progress: UploadProgress): void;
}

const RETRIES_PER_PART = 6;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class PartFailed extends Error {
  constructor(readonly status: number) {
    super(`part upload answered ${status}`);
  }
}

/** One PUT with upload progress (fetch reports none), aborted with the signal; resolves with the ETag. */
function putPart(url: string, body: Blob, signal: AbortSignal, onSent: (bytes: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.upload.onprogress = (event) => onSent(event.loaded);
    request.onload = () => {
      const etag = request.getResponseHeader('etag');
      if (request.status >= 200 && request.status < 300 && etag !== null) resolve(etag);
      else reject(new PartFailed(request.status));
    };
    request.onerror = () => reject(new TypeError('network'));
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', () => request.abort(), { once: true });
    request.send(body);
  });
}

const waitForNetwork = (signal: AbortSignal): Promise<void> =>
  navigator.onLine
    ? sleep(1_000)
    : new Promise((resolve) => {
        const done = () => resolve();
        window.addEventListener('online', done, { once: true });
        signal.addEventListener('abort', done, { once: true });
      });

export class BrowserUpload {
  private controller = new AbortController();
  private readonly meter = new ProgressMeter();
  private readonly parallel: number;
  private progress: UploadProgress;

  constructor(private readonly options: UploadOptions) {
    this.parallel = options.parallel ?? 4;
    this.progress = { phase: 'preparing', sentBytes: 0, totalBytes: options.file.size, partsDone: 0, partCount: 0, partsResumed: 0, bytesPerSecond: Number.NaN, secondsLeft: Number.NaN };
  }

  pause(): void {
    this.controller.abort();
    this.report({ phase: 'paused' });
  }

  /** Starts, or continues after a pause, a reload or a crash: only parts S3 does not hold are sent. */
  async run(): Promise<RecordingView | undefined> {
    this.controller = new AbortController();
    const { signal } = this.controller;
    const { sessionId, file } = this.options;
    try {
      this.report({ phase: 'preparing' });
      const saved = savedUploadFor(sessionId, file) ?? this.newSaved();
      saveUpload(saved);
      const plan = await this.planOf(saved);
      const held = new Map(plan.held.map((part) => [part.partNumber, part.size]));
      const missing = Array.from({ length: plan.partCount }, (_, i) => i + 1).filter((n) => !held.has(n));
      let doneBytes = [...held.values()].reduce((sum, size) => sum + size, 0);
      const inFlight = new Map<number, number>();
      this.meter.reset();
      this.report({ phase: 'uploading', partCount: plan.partCount, partsDone: held.size, partsResumed: held.size, sentBytes: doneBytes });

      const urls = new PartUrls({
        sign: (from, to) => call(partUrlsRoute, { params: { sessionId, recordingId: plan.recordingId }, body: { from, to } }, { signal }),
        maxPerRequest: plan.maxPartUrls,
        missing,
      });
      const tick = () => {
        const sent = doneBytes + [...inFlight.values()].reduce((sum, bytes) => sum + bytes, 0);
        const speed = this.meter.sample(sent, performance.now());
        this.report({ sentBytes: sent, partsDone: held.size, bytesPerSecond: speed, secondsLeft: (file.size - sent) / speed });
      };

      const queue = [...missing];
      const worker = async (): Promise<void> => {
        for (let partNumber = queue.shift(); partNumber !== undefined; partNumber = queue.shift()) {
          const start = (partNumber - 1) * plan.partSize;
          const body = file.slice(start, Math.min(start + plan.partSize, file.size));
          for (let attempt = 1; ; attempt += 1) {
            signal.throwIfAborted();
            try {
              const current = partNumber;
              await putPart(await urls.urlFor(current), body, signal, (bytes) => {
                inFlight.set(current, bytes);
                tick();
              });
              break;
            } catch (error) {
              inFlight.delete(partNumber);
              if (signal.aborted) throw error;
              if (error instanceof PartFailed && error.status === 403) urls.forget(partNumber); // expired: sign again
              else if (attempt >= RETRIES_PER_PART && !(error instanceof TypeError)) throw error;
              if (error instanceof TypeError) {
                this.report({ phase: 'waiting-network' });
                await waitForNetwork(signal);
                this.report({ phase: 'uploading' });
              } else await sleep(Math.min(8_000, 500 * 2 ** attempt));
            }
          }
          inFlight.delete(partNumber);
          held.set(partNumber, body.size);
          doneBytes += body.size;
          tick();
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.parallel, Math.max(1, missing.length)) }, () => worker()));

      this.report({ phase: 'completing', sentBytes: file.size, partsDone: plan.partCount, secondsLeft: 0 });
      const recording = await call(completeRecordingRoute, { params: { sessionId, recordingId: plan.recordingId }, body: {} }, { signal });
      forgetUpload(sessionId, file);
      this.report({ phase: 'done', recording });
      return recording;
    } catch (error) {
      if (signal.aborted) return undefined;
      this.report({ phase: 'failed', message: error instanceof ApiProblem ? error.message : '上传中断，请检查网络后点击“继续上传”。' });
      return undefined;
    }
  }

  private newSaved(): SavedUpload {
    const { sessionId, file } = this.options;
    return { sessionId, fileName: file.name, size: file.size, lastModified: file.lastModified, startKey: crypto.randomUUID(), savedAt: new Date().toISOString() };
  }

  /** The recording to continue (with the parts S3 holds), or a new one. */
  private async planOf(saved: SavedUpload) {
    const { sessionId, file } = this.options;
    if (saved.recordingId !== undefined) {
      try {
        const parts = await call(uploadedPartsRoute, { params: { sessionId, recordingId: saved.recordingId } });
        if (parts.status === 'initiated' || parts.status === 'uploading') {
          return { recordingId: saved.recordingId, partSize: parts.partSize, partCount: parts.partCount, maxPartUrls: saved.maxPartUrls ?? 1, held: parts.parts };
        }
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
      }
      // Finished, aborted or expired upstream: this file starts over as a new recording.
      forgetUpload(sessionId, file);
      saved = this.newSaved();
      saveUpload(saved);
    }
    const started = await call(
      startRecordingRoute,
      {
        params: { sessionId },
        body: {
          fileName: file.name,
          size: file.size,
          contentType: /^video\//.test(file.type) ? file.type : 'application/octet-stream',
          ...(this.options.replacementRequestId === undefined ? {} : { replacementRequestId: this.options.replacementRequestId }),
        },
      },
      { idempotencyKey: saved.startKey },
    );
    saveUpload({ ...saved, recordingId: started.recordingId, maxPartUrls: started.maxPartUrlsPerRequest });
    return { recordingId: started.recordingId, partSize: started.partSize, partCount: started.partCount, maxPartUrls: started.maxPartUrlsPerRequest, held: [] as Array<{ partNumber: number; size: number }> };
  }

  private report(change: Partial<UploadProgress>): void {
    this.progress = { ...this.progress, ...change };
    this.options.onProgress(this.progress);
  }
}
