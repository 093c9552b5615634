import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError, newId, problemFor } from '@peixun/shared';
import { z } from 'zod';
import { requestCompletion, verifyRecording } from '../../src/app/complete-upload';
import type { RecordingObjectStore } from '../../src/app/ports';
import { toRecordingView } from '../../src/app/recording-view';
import { startUpload, assertOwnInstitution, type Caller, type SessionFacts } from '../../src/app/start-upload';
import { abortUpload, issuePartUrls, listUploadedParts } from '../../src/app/upload-parts';
import {
  completeRecordingBodySchema,
  partUrlsBodySchema,
  startRecordingBodySchema,
  type PartUrlsResponse,
  type StartRecordingResponse,
  type UploadedPartsResponse,
} from '@peixun/shared/contracts/recordings';
import { MAX_PART_URLS_PER_REQUEST, type PartPlanLimits } from '../../src/domain/part-plan';
import type { Recording } from '../../src/domain/recording';

/**
 * The recordings HTTP API in a few dozen lines over node:http, calling the real use cases and the
 * real S3 adapter with an in-memory table. The uploader's fault tests (503s, stalls, URLs signed
 * in the past, a kill mid-upload) and the benchmark use it: they need to steer what the API and S3
 * answer, which the local runtime does not offer. The real handlers are tested end to end in
 * test/e2e/recordings.e2e.test.ts.
 */
export interface StubApiOptions {
  readonly store: RecordingObjectStore;
  readonly sessions: readonly SessionFacts[];
  /** Bearer token → caller. */
  readonly callers: Readonly<Record<string, Caller>>;
  readonly limits?: PartPlanLimits;
  /**
   * Signs part URLs for the n-th `part-urls` call (0-based) with another store, e.g. one whose
   * clock is in the past, while reporting the usual expiry: URLs S3 will refuse as expired.
   */
  readonly partUrlSigner?: (call: number) => RecordingObjectStore | undefined;
  /** Answer `complete` with 202 `verifying` and verify a moment later, as a worker would. */
  readonly verifyApart?: boolean;
}

export interface StubApi {
  readonly url: string;
  readonly recordings: Map<string, Recording>;
  readonly calls: { partUrls: number; start: number; complete: number };
  stop(): Promise<void>;
}

class HttpProblem extends DomainError {}

const notFound = (what: string): HttpProblem =>
  new HttpProblem({ code: 'NOT_FOUND', status: 404, title: '记录不存在', detail: `未找到${what}。` });

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

function send(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(JSON.stringify(body));
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpProblem({ code: 'VALIDATION_FAILED', status: 400, title: '请求参数有误', detail: z.prettifyError(result.error) });
  }
  return result.data;
}

