import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@peixun/shared';
import { sendJson } from '../http-io';
import type { AuthorizerResult } from './jwt-authorizer';

const HOW_TO = '请携带管理员令牌：Authorization: Bearer $(npm run -s token -- admin)。';

const isAdmin = (result: AuthorizerResult): boolean => result.authorized && /^\[(.* )?admin( .*)?\]$/.test(result.claims['cognito:groups'] ?? '');

function problem(response: ServerResponse, status: number, code: string, title: string, detail: string, headers: Record<string, string> = {}): void {
  const body: Problem = { type: 'about:blank', title, status, detail, code };
  sendJson(response, status, body, headers, PROBLEM_CONTENT_TYPE);
}

/**
 * The local runtime's tools (`/_local/*`) answer an administrator's token only: without one 401,
 * with another role's 403. Returns whether the request may go on; otherwise it has been answered.
 */
export async function admitAdmin(
  authorization: string | undefined,
  response: ServerResponse,
  authorize: (authorization: string | undefined) => Promise<AuthorizerResult>,
): Promise<boolean> {
  const caller = await authorize(authorization);
  if (!caller.authorized) {
    problem(response, 401, 'UNAUTHENTICATED', '未登录', HOW_TO, { 'www-authenticate': caller.wwwAuthenticate });
    return false;
  }
  if (!isAdmin(caller)) {
    problem(response, 403, 'FORBIDDEN', '无权访问', `只有系统管理员（admin）可以使用本地运行环境的工具接口。${HOW_TO}`);
    return false;
  }
  return true;
}
