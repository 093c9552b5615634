import { IDENTITY_AUTHORITY_PATH, identityCheckRequestSchema } from '@peixun/shared';
import { z } from 'zod';
import type { LocalEndpoint } from '../gateway/local-endpoint';
import { readBody, sendJson } from '../http-io';
import type { SimulatedIdentityAuthority } from './simulated-authority';

/** Where the simulated authority answers, under the gateway; the enrollment service gets it as `IDENTITY_AUTHORITY_URL`. */
export const IDENTITY_AUTHORITY_BASE_PATH = '/_local/identity-authority';

/** The API key the simulated authority accepts (the real one's key is a secret in AWS). */
export const LOCAL_IDENTITY_AUTHORITY_KEY = 'local-identity-authority-key';

/** A check carries at most one photo of 4 MB, base64-encoded. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

const listPersonSchema = z
  .object({
    idNumber: identityCheckRequestSchema.shape.idNumber,
    name: identityCheckRequestSchema.shape.name,
    idPhoto: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).optional(),
  })
  .strict();

async function jsonBody(request: Parameters<LocalEndpoint['handle']>[0]): Promise<unknown> {
  try {
    return JSON.parse((await readBody(request, MAX_REQUEST_BYTES)).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The simulated authority over HTTP:
 * - `POST /_local/identity-authority/v1/identity-verifications`: the protocol the real service
 *   speaks (Bearer API key, JSON in and out, validated both ways);
 * - `POST /_local/identity-authority/people` `{idNumber, name, idPhoto?}`: lists a person, for
 *   tests and trials (204);
 * - `POST /_local/identity-authority/outage` `{unavailable: true|false}`: answers every check
 *   with 503 until switched back, to try the "authority unavailable" path (204).
 */
export function identityAuthorityEndpoints(authority: SimulatedIdentityAuthority): LocalEndpoint[] {
  return [
    {
      method: 'POST',
      path: `${IDENTITY_AUTHORITY_BASE_PATH}${IDENTITY_AUTHORITY_PATH}`,
      openBecause: 'the enrollment service calls it as it calls the real authority, with the API key below',
      handle: async (request, response) => {
        if (request.headers.authorization !== `Bearer ${LOCAL_IDENTITY_AUTHORITY_KEY}`) {
          sendJson(response, 401, { title: '模拟实名核验服务：API 密钥无效' });
          return;
        }
        if (authority.unavailable) {
          sendJson(response, 503, { title: '模拟实名核验服务暂停服务' });
          return;
        }
        const parsed = identityCheckRequestSchema.safeParse(await jsonBody(request));
        if (!parsed.success) {
          sendJson(response, 400, { title: '模拟实名核验服务：请求格式不正确', issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
          return;
        }
        sendJson(response, 200, await authority.check(parsed.data));
      },
    },
    {
      method: 'POST',
      path: `${IDENTITY_AUTHORITY_BASE_PATH}/people`,
      handle: async (request, response) => {
        const parsed = listPersonSchema.safeParse(await jsonBody(request));
        if (!parsed.success) {
          sendJson(response, 400, { title: '人员信息格式不正确', issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
          return;
        }
        const { idPhoto, ...person } = parsed.data;
        try {
          await authority.add({ ...person, ...(idPhoto === undefined ? {} : { idPhoto: Buffer.from(idPhoto, 'base64') }) });
        } catch (error) {
          sendJson(response, 422, { title: '身份证照片无法使用', detail: error instanceof Error ? error.message : String(error) });
          return;
        }
        response.writeHead(204);
        response.end();
      },
    },
    {
      method: 'POST',
      path: `${IDENTITY_AUTHORITY_BASE_PATH}/outage`,
      handle: async (request, response) => {
        const parsed = z.object({ unavailable: z.boolean() }).safeParse(await jsonBody(request));
        if (!parsed.success) {
          sendJson(response, 400, { title: '请求格式不正确' });
          return;
        }
        authority.unavailable = parsed.data.unavailable;
        response.writeHead(204);
        response.end();
      },
    },
  ];
}
