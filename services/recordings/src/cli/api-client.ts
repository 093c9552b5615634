import type { z } from 'zod';
import {
  listRecordingsResponseSchema,
  partUrlsResponseSchema,
  problemBodySchema,
  recordingPaths,
  recordingViewSchema,
  startRecordingResponseSchema,
  uploadedPartsResponseSchema,
  type CompleteRecordingBody,
  type ListRecordingsResponse,
  type PartUrlsResponse,
  type RecordingView,
  type StartRecordingBody,
  type StartRecordingResponse,
  type UploadedPartsResponse,
} from '@peixun/shared/contracts/recordings';
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryPolicy } from './backoff';

/** A refusal from the service: its stable `code` and the Chinese explanation for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ApiError';
  }
}

export interface SignedPartUrls extends PartUrlsResponse {
  /**
   * When the URLs stop working by this computer's clock: the server's `expiresAt` shifted by the
   * difference between the server's clock (its Date header) and ours, since school PCs drift.
   */
  readonly localExpiresAtMs: number;
}

/** The service as the uploader sees it; the tests drive the uploader through the same interface. */
export interface RecordingsApi {
  start(sessionId: string, body: StartRecordingBody, idempotencyKey: string): Promise<StartRecordingResponse>;
  list(sessionId: string): Promise<ListRecordingsResponse>;
  get(sessionId: string, recordingId: string): Promise<RecordingView>;
  partUrls(sessionId: string, recordingId: string, from: number, to: number): Promise<SignedPartUrls>;
  parts(sessionId: string, recordingId: string): Promise<UploadedPartsResponse>;
  complete(sessionId: string, recordingId: string, body: CompleteRecordingBody): Promise<RecordingView>;
  abort(sessionId: string, recordingId: string): Promise<RecordingView>;
}

export interface HttpRecordingsApiOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
  /** Told about each retry, so the user sees why nothing moves. */
  readonly onRetry?: (what: string, attempt: number, delayMs: number, reason: string) => void;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

class TransientHttpError extends Error {}

/** JSON over HTTP with the user's token; transient failures are retried with backoff. */
export class HttpRecordingsApi implements RecordingsApi {
  private readonly baseUrl: string;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: HttpRecordingsApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  start(sessionId: string, body: StartRecordingBody, idempotencyKey: string): Promise<StartRecordingResponse> {
    return this.call('POST', recordingPaths.collection(sessionId), startRecordingResponseSchema, body, idempotencyKey).then((r) => r.body);
  }

  list(sessionId: string): Promise<ListRecordingsResponse> {
    return this.call('GET', recordingPaths.collection(sessionId), listRecordingsResponseSchema).then((r) => r.body);
  }

  get(sessionId: string, recordingId: string): Promise<RecordingView> {
    return this.call('GET', recordingPaths.item(sessionId, recordingId), recordingViewSchema).then((r) => r.body);
  }

  async partUrls(sessionId: string, recordingId: string, from: number, to: number): Promise<SignedPartUrls> {
    const { body, serverDateMs, receivedAtMs } = await this.call(
      'POST',
      recordingPaths.partUrls(sessionId, recordingId),
      partUrlsResponseSchema,
      { from, to },
    );
    const skewMs = serverDateMs === undefined ? 0 : receivedAtMs - serverDateMs;
    return { ...body, localExpiresAtMs: Date.parse(body.expiresAt) + skewMs };
  }

  parts(sessionId: string, recordingId: string): Promise<UploadedPartsResponse> {
    return this.call('GET', recordingPaths.parts(sessionId, recordingId), uploadedPartsResponseSchema).then((r) => r.body);
  }

  complete(sessionId: string, recordingId: string, body: CompleteRecordingBody): Promise<RecordingView> {
    return this.call('POST', recordingPaths.complete(sessionId, recordingId), recordingViewSchema, body).then((r) => r.body);
  }

  abort(sessionId: string, recordingId: string): Promise<RecordingView> {
    return this.call('DELETE', recordingPaths.item(sessionId, recordingId), recordingViewSchema).then((r) => r.body);
  }

  private async call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<{ body: z.infer<S>; serverDateMs: number | undefined; receivedAtMs: number }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(method, path, schema, body, idempotencyKey);
      } catch (error) {
        const transient = error instanceof TransientHttpError || (error instanceof TypeError && this.options.signal?.aborted !== true);
        if (!transient || attempt >= this.retry.maxAttempts) throw error;
        const delay = backoffDelay(attempt, this.retry);
        this.options.onRetry?.(`${method} ${path}`, attempt, delay, error.message);
        await sleep(delay, this.options.signal);
      }
    }
  }

  private async once<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<{ body: z.infer<S>; serverDateMs: number | undefined; receivedAtMs: number }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
    });
    const receivedAtMs = Date.now();
    const text = await response.text();
    if (RETRYABLE_STATUS.has(response.status)) throw new TransientHttpError(`HTTP ${response.status}`);
    const json = parseJson(text, response.status);
    if (!response.ok) {
      const problem = problemBodySchema.safeParse(json);
      if (problem.success) throw new ApiError(response.status, problem.data.code, problem.data.title, problem.data.detail);
      throw new ApiError(response.status, `HTTP_${response.status}`, '请求失败', `服务器返回 HTTP ${response.status}。`);
    }
    const dateHeader = response.headers.get('date');
    const serverDateMs = dateHeader === null ? undefined : Date.parse(dateHeader);
    return {
      body: schema.parse(json),
      serverDateMs: serverDateMs === undefined || Number.isNaN(serverDateMs) ? undefined : serverDateMs,
      receivedAtMs,
    };
  }
}

function parseJson(text: string, status: number): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    // A proxy or captive portal (hotel and school Wi-Fi) answering with HTML instead of the service.
    throw new ApiError(status, 'UNEXPECTED_RESPONSE', '服务器响应异常', `服务器返回了无法识别的内容（HTTP ${status}），请检查网络或服务地址。`);
  }
}
