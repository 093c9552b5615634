import { createHash, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * `prefix_` + 26 characters: 10 of millisecond time and 16 of randomness (ULID layout, lower
 * case), so ids sort by creation and never collide across Lambda instances.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  let time = '';
  let rest = now;
  for (let i = 0; i < 10; i += 1) {
    time = (CROCKFORD[rest % 32] ?? '0') + time;
    rest = Math.floor(rest / 32);
  }
  const random = [...randomBytes(16)].map((byte) => CROCKFORD[byte % 32]).join('');
  return `${prefix}_${time}${random}`;
}

/**
 * The identity of a class's session across every service: `ses_` + 26 characters of the SHA-256
 * of the class id and the school's own label for the session. Schools name sessions freely
 * (`d1am`, `第1课`), and two schools will use the same names; a label is only unique inside its
 * class, so it never serves as a key outside enrollment. Derived rather than drawn at random so
 * that a draft edited again, a change request naming the session by its label and a replayed event
 * all land on the same id.
 */
export function sessionIdFor(classId: string, label: string): string {
  const digest = createHash('sha256').update(`${classId}\u0000${label}`).digest();
  return `ses_${[...digest.subarray(0, 26)].map((byte) => CROCKFORD[byte % 32]).join('')}`;
}
