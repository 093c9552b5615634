/**
 * The HTTP adapter of the `IdentityVerifier` port against real HTTP servers on this machine: the
 * local runtime's simulated authority (the same endpoints `npm start` serves) and servers that
 * misbehave as a provincial service may (slow, 5xx, unreadable, refusing the key). No fetch mock.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityAuthorityEndpoints, IDENTITY_AUTHORITY_BASE_PATH, LOCAL_IDENTITY_AUTHORITY_KEY } from '../../../local/src/identity-authority/authority-endpoints';
import { type FaceComparer, SimulatedIdentityAuthority } from '../../../local/src/identity-authority/simulated-authority';
import { IdentityAuthorityClient, IdentityAuthorityRejectedRequest, type UnavailableReason } from '../src/adapters/identity-authority-client';
import { residentId } from './support/issue3-fixtures';

/** Photos as bytes: "the same person" is the same first byte, enough to drive the protocol (the face engine has its own tests). */
const sameFirstByte: FaceComparer = (() => {
  const indexed = new Map<string, number>();
  return {
    index: async (subject, idPhoto) => void indexed.set(subject, idPhoto[0] ?? -1),
    samePerson: async (subject, photo) => indexed.get(subject) === photo[0],
  };
})();

const authority = new SimulatedIdentityAuthority(sameFirstByte);
const listed = { idNumber: residentId('520102', '19880808', 71), name: '王小明' };

