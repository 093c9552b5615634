import { connect, createServer, type Server, type Socket } from 'node:net';
import { closeServer, listen, LOOPBACK } from '../net';
import { deniedTableAction, tableActionsOf } from './dynamodb-grants';
import { accessKeyIdOf, roleArnOf, tableArnOf, type LocalAccess } from './function-access';

export interface DynamoDbAccessProxy {
  /** Where the functions' DynamoDB clients point (AWS_ENDPOINT_URL_DYNAMODB). */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** A request head larger than this is no SDK's: the connection is refused. */
const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

interface RequestHead {
  /** Bytes of the head, its closing empty line included. */
  readonly size: number;
  readonly contentLength: number;
  readonly authorization: string | undefined;
  /** DynamoDB's JSON protocol names the operation here: `DynamoDB_20120810.PutItem`. */
  readonly target: string | undefined;
}

/** What this proxy does not take apart: such a request is answered here, and the connection closed. */
class UnsupportedRequest extends Error {}

/** The few headers the check needs, from a head of HTTP/1.1 header lines (names case-insensitive). */
function parseHead(bytes: Buffer, size: number): RequestHead {
  const lines = bytes.toString('latin1', 0, size - HEAD_END.length).split('\r\n');
  let contentLength: number | undefined;
  let authorization: string | undefined;
  let target: string | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new UnsupportedRequest(`malformed header line`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value) || (contentLength !== undefined && contentLength !== Number(value))) throw new UnsupportedRequest('invalid Content-Length');
      contentLength = Number(value);
    } else if (name === 'transfer-encoding' || name === 'expect') {
      // No DynamoDB client sends either: bodies are JSON of a known length.
      throw new UnsupportedRequest(`${name} is not supported`);
    } else if (name === 'authorization') authorization = value;
    else if (name === 'x-amz-target') target = value;
  }
  return { size, contentLength: contentLength ?? 0, authorization, target };
}

const parseJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

function answer(status: string, contentType: string, body: string, close: boolean): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([
    Buffer.from(`HTTP/1.1 ${status}\r\nContent-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\nConnection: ${close ? 'close' : 'keep-alive'}\r\n\r\n`, 'latin1'),
    bytes,
  ]);
}

/** The answer DynamoDB gives a caller whose policies do not allow the action (HTTP 400, like every client error of the JSON protocol). */
const accessDenied = (message: string): Buffer =>
  answer('400 Bad Request', 'application/x-amz-json-1.0', JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: message }), false);

/**
 * A pass-through in front of DynamoDB Local that only the functions talk to: it reads each
 * request's access key id, operation (X-Amz-Target) and table names (TableName, RequestItems,
 * TransactItems), and answers AccessDeniedException for what the function's access list does not
 * grant; administrators' requests (the default local key) have their bodies passed on unread.
 *
 * It works on the bytes: each client connection gets its own connection to the engine, a granted
 * request is passed on as it came, and the engine's answers flow back unparsed. Taking every
 * request and answer apart and building them anew (node:http on both sides) cost the gateway's
 * process more per DynamoDB call than the function's own SDK did. This relies on what every
 * HTTP/1.1 client of DynamoDB does: a body of a stated Content-Length, and a next request on a
 * connection only once the last answer has arrived (no pipelining), so that a refusal written
 * here never overtakes an answer of the engine.
 */
export async function startDynamoDbAccessProxy(upstream: string, access: LocalAccess): Promise<DynamoDbAccessProxy> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();

  const serve = (client: Socket): void => {
    let engine: Socket | undefined;
    let buffered: Buffer = Buffer.alloc(0);
    let refused = false;
    const track = (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    };
    track(client);
    const toEngine = (bytes: Buffer): void => {
      if (engine === undefined) {
        const opened = connect({ host: target.hostname, port: Number(target.port) });
        track(opened);
        opened.setNoDelay(true);
        // The engine's answers go back as they come; its end (or failure) ends the client's connection.
        opened.pipe(client);
        opened.on('error', () => {
          if (client.bytesWritten === 0 && opened.bytesRead === 0) client.end(answer('502 Bad Gateway', 'text/plain', 'DynamoDB Local unreachable', true));
          else client.destroy();
        });
        engine = opened;
      }
      if (!engine.write(bytes)) {
        client.pause();
        engine.once('drain', () => client.resume());
      }
    };
    const handle = (head: RequestHead, request: Buffer): void => {
      const keyId = accessKeyIdOf(head.authorization);
      const principal = access.principalOf(keyId);
      if (principal === 'admin') return toEngine(request);
      const operation = (head.target ?? '').split('.').pop() ?? '';
      if (principal === 'unknown') {
        client.write(accessDenied(`User: ${roleArnOf(principal, keyId)} is not authorized to perform: dynamodb:${operation} (unknown function key)`));
        return;
      }
      const denied = deniedTableAction(principal, tableActionsOf(operation, parseJson(request.subarray(head.size))));
      if (denied !== undefined) {
        client.write(
          accessDenied(
            `User: ${roleArnOf(principal, keyId)} is not authorized to perform: dynamodb:${denied.action} on resource: ${tableArnOf(denied.table)} because no identity-based policy allows the dynamodb:${denied.action} action (local access list of ${principal.service}.${principal.fn})`,
          ),
        );
        return;
      }
      toEngine(request);
    };
    client.setNoDelay(true);
    client.on('data', (chunk: Buffer) => {
      if (refused) return;
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        // Every whole request buffered, in order; a partial one waits for more bytes.
        for (;;) {
          const end = buffered.indexOf(HEAD_END);
          if (end === -1) {
            if (buffered.length > MAX_HEAD_BYTES) throw new UnsupportedRequest('request head too large');
            return;
          }
          const head = parseHead(buffered, end + HEAD_END.length);
          const size = head.size + head.contentLength;
          if (buffered.length < size) return;
          const request = buffered.subarray(0, size);
          buffered = buffered.subarray(size);
          handle(head, request);
        }
      } catch (error) {
        if (!(error instanceof UnsupportedRequest)) throw error;
        refused = true;
        client.end(answer('400 Bad Request', 'text/plain', `The local DynamoDB access check cannot read this request: ${error.message}`, true));
        engine?.destroy();
      }
    });
    client.on('error', () => engine?.destroy());
    client.on('close', () => engine?.destroy());
  };

  const server: Server = createServer(serve);
  // Port 0: nobody but the runtime needs to know where it is.
  const port = await listen(server, 0, { zh: 'DynamoDB 访问检查代理', en: 'DynamoDB access proxy' });
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}
