import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen, LOOPBACK } from '../net';
import { deniedTableAction, tableActionsOf } from './dynamodb-grants';
import { accessKeyIdOf, roleArnOf, tableArnOf, type LocalAccess } from './function-access';

export interface DynamoDbAccessProxy {
  /** Where the functions' DynamoDB clients point (AWS_ENDPOINT_URL_DYNAMODB). */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** DynamoDB's JSON protocol names the operation in this header: `DynamoDB_20120810.PutItem`. */
const TARGET_HEADER = 'x-amz-target';

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const parseJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

/** The answer DynamoDB gives a caller whose policies do not allow the action (HTTP 400, like every client error of the JSON protocol). */
function accessDenied(response: ServerResponse, message: string): void {
  const body = JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: message });
  response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * A pass-through in front of DynamoDB Local that only the functions talk to: it reads each
 * request's access key id, operation (X-Amz-Target) and table names (TableName, RequestItems,
 * TransactItems), and answers AccessDeniedException for what the function's access list does not
 * grant; everything else goes to the engine unchanged over kept-alive connections. Administrators'
 * requests (the default local key) are not even parsed.
 */
export async function startDynamoDbAccessProxy(upstream: string, access: LocalAccess): Promise<DynamoDbAccessProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const forward = (request: IncomingMessage, response: ServerResponse, body: Buffer | undefined) => {
    const upstreamRequest = httpRequest(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstreamRequest.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`DynamoDB Local unreachable: ${error.message}`);
    });
    if (body === undefined) request.pipe(upstreamRequest);
    else upstreamRequest.end(body);
  };

  const server = createServer((request, response) => {
    const keyId = accessKeyIdOf(request.headers.authorization);
    const principal = access.principalOf(keyId);
    if (principal === 'admin') return forward(request, response, undefined);
    void readBody(request).then(
      (body) => {
        const operation = String(request.headers[TARGET_HEADER] ?? '').split('.').pop() ?? '';
        if (principal === 'unknown') {
          return accessDenied(response, `User: ${roleArnOf(principal, keyId)} is not authorized to perform: dynamodb:${operation} (unknown function key)`);
        }
        const denied = deniedTableAction(principal, tableActionsOf(operation, parseJson(body)));
        if (denied !== undefined) {
          return accessDenied(
            response,
            `User: ${roleArnOf(principal, keyId)} is not authorized to perform: dynamodb:${denied.action} on resource: ${tableArnOf(denied.table)} because no identity-based policy allows the dynamodb:${denied.action} action (local access list of ${principal.service}.${principal.fn})`,
          );
        }
        forward(request, response, body);
      },
      () => response.destroy(),
    );
  });
  // Port 0: nobody but the runtime needs to know where it is.
  const port = await listen(server, 0, { zh: 'DynamoDB 访问检查代理', en: 'DynamoDB access proxy' });
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    async stop() {
      server.closeAllConnections();
      await closeServer(server);
      agent.destroy();
    },
  };
}
