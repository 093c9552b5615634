import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@peixun/shared';
import type { LocalEndpoint } from '../gateway/local-endpoint';
import { readBody, sendJson } from '../http-io';
import type { DevIssuer } from './issuer';
import { DEV_PASSWORD, findUser } from './users';

const signInSchema = z.object({ username: z.string().min(1), password: z.string() });

const MAX_SIGN_IN_BYTES = 4 * 1024;

const isJson = (contentType: string | undefined): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');

function sendProblem(response: ServerResponse, problem: Problem): void {
  sendJson(response, problem.status, problem, {}, PROBLEM_CONTENT_TYPE);
}

/** Discovery, keys and a password sign-in for the seeded users (Cognito's InitiateAuth, simplified). */
export function identityEndpoints(issuer: DevIssuer): LocalEndpoint[] {
  return [
    {
      method: 'GET',
      path: '/.well-known/jwks.json',
      handle: (_request, response) => sendJson(response, 200, issuer.jwks),
    },
    {
      method: 'GET',
      path: '/.well-known/openid-configuration',
      handle: (_request, response) => sendJson(response, 200, issuer.openidConfiguration()),
    },
    {
      method: 'POST',
      path: '/auth/token',
      async handle(request, response) {
        // JSON only: a form or text/plain body is what a page on another origin can send without a
        // preflight, and the answer is a token (Cognito's InitiateAuth takes JSON only too).
        if (!isJson(request.headers['content-type'])) {
          sendProblem(response, {
            type: 'about:blank',
            title: '不支持的请求格式',
            status: 415,
            detail: '请求体必须是 JSON（Content-Type: application/json）。',
            code: 'UNSUPPORTED_MEDIA_TYPE',
          });
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse((await readBody(request, MAX_SIGN_IN_BYTES)).toString('utf8'));
        } catch {
          body = undefined;
        }
        const credentials = signInSchema.safeParse(body);
        if (!credentials.success) {
          sendProblem(response, {
            type: 'about:blank',
            title: '请求参数有误',
            status: 400,
            detail: '请以 JSON 提交 {"username": "…", "password": "…"}。',
            code: 'VALIDATION_FAILED',
          });
          return;
        }
        // Only exact usernames sign in here; role names are a convenience of tokenFor and the CLI.
        const user = findUser(credentials.data.username);
        if (user === undefined || user.username !== credentials.data.username || credentials.data.password !== DEV_PASSWORD) {
          sendProblem(response, {
            type: 'about:blank',
            title: '登录失败',
            status: 401,
            detail: '用户名或密码错误。',
            code: 'INVALID_CREDENTIALS',
          });
          return;
        }
        sendJson(response, 200, { ...(await issuer.issue(user)), tokenType: 'Bearer' });
      },
    },
  ];
}