export async function startStubApi(options: StubApiOptions): Promise<StubApi> {
  const recordings = new Map<string, Recording>();
  const idempotent = new Map<string, StartRecordingResponse>();
  const calls = { partUrls: 0, start: 0, complete: 0 };
  const sessions = new Map(options.sessions.map((session) => [session.sessionId, session]));
  const now = (): Date => new Date();

  const sessionOf = (sessionId: string): SessionFacts => {
    const session = sessions.get(sessionId);
    if (session === undefined) throw notFound(`课次（${sessionId}）`);
    return session;
  };
  const recordingOf = (sessionId: string, recordingId: string): Recording => {
    const recording = recordings.get(recordingId);
    if (recording === undefined || recording.sessionId !== sessionId) throw notFound(`录像（${recordingId}）`);
    return recording;
  };
  const save = (recording: Recording): Recording => {
    recordings.set(recording.recordingId, recording);
    return recording;
  };

  const verify = async (recording: Recording): Promise<Recording> => {
    const verdict = await verifyRecording(options.store, recording, now());
    save(verdict.recording);
    if (verdict.outcome === 'rejected') throw verdict.error;
    return verdict.recording;
  };

  async function route(request: IncomingMessage, response: ServerResponse, caller: Caller): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stub.invalid');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [root, sessionId, collection, recordingId, action] = segments;
    if (root !== 'sessions' || sessionId === undefined || collection !== 'recordings') throw notFound('接口');
    const method = request.method ?? 'GET';

    if (recordingId === undefined) {
      if (method === 'POST') {
        calls.start += 1;
        const key = request.headers['idempotency-key'];
        const replay = typeof key === 'string' ? idempotent.get(`${caller.sub}:${key}`) : undefined;
        if (replay !== undefined) return send(response, 201, replay);
        const body = parse(startRecordingBodySchema, await readJson(request));
        const recording = await startUpload(
          { store: options.store, limits: options.limits ?? {}, newRecordingId: () => newId('rec'), now },
          sessionOf(sessionId),
          caller,
          body,
        );
        save(recording);
        const answer: StartRecordingResponse = {
          recordingId: recording.recordingId,
          uploadId: recording.uploadId,
          status: recording.status,
          partSize: recording.partSize,
          partCount: recording.partCount,
          maxPartUrlsPerRequest: MAX_PART_URLS_PER_REQUEST,
        };
        if (typeof key === 'string') idempotent.set(`${caller.sub}:${key}`, answer);
        return send(response, 201, answer);
      }
      if (method === 'GET') {
        assertOwnInstitution(sessionOf(sessionId), caller);
        const list = [...recordings.values()]
          .filter((recording) => recording.sessionId === sessionId)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .map(toRecordingView);
        return send(response, 200, { recordings: list });
      }
    }
    if (recordingId === undefined) throw notFound('接口');
    const recording = recordingOf(sessionId, recordingId);

    if (action === undefined && method === 'GET') {
      assertOwnInstitution(recording, caller);
      return send(response, 200, toRecordingView(recording));
    }
    if (action === undefined && method === 'DELETE') {
      return send(response, 200, toRecordingView(save(await abortUpload(options.store, recording, caller, now()))));
    }
    if (action === 'part-urls' && method === 'POST') {
      const call = calls.partUrls;
      calls.partUrls += 1;
      const range = parse(partUrlsBodySchema, await readJson(request));
      const issued = await issuePartUrls(options.store, recording, caller, range, now());
      save(issued.recording);
      const signer = options.partUrlSigner?.(call);
      const urls = signer === undefined ? issued.urls : (await signer.presignPartUrls({ key: recording.objectKey, uploadId: recording.uploadId, ...range })).urls;
      const answer: PartUrlsResponse = { urls: [...urls], expiresAt: issued.expiresAt.toISOString() };
      return send(response, 200, answer);
    }
    if (action === 'parts' && method === 'GET') {
      const parts = await listUploadedParts(options.store, recording, caller);
      const answer: UploadedPartsResponse = {
        recordingId: recording.recordingId,
        status: recording.status,
        partSize: recording.partSize,
        partCount: recording.partCount,
        parts,
      };
      return send(response, 200, answer);
    }
    if (action === 'complete' && method === 'POST') {
      calls.complete += 1;
      const body = parse(completeRecordingBodySchema, await readJson(request));
      const verifying = save(await requestCompletion(options.store, recording, caller, body.sha256, now()));
      if (options.verifyApart === true) {
        setTimeout(() => void verify(verifying).catch(() => undefined), 200);
        return send(response, 202, toRecordingView(verifying));
      }
      return send(response, 200, toRecordingView(await verify(verifying)));
    }
    throw notFound('接口');
  }

  const server = createServer((request, response) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const caller = token === undefined ? undefined : options.callers[token];
    const handle = async (): Promise<void> => {
      if (caller === undefined) throw new HttpProblem({ code: 'UNAUTHENTICATED', status: 401, title: '未登录', detail: '请先登录后再操作。' });
      await route(request, response, caller);
    };
    handle().catch((error: unknown) => {
      if (error instanceof DomainError) return send(response, error.status, problemFor(error), 'application/problem+json');
      send(response, 500, { code: 'INTERNAL', title: '服务器错误', detail: String(error), status: 500 }, 'application/problem+json');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    recordings,
    calls,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
