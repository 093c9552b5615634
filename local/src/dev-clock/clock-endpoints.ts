import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@peixun/shared';
import type { LocalEndpoint } from '../gateway/local-endpoint';
import { readBody, sendJson } from '../http-io';
import type { DevClock } from './dev-clock';

const MAX_BODY_BYTES = 1024;

/** `{"at": "2026-12-02T09:05:00+08:00"}` moves the clock there; `{"at": null}` puts it back. */
const clockBodySchema = z.object({ at: z.iso.datetime({ offset: true }).nullable() }).strict();

function problem(response: ServerResponse, status: number, code: string, title: string, detail: string): void {
  const body: Problem = { type: 'about:blank', title, status, detail, code };
  sendJson(response, status, body, {}, PROBLEM_CONTENT_TYPE);
}

function view(clock: DevClock) {
  const now = clock.now();
  return { now: now.toISOString(), beijingTime: new Date(now.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00'), offsetSeconds: Math.round(clock.offsetMs / 1_000) };
}

/**
 * `GET /_local/clock` tells the time the functions read; `POST /_local/clock` moves it (both, like
 * every `/_local/` tool, for an admin's token only: `gateway/admin-guard.ts`), so check-in windows and deadlines can be tried at once. Never deployed: it is a gateway
 * endpoint of the local runtime, not a route of any manifest.
 */
export function devClockEndpoints(clock: DevClock): LocalEndpoint[] {
  return [
    { method: 'GET', path: '/_local/clock', handle: (_request, response) => sendJson(response, 200, view(clock)) },
    {
      method: 'POST',
      path: '/_local/clock',
      async handle(request, response) {
        let body: unknown;
        try {
          body = JSON.parse((await readBody(request, MAX_BODY_BYTES)).toString('utf8'));
        } catch {
          body = undefined;
        }
        const parsed = clockBodySchema.safeParse(body);
        if (!parsed.success) {
          problem(response, 400, 'VALIDATION_FAILED', '请求参数有误', '请以 JSON 提交 {"at": "2026-12-02T09:05:00+08:00"}（带时区的时间），或 {"at": null} 恢复系统时间。');
          return;
        }
        clock.set(parsed.data.at === null ? undefined : new Date(parsed.data.at));
        sendJson(response, 200, view(clock));
      },
    },
  ];
}