async function serve(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const endpoints = identityAuthorityEndpoints(authority);
const servers: Server[] = [];
let simulatorUrl = '';

const started = async (listener: RequestListener): Promise<string> => {
  const { server, url } = await serve(listener);
  servers.push(server);
  return url;
};

beforeAll(async () => {
  simulatorUrl = await started((request, response) => {
    const endpoint = endpoints.find((candidate) => candidate.method === request.method && candidate.path === request.url);
    if (endpoint === undefined) {
      response.writeHead(404).end();
      return;
    }
    void endpoint.handle(request, response);
  });
  await authority.add({ ...listed, idPhoto: new Uint8Array([7, 1, 2]) });
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const client = (baseUrl: string, options: { apiKey?: string; timeoutMs?: number; unavailable?: UnavailableReason[] } = {}) =>
  new IdentityAuthorityClient(
    { baseUrl, apiKey: options.apiKey ?? LOCAL_IDENTITY_AUTHORITY_KEY, timeoutMs: options.timeoutMs ?? 2_000 },
    (reason) => options.unavailable?.push(reason),
  );

describe('IdentityAuthorityClient against the simulated authority (the protocol npm start serves)', () => {
  const simulator = () => client(`${simulatorUrl}${IDENTITY_AUTHORITY_BASE_PATH}`);

  it('confirms a listed person by ID number and name, telling that an ID photo is on file', async () => {
    expect(await simulator().verify(listed)).toMatchObject({ outcome: 'MATCH', faceCompared: false, idPhotoOnFile: true });
  });

  it('answers NAME_MISMATCH for a listed number under another name', async () => {
    expect(await simulator().verify({ ...listed, name: '李四' })).toMatchObject({ outcome: 'NAME_MISMATCH' });
  });

  it('compares a face with the ID photo: the same person matches, someone else is FACE_MISMATCH', async () => {
    expect(await simulator().verify({ ...listed, facePhoto: new Uint8Array([7, 9, 9]) })).toMatchObject({ outcome: 'MATCH', faceCompared: true });
    expect(await simulator().verify({ ...listed, facePhoto: new Uint8Array([8, 9, 9]) })).toMatchObject({ outcome: 'FACE_MISMATCH' });
  });

  it('knows any unlisted number with a valid check character and takes its name on trust, with no ID photo', async () => {
    const stranger = { idNumber: residentId('520302', '19950101', 13), name: '随便' };
    expect(await simulator().verify(stranger)).toMatchObject({ outcome: 'MATCH', faceCompared: false, idPhotoOnFile: false });
    expect(await simulator().verify({ ...stranger, facePhoto: new Uint8Array([1]) })).toMatchObject({ outcome: 'MATCH', faceCompared: false, idPhotoOnFile: false });
  });

  it('is UNAVAILABLE while the simulated service is down (503), and answers again afterwards', async () => {
    const reasons: UnavailableReason[] = [];
    authority.unavailable = true;
    try {
      expect(await client(`${simulatorUrl}${IDENTITY_AUTHORITY_BASE_PATH}`, { unavailable: reasons }).verify(listed)).toEqual({ outcome: 'UNAVAILABLE' });
    } finally {
      authority.unavailable = false;
    }
    expect(reasons).toEqual(['server-error']);
    expect(await simulator().verify(listed)).toMatchObject({ outcome: 'MATCH' });
  });

  it('lists a person through POST /_local/identity-authority/people, as a trial by hand would', async () => {
    const someone = { idNumber: residentId('520102', '19930303', 75), name: '赵六' };
    const listedOverHttp = await fetch(`${simulatorUrl}${IDENTITY_AUTHORITY_BASE_PATH}/people`, { method: 'POST', body: JSON.stringify(someone) });
    expect(listedOverHttp.status).toBe(204);
    expect(await simulator().verify({ ...someone, name: '赵七' })).toMatchObject({ outcome: 'NAME_MISMATCH' });
    expect(await simulator().verify(someone)).toMatchObject({ outcome: 'MATCH', idPhotoOnFile: false });
    const refused = await fetch(`${simulatorUrl}${IDENTITY_AUTHORITY_BASE_PATH}/people`, { method: 'POST', body: JSON.stringify({ ...someone, idNumber: '520102199303030750' }) });
    expect(refused.status).toBe(400);
  });

  it('throws on a refused API key: a misconfigured deployment must not pass for "unavailable"', async () => {
    await expect(client(`${simulatorUrl}${IDENTITY_AUTHORITY_BASE_PATH}`, { apiKey: 'wrong' }).verify(listed)).rejects.toBeInstanceOf(IdentityAuthorityRejectedRequest);
  });
});

describe('IdentityAuthorityClient against a misbehaving service', () => {
  it('is UNAVAILABLE when the answer takes longer than the timeout', async () => {
    const url = await started((_, response) => {
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 1_500);
    });
    const reasons: UnavailableReason[] = [];
    const startedAt = Date.now();
    expect(await client(url, { timeoutMs: 200, unavailable: reasons }).verify(listed)).toEqual({ outcome: 'UNAVAILABLE' });
    expect(Date.now() - startedAt).toBeLessThan(1_400);
    expect(reasons).toEqual(['timeout']);
  });

  it('is UNAVAILABLE on a 500 and on an answer outside the protocol', async () => {
    const failing = await started((_, response) => void response.writeHead(500).end('oops'));
    const garbled = await started((_, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 'PROBABLY' })));
    const reasons: UnavailableReason[] = [];
    expect(await client(failing, { unavailable: reasons }).verify(listed)).toEqual({ outcome: 'UNAVAILABLE' });
    expect(await client(garbled, { unavailable: reasons }).verify(listed)).toEqual({ outcome: 'UNAVAILABLE' });
    expect(reasons).toEqual(['server-error', 'unreadable-answer']);
  });

  it('is UNAVAILABLE when nothing listens', async () => {
    const { server, url } = await serve(() => {});
    await new Promise((resolve) => server.close(resolve));
    expect(await client(url).verify(listed)).toEqual({ outcome: 'UNAVAILABLE' });
  });

  it('sends the request the protocol describes, with the key as a bearer token', async () => {
    let seen: { path?: string; authorization?: string; body?: unknown } = {};
    const url = await started((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen = { path: request.url, authorization: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 'NOT_FOUND', faceCompared: false, idPhotoOnFile: false, checkId: 'c1' }));
      });
    });
    expect(await client(`${url}/gateway/`, { apiKey: 'k-123' }).verify({ ...listed, facePhoto: new Uint8Array([1, 2, 3]) })).toEqual({ outcome: 'NOT_FOUND', checkId: 'c1' });
    expect(seen).toEqual({ path: '/gateway/v1/identity-verifications', authorization: 'Bearer k-123', body: { ...listed, facePhoto: 'AQID' } });
  });
});
