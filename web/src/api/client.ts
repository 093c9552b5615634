import { fieldsFromZod, type RouteContract } from '@peixun/shared/browser';
import { z } from 'zod';
import { consoleConfig, loginOf } from '../auth/config';
import { refreshTokens } from '../auth/pkce';
import { isExpired, session, signIn, signOut } from '../auth/session';

/**
 * Every API call goes through a route contract from `@peixun/shared/browser`: the path comes from
 * the contract, the body is validated with the contract's schema before it leaves (so the same rule
 * refuses a field in the form and in the handler), and the answer is parsed with the contract's
 * response schema, so what a page shows is typed by what the service promises.
 */

const fieldErrorSchema = z.object({ path: z.string().optional(), code: z.string().optional(), message: z.string() });
const problemBody = z.object({
  code: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  status: z.number().optional(),
  errors: z.array(fieldErrorSchema).optional(),
});

export interface FieldError {
  path?: string;
  code?: string;
  message: string;
}

/** An answer that is not a success, or a request the contract refused before sending. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail === '' ? title : `${title}：${detail}`);
  }
}

type Schema<T> = T extends z.ZodType ? z.infer<T> : undefined;
type Input<R extends RouteContract> = (R['params'] extends z.ZodObject ? { params: z.input<R['params']> } : { params?: undefined }) &
  (R['body'] extends z.ZodType ? { body: z.input<R['body']> } : { body?: undefined }) & { query?: Record<string, string> };

export const pathOf = (template: string, params: Record<string, unknown> = {}): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));

export function validationProblem(error: z.ZodError, prefix = 'body'): ApiProblem {
  return new ApiProblem(
    400,
    'VALIDATION_FAILED',
    '请求参数有误',
    '请按提示修改标红的项目。',
    // The same Chinese messages the service would answer for these issues, not zod's English defaults.
    fieldsFromZod(error, prefix),
  );
}

async function currentToken(): Promise<string> {
  const tokens = session.tokens;
  if (tokens === undefined) throw new ApiProblem(401, 'UNAUTHENTICATED', '请先登录', '登录已失效，请重新登录。');
  if (!isExpired(tokens)) return tokens.idToken;
  const login = loginOf(await consoleConfig(), tokens.pool ?? 'staff');
  if (login !== undefined && tokens.refreshToken !== undefined) {
    const answer = await refreshTokens(login.domain, login.clientId, tokens.refreshToken);
    signIn({ idToken: answer.id_token, refreshToken: tokens.refreshToken, expiresAt: Date.now() + answer.expires_in * 1_000, ...(tokens.pool === undefined ? {} : { pool: tokens.pool }) });
    return answer.id_token;
  }
  signOut();
  throw new ApiProblem(401, 'UNAUTHENTICATED', '登录已过期', '请重新登录。');
}

/** The staff API (it also answers the public pages and, locally, everyone). */
export async function apiUrl(path: string): Promise<string> {
  return `${(await consoleConfig()).apiBase}${path}`;
}

/** The API that accepts the signed-in person's tokens: a trainee pool token is for the trainee API only. */
async function signedInApiUrl(path: string): Promise<string> {
  const login = loginOf(await consoleConfig(), session.tokens?.pool ?? 'staff');
  return login === undefined ? apiUrl(path) : `${login.apiBase}${path}`;
}

export interface CallOptions {
  /** Raw body instead of JSON (roster files); the contract's body schema is then not applied. */
  rawBody?: Blob;
  signal?: AbortSignal;
  /** Sent as Idempotency-Key; a fresh one per call otherwise (mutations only). */
  idempotencyKey?: string;
  /** The public pages (disclosure lists, objections): no login, no Authorization header. */
  anonymous?: boolean;
}

export async function call<R extends RouteContract>(route: R, input: Input<R>, options: CallOptions = {}): Promise<Schema<R['response']['schema']>> {
  if (route.params !== undefined) {
    const params = route.params.safeParse(input.params);
    if (!params.success) throw validationProblem(params.error, 'path');
  }
  let body: BodyInit | undefined;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.anonymous !== true) headers.authorization = `Bearer ${await currentToken()}`;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] = options.rawBody.type || 'application/octet-stream';
  } else if (route.body !== undefined) {
    const parsed = route.body.safeParse(input.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    body = JSON.stringify(parsed.data);
    headers['content-type'] = 'application/json';
  }
  if (route.method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  const query = input.query === undefined ? '' : `?${new URLSearchParams(input.query)}`;
  const url = pathOf(route.path, input.params as Record<string, unknown> | undefined) + query;
  const response = await fetch(options.anonymous === true ? await apiUrl(url) : await signedInApiUrl(url), {
    method: route.method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) throw problemOf(response.status, json);
  return route.response.schema.parse(json) as Schema<R['response']['schema']>;
}

export function problemOf(status: number, json: unknown): ApiProblem {
  const problem = problemBody.safeParse(json);
  if (status === 401 && session.tokens !== undefined) {
    signOut();
    return new ApiProblem(401, 'UNAUTHENTICATED', '登录已失效', '请重新登录。');
  }
  if (!problem.success) return new ApiProblem(status, 'HTTP_ERROR', '服务暂时不可用', `服务器返回 ${status}，请稍后再试。`);
  const { code = 'HTTP_ERROR', title = '请求失败', detail = '', errors = [] } = problem.data;
  return new ApiProblem(status, code, title, detail, errors);
}

/** The message to show for any failure of a call: the problem's Chinese text, or a network hint. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  if (error instanceof TypeError) return '网络连接失败，请检查网络后重试。';
  return '操作失败，请稍后再试。';
}
