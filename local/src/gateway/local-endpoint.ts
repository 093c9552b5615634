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
  /**
   * Under `/_local/` every endpoint answers an admin's token only (the events show names and birth
   * dates; the clock, the bank and the identity authority change what the system decides). One
   * that must be reachable without it says why here.
   */
  openBecause?: string;
}

/** Where the local runtime's own tools live; never deployed. */
export const LOCAL_TOOLS_PREFIX = '/_local/';
