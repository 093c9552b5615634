import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { describe, expect, it } from 'vitest';
import { type TestResponse, useLocalRuntime } from '../../test/support/runtime';
import type { OpenApiDocument } from '../src/openapi';

/**
 * The document the runtime serves at /openapi.json, held against real answers of the running
 * system: each refusal comes with a status the operation documents, a `code` that status
 * enumerates and the title its example shows.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

const registration = (idNumber: string) => ({
  idNumber,
  name: '李四',
  phone: '13912345678',
  targetGroups: ['RURAL_MIGRANT_WORKER'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
});

async function documentedAnswer(method: string, path: string, response: TestResponse): Promise<unknown> {
  const document = (await runtime().request('GET', '/openapi.json')).body as OpenApiDocument;
  const documented = document.paths[path]?.[method.toLowerCase()]?.responses[String(response.status)];
  const problem = response.body as { code: string; title: string; status: number };
  const media = documented?.content?.['application/problem+json'];
  return {
    status: problem.status,
    documented: documented !== undefined,
    code: problem.code,
    example: media?.examples?.[problem.code]?.value,
  };
}

describe('/openapi.json against the running system', () => {
  it('a second registration of the same ID number: 409 TRAINEE_ALREADY_REGISTERED, as documented', async () => {
    const first = await runtime().request('POST', '/trainees', { as: 'school1', body: registration('440305198807170016') });
    expect(first.status).toBe(201);
    const again = await runtime().request('POST', '/trainees', { as: 'school1', body: registration('440305198807170016') });
    expect(again.status).toBe(409);
    const problem = again.body as { title: string };
    expect(await documentedAnswer('POST', '/trainees', again)).toEqual({
      status: 409,
      documented: true,
      code: 'TRAINEE_ALREADY_REGISTERED',
      example: expect.objectContaining({ status: 409, code: 'TRAINEE_ALREADY_REGISTERED', title: problem.title }),
    });
  });

  it('the preset refusals (403 role, 400 validation, 415 media type) come as documented too', async () => {
    const refusals = [
      await runtime().request('POST', '/trainees', { as: 'reviewer1', body: registration('440305198807170016') }),
      await runtime().request('POST', '/trainees', { as: 'school1', body: { ...registration('440305198807170016'), idNumber: '123' } }),
      await runtime().request('POST', '/trainees', { as: 'school1', body: 'idNumber=1', headers: { 'content-type': 'text/plain' } }),
    ];
    expect(refusals.map((response) => response.status)).toEqual([403, 400, 415]);
    for (const response of refusals) {
      const problem = response.body as { code: string; title: string };
      expect(await documentedAnswer('POST', '/trainees', response)).toEqual({
        status: response.status,
        documented: true,
        code: problem.code,
        example: expect.objectContaining({ status: response.status, code: problem.code, title: problem.title }),
      });
    }
  });
});
