import { describe, expect, it } from 'vitest';
import { photoBase64Schema } from '../src/contracts/attendance/photo';

/**
 * Found by the route fuzz test (FUZZ_SEED=11): `POST /trainees` with `facePhoto: "g="` passed the
 * contract, decoded to zero bytes and reached the identity authority's client as an empty photo,
 * whose own check threw: a 500. A photo is whole base64 quanta (the last one padded or not).
 */
describe('photoBase64Schema', () => {
  it('refuses base64 that decodes to nothing or to a partial byte', () => {
    for (const text of ['g=', 'g', '=', '==', 'aGVsb', 'aGVsb=', 'aGk==', 'aG=k', 'aGk=aGk=']) {
      expect(photoBase64Schema.safeParse(text).success, text).toBe(false);
    }
  });

  it('takes padded and unpadded base64 of at least one byte', () => {
    for (const bytes of [[0xff], [1, 2], [1, 2, 3], [1, 2, 3, 4]]) {
      const padded = Buffer.from(bytes).toString('base64');
      expect(photoBase64Schema.parse(padded)).toBe(padded);
      expect(photoBase64Schema.parse(padded.replace(/=+$/, ''))).toBe(padded.replace(/=+$/, ''));
    }
  });

  it('every text it takes decodes to at least one byte', () => {
    for (const text of ['QQ', 'QUI', 'QUJD', 'QUJDRA', 'QUJDRA==']) {
      expect(photoBase64Schema.safeParse(text).success, text).toBe(true);
      expect(Buffer.from(text, 'base64').length).toBeGreaterThan(0);
    }
  });
});
