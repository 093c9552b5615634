import type { IncomingMessage, ServerResponse } from 'node:http';

export class PayloadTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
    this.name = 'PayloadTooLarge';
  }
}

/** The client took longer than the bound to send its body (a slow-body client holding a socket). */
export class BodyReadTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Request body not received within ${timeoutMs} ms`);
    this.name = 'BodyReadTimeout';
  }
}

/** The client went away before its body arrived: its business, not a failure of ours. */
export class ClientAborted extends Error {
  constructor() {
    super('The client closed the connection before the request body was complete');
    this.name = 'ClientAborted';
  }
}

/** How long a whole body may take to arrive, unless the caller says otherwise. */
export const DEFAULT_BODY_TIMEOUT_MS = 15_000;

/**
 * Reads the whole body, refusing early (by Content-Length) or as soon as the limit is crossed,
 * and giving up after `timeoutMs` (BodyReadTimeout) or when the client leaves (ClientAborted).
 */
export function readBody(request: IncomingMessage, limitBytes: number, timeoutMs = DEFAULT_BODY_TIMEOUT_MS): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limitBytes) return Promise.reject(new PayloadTooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.length;
      if (size > limitBytes) {
        // Stop taking the rest in; the answer says so and closes the connection.
        request.pause();
        settle(() => reject(new PayloadTooLarge(limitBytes)));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks)));
    const onError = () => settle(() => reject(new ClientAborted()));
    const onClose = () => {
      if (!request.complete) settle(() => reject(new ClientAborted()));
    };
    const timer = setTimeout(() => {
      request.pause();
      settle(() => reject(new BodyReadTimeout(timeoutMs)));
    }, timeoutMs);
    timer.unref();
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(payload), ...headers });
  response.end(payload);
}
