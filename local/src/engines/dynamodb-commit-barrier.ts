import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { closeServer, listen, LOOPBACK } from '../net';

const TRANSACT_WRITE = 'DynamoDB_20120810.TransactWriteItems';
const SCAN = 'DynamoDB_20120810.Scan';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Headers of one hop only: bodies are passed on whole, with their length. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection', 'content-length']);

const endToEnd = (headers: IncomingHttpHeaders, body: Buffer): IncomingHttpHeaders => ({
  ...Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name))),
  'content-length': String(body.length),
});

function forward(agent: Agent, port: number, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest({ host: LOOPBACK, port, method, path, headers: endToEnd(headers, body), agent }, (response) => {
      readAll(response).then((answer) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: answer }), reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

/** The first table a TransactWriteItems request writes to. */
function tableOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { TransactItems?: Array<Record<string, { TableName?: string } | undefined>> };
    for (const item of parsed.TransactItems ?? []) {
      for (const action of Object.values(item)) if (action?.TableName !== undefined) return action.TableName;
    }
  } catch {
    // not JSON: DynamoDB Local has refused it already
  }
  return undefined;
}

export interface CommitBarrier {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local answers TransactWriteItems a moment before the transaction reaches its SQLite
 * file: killed right after the answer (`kill -9`), it comes back without the last transaction it
 * acknowledged (measured: of 50 sequential transactions each followed by an immediate kill, the
 * last one was gone every time; single PutItems were all kept). Registrations, claims and every
 * outbox write are transactions, so a crash could lose a write the client was told succeeded.
 *
 * This pass-through stands between the clients and the engine for runtimes with a data directory
 * and, after a successful TransactWriteItems, reads one item of its table (`Scan`, `Limit: 1`)
 * before passing the answer on: the read is served by the same SQLite queue after the commit, so
 * once it returns the transaction is in the file (measured: none lost with the barrier, 6 clients,
 * kill right after the 300th acknowledgement). Every other request is passed through unchanged.
 */
export async function startCommitBarrier(port: number, enginePort: number): Promise<CommitBarrier> {
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readAll(request);
      const answer = await forward(agent, enginePort, request.method ?? 'POST', request.url ?? '/', request.headers, body);
      const table = request.headers['x-amz-target'] === TRANSACT_WRITE && answer.status === 200 ? tableOf(body) : undefined;
      if (table !== undefined) {
        const scan = Buffer.from(JSON.stringify({ TableName: table, Limit: 1 }));
        await forward(agent, enginePort, 'POST', '/', { ...request.headers, 'x-amz-target': SCAN }, scan);
      }
      response.writeHead(answer.status, endToEnd(answer.headers, answer.body));
      response.end(answer.body);
    })().catch(() => {
      // The engine is gone (stopping, or killed): the client sees a dropped connection, as it would without the barrier.
      response.destroy();
    });
  });
  const bound = await listen(server, port, { zh: 'DynamoDB Local', en: 'DynamoDB Local' });
  return {
    port: bound,
    async stop() {
      server.closeAllConnections();
      await closeServer(server);
      agent.destroy();
    },
  };
}
