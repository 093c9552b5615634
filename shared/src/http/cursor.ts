import { timingSafeEqual } from 'node:crypto';
import type { PiiCipher } from '../crypto/pii-cipher';
import { ValidationFailed } from '../errors';

/**
 * Pagination cursors handed to clients: opaque, signed with the service's key and bound to the
 * caller and the query that produced them, so a cursor can be neither forged nor edited, nor
 * replayed by someone else or against another filter. Inside is whatever the store needs to resume
 * (a DynamoDB start key), which the adapter still checks before use.
 */
export class InvalidCursor extends ValidationFailed {
  constructor() {
    super([{ path: 'query.cursor', code: 'INVALID_CURSOR', message: '分页标记无效，请从第一页重新查询。' }]);
  }
}

/** `binding` names the caller and the query (e.g. `JSON.stringify([sub, filter])`); the same must be given to `openCursor`. */
export function sealCursor(position: string, binding: string, cipher: PiiCipher): string {
  const payload = Buffer.from(position, 'utf8').toString('base64url');
  return `${payload}.${cipher.fingerprint(`cursor\u0000${binding}\u0000${payload}`)}`;
}

/** The position inside a cursor this caller got for this query; anything else is a 400 `INVALID_CURSOR`. */
export function openCursor(cursor: string, binding: string, cipher: PiiCipher): string {
  const [payload, signature, ...rest] = cursor.split('.');
  if (payload === undefined || signature === undefined || rest.length > 0) throw new InvalidCursor();
  const expected = Buffer.from(cipher.fingerprint(`cursor\u0000${binding}\u0000${payload}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursor();
  return Buffer.from(payload, 'base64url').toString('utf8');
}
