import type { FileHandle } from 'node:fs/promises';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';

/** What went wrong with one PUT, and so what the uploader should do about it. */
export type PartFailureKind =
  /** The presigned URL is no longer accepted (expired, or signed under a skewed clock): sign again. */
  | 'url-rejected'
  /** The multipart upload no longer exists (aborted, completed, or cleaned up): stop. */
  | 'upload-gone'
  /** Network trouble or a server hiccup: wait and try again. */
  | 'retryable'
  /** Anything retrying cannot fix (the local file vanished, a malformed request). */
  | 'fatal';

export class PartPutError extends Error {
  constructor(
    readonly kind: PartFailureKind,
    message: string,
    readonly status?: number,
    readonly s3Code?: string,
  ) {
    super(message);
    this.name = 'PartPutError';
  }
}

export interface PartAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

/** Keep-alive sockets, one per parallel part: no TLS handshake per 8 MiB. */
export function createPartAgents(maxSockets: number): PartAgents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets }),
  };
}

/** Bytes per read and per socket write. */
export const CHUNK_BYTES = 512 * 1024;

/** Two chunk buffers per parallel part: one being read from disk while the other is being sent. */
export type ChunkBuffers = readonly [Buffer, Buffer];

export function createChunkBuffers(): ChunkBuffers {
  return [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
}

export interface PutPartInput {
  readonly url: string;
  /** Open once per upload; positional reads let parallel parts share it. */
  readonly file: FileHandle;
  /** Reused for every part this worker sends: memory stays fixed whatever the file size. */
  readonly buffers: ChunkBuffers;
  readonly start: number;
  readonly length: number;
  readonly agents: PartAgents;
  /** Called with each chunk's size as it is handed to the socket, for the progress bar. */
  readonly onBytes: (bytes: number) => void;
  readonly signal?: AbortSignal;
  /** A stalled connection (no bytes either way for this long) is given up and retried. */
  readonly idleTimeoutMs: number;
}

const ERROR_BODY_LIMIT = 16 * 1024;

function classify(status: number, body: string): PartPutError {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]+)<\/Message>/.exec(body)?.[1] ?? `HTTP ${status}`;
  if (status === 403) return new PartPutError('url-rejected', message, status, code);
  if (status === 404 || code === 'NoSuchUpload') return new PartPutError('upload-gone', message, status, code);
  if (status >= 500 || status === 429 || status === 408 || code === 'RequestTimeout' || code === 'SlowDown') {
    return new PartPutError('retryable', message, status, code);
  }
  return new PartPutError('fatal', message, status, code);
}

/** Resolves once the socket has taken `chunk` (its buffer may then be reused), or the request closed. */
function write(request: ClientRequest, chunk: Buffer, closed: Promise<void>): Promise<void> {
  const written = new Promise<void>((resolve, reject) => {
    request.write(chunk, (error) => (error === null || error === undefined ? resolve() : reject(error)));
  });
  written.catch(() => undefined);
  return Promise.race([written, closed]);
}

/**
 * Streams the byte range: the next chunk is read from disk while the previous one is on the
 * wire, and a buffer is only refilled after the socket has taken its bytes.
 */
async function sendRange(input: PutPartInput, request: ClientRequest, closed: Promise<void>, isOver: () => boolean): Promise<void> {
  let inFlight: Promise<void> = Promise.resolve();
  for (let offset = 0, index = 0; offset < input.length; index += 1) {
    const buffer = input.buffers[index % 2] ?? input.buffers[0];
    const wanted = Math.min(buffer.length, input.length - offset);
    const { bytesRead } = await input.file.read(buffer, 0, wanted, input.start + offset);
    if (bytesRead === 0) throw new PartPutError('fatal', `the file ended ${input.length - offset} bytes early; was it changed during the upload?`);
    await inFlight;
    if (isOver()) return;
    inFlight = write(request, buffer.subarray(0, bytesRead), closed);
    input.onBytes(bytesRead);
    offset += bytesRead;
  }
  await inFlight;
  if (!isOver()) request.end();
}

/**
 * PUTs one part straight from disk to its presigned URL, with the explicit Content-Length S3
 * requires (which `fetch` would not send for a streamed body). Memory is the worker's two
 * chunk buffers, never the part, let alone the file.
 */
export function putPart(input: PutPartInput): Promise<{ etag: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(input.url);
    const transport = url.protocol === 'https:' ? https : http;
    let settled = false;
    let responded = false;

    const settle = (outcome: { etag: string } | Error): void => {
      if (settled) return;
      settled = true;
      if (outcome instanceof Error) {
        request.destroy();
        reject(outcome);
      } else {
        resolve(outcome);
      }
    };

    const onResponse = (response: IncomingMessage): void => {
      responded = true;
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < ERROR_BODY_LIMIT) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      const finish = (): void => {
        if (status >= 200 && status < 300) {
          const etag = response.headers.etag;
          settle(typeof etag === 'string' && etag !== '' ? { etag } : new PartPutError('fatal', 'S3 answered without an ETag', status));
        } else {
          settle(classify(status, Buffer.concat(chunks).toString('utf8')));
        }
      };
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', (error) => settle(new PartPutError('retryable', error.message, status)));
    };

    const request = transport.request(
      url,
      {
        method: 'PUT',
        agent: url.protocol === 'https:' ? input.agents.https : input.agents.http,
        headers: { 'content-length': String(input.length) },
        ...(input.signal === undefined ? {} : { signal: input.signal }),
      },
      onResponse,
    );
    const closed = new Promise<void>((resolveClosed) => request.once('close', () => resolveClosed()));
    request.setTimeout(input.idleTimeoutMs, () => settle(new PartPutError('retryable', `no progress for ${input.idleTimeoutMs} ms`)));
    request.on('error', (error) => {
      if (input.signal?.aborted === true) settle(error);
      // Once an answer arrived, a broken pipe only means the server stopped reading; the answer decides.
      else if (!responded) settle(new PartPutError('retryable', error.message));
    });
    // S3 may answer an error before it has read the body: sending stops as soon as there is an answer.
    sendRange(input, request, closed, () => settled || responded).catch((error: unknown) =>
      settle(error instanceof PartPutError ? error : new PartPutError('fatal', `cannot read the file: ${String(error)}`)),
    );
  });
}
