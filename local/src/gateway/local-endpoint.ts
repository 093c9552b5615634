import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A path the gateway answers itself, outside the API routes and without the JWT authorizer:
 * the dev issuer, the API reference and the bus inspection pages. In AWS these are other
 * services (Cognito, a static site) or do not exist.
 */
export interface LocalEndpoint {
  method: 'GET' | 'POST';
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> | void;
}
