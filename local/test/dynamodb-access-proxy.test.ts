import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbAccessProxy, startDynamoDbAccessProxy } from '../src/access/dynamodb-access-proxy';
import { functionAccessKeyId, LocalAccess } from '../src/access/function-access';
import { closeServer, listen } from '../src/net';
import { tableName } from '../src/resource-names';
import { accessProbeManifest } from './fixtures/access/manifest';

/**
 * The access check in front of DynamoDB Local works on the bytes of HTTP/1.1 (function-access.test.ts
 * drives it with the SDK): here a stand-in engine that echoes what reached it shows requests split
 * anywhere, several on one connection, refusals in between, and what it will not take apart.
 */
let engine: Server;
let engineUrl: string;
let proxy: DynamoDbAccessProxy;
const reached: string[] = [];

beforeAll(async () => {
  engine = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      reached.push(body);
      const answer = JSON.stringify({ echoed: body, target: request.headers['x-amz-target'] });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(answer) }).end(answer);
    });
  });
  engineUrl = `http://127.0.0.1:${await listen(engine, 0, { zh: '测试引擎', en: 'test engine' })}`;
  const access = new LocalAccess();
  access.register([accessProbeManifest]);
  proxy = await startDynamoDbAccessProxy(engineUrl, access);
});
afterAll(async () => {
  await proxy.stop();
  engine.closeAllConnections();
  await closeServer(engine);
});

const key = (fn: 'reader' | 'writer') => functionAccessKeyId('grants', fn);
function request(operation: string, body: unknown, keyId: string): string {
  const json = JSON.stringify(body);
  return (
    `POST / HTTP/1.1\r\nHost: proxy\r\nX-Amz-Target: DynamoDB_20120810.${operation}\r\n` +
    `Authorization: AWS4-HMAC-SHA256 Credential=${keyId}/20260101/cn-northwest-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n` +
    `Content-Type: application/x-amz-json-1.0\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`
  );
}

/** A raw connection to the proxy that collects the answers (status and body) as they arrive whole. */
function client(): { socket: Socket; answers(count: number): Promise<Array<{ status: number; body: string }>>; closed: Promise<void> } {
  const socket = connect(Number(new URL(proxy.endpoint).port), '127.0.0.1');
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const parse = () => {
    const answers: Array<{ status: number; body: string }> = [];
    let rest = received;
    for (;;) {
      const end = rest.indexOf('\r\n\r\n');
      if (end === -1) return answers;
      const head = rest.toString('latin1', 0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (rest.length < end + 4 + length) return answers;
      answers.push({ status: Number(head.split(' ')[1]), body: rest.toString('utf8', end + 4, end + 4 + length) });
      rest = rest.subarray(end + 4 + length);
    }
  };
  const answers = async (count: number) => {
    for (let waited = 0; parse().length < count; waited += 10) {
      if (waited > 5_000) throw new Error(`only ${parse().length} of ${count} answers arrived`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return parse();
  };
  return { socket, answers, closed };
}

describe('DynamoDB access proxy on the wire', () => {
  it('passes a granted request on as it came, however its bytes are split, and the engine’s answer back', async () => {
    const { socket, answers } = client();
    const bytes = Buffer.from(request('GetItem', { TableName: tableName('grants'), Key: { pk: { S: '读' } } }, key('reader')));
    // One byte at a time, then the rest: the request is complete only at its last byte.
    for (const byte of bytes.subarray(0, 40)) {
      socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    socket.write(bytes.subarray(40));
    const [answer] = await answers(1);
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer?.body ?? '{}')).toEqual({ echoed: JSON.stringify({ TableName: tableName('grants'), Key: { pk: { S: '读' } } }), target: 'DynamoDB_20120810.GetItem' });
    socket.destroy();
  });

  it('answers several requests of one connection in order, a refusal between two granted ones', async () => {
    const { socket, answers } = client();
    const before = reached.length;
    socket.write(request('GetItem', { TableName: tableName('grants'), n: 1 }, key('reader')));
    expect((await answers(1))[0]?.status).toBe(200);
    socket.write(request('PutItem', { TableName: tableName('grants'), n: 2 }, key('reader')));
    const refused = (await answers(2))[1];
    expect(refused?.status).toBe(400);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ __type: 'com.amazon.coral.service#AccessDeniedException' });
    expect(refused?.body).toContain('dynamodb:PutItem');
    socket.write(request('PutItem', { TableName: tableName('grants'), n: 3 }, key('writer')));
    expect((await answers(3))[2]?.status).toBe(200);
    // The refused request never reached the engine.
    expect(reached.slice(before).map((body) => (JSON.parse(body) as { n: number }).n)).toEqual([1, 3]);
    socket.destroy();
  });

  it('refuses another table, an unknown function key, and passes the administrator unread', async () => {
    const { socket, answers } = client();
    socket.write(request('Query', { TableName: tableName('other') }, key('writer')));
    expect((await answers(1))[0]).toMatchObject({ status: 400 });
    socket.write(request('Query', { TableName: tableName('grants') }, 'LOCALFNnobodyAtAll'));
    expect((await answers(2))[1]?.body).toContain('unknown function key');
    socket.write(request('Query', 'not even an object', 'local'));
    expect((await answers(3))[2]).toMatchObject({ status: 200 });
    socket.destroy();
  });

  it('answers a request it cannot take apart (chunked) with 400 and closes the connection', async () => {
    const { socket, answers, closed } = client();
    socket.write('POST / HTTP/1.1\r\nHost: proxy\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
    const [answer] = await answers(1);
    expect(answer?.status).toBe(400);
    expect(answer?.body).toContain('transfer-encoding');
    await closed;
  });

  it('answers 502 when the engine is not there', async () => {
    const access = new LocalAccess();
    const orphan = await startDynamoDbAccessProxy('http://127.0.0.1:9', access);
    try {
      const socket = connect(Number(new URL(orphan.endpoint).port), '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      await new Promise<void>((resolve) => socket.once('close', () => resolve()).write(request('ListTables', {}, 'local')));
      expect(Buffer.concat(chunks).toString('latin1')).toMatch(/^HTTP\/1\.1 502 /);
    } finally {
      await orphan.stop();
    }
  });
});
