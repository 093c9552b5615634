import { describe, expect, it } from 'vitest';
import { piiCipherFromSecret } from '../src/crypto/pii-cipher';

const cipher = piiCipherFromSecret('a-development-secret-of-enough-length-0123456789');

describe('PII cipher', () => {
  it('seals so that the clear number does not appear, and opens it again', () => {
    const sealed = cipher.encrypt('11010519491231002X');
    expect(sealed).not.toContain('11010519491231002X');
    expect(cipher.decrypt(sealed)).toBe('11010519491231002X');
  });

  it('seals the same number differently each time (random IV)', () => {
    expect(cipher.encrypt('11010519491231002X')).not.toBe(cipher.encrypt('11010519491231002X'));
  });

  it('fingerprints deterministically per key, so uniqueness can be enforced on it', () => {
    const other = piiCipherFromSecret('another-development-secret-of-enough-length-0000');
    expect(cipher.fingerprint('11010519491231002X')).toBe(cipher.fingerprint('11010519491231002X'));
    expect(cipher.fingerprint('11010519491231002X')).not.toBe(other.fingerprint('11010519491231002X'));
  });

  it('refuses a tampered envelope', () => {
    const sealed = cipher.encrypt('11010519491231002X');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => cipher.decrypt(tampered)).toThrow();
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => piiCipherFromSecret('short')).toThrow(/PII_KEY/);
  });
});
