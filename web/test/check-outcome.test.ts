import { checkInRoute, implicitErrors } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { CHECK_ADVICE } from '../src/camera/check-advice';

/**
 * Every way a face check can fail, as the route contract lists it, has a plain-Chinese headline and
 * advice with a way forward on the trainee's phone and the kiosk, so no person is left with a code.
 */
describe('check-in failures in plain Chinese (Art. 27)', () => {
  const implicit = new Set(implicitErrors(checkInRoute).map((error) => error.code));
  const codes = checkInRoute.errors.map((error) => error.code).filter((code) => !implicit.has(code));

  it.each(codes)('%s has a headline and advice in Chinese', (code) => {
    const advice = CHECK_ADVICE[code];
    expect(advice, `no advice for ${code}`).toBeDefined();
    expect(advice?.headline).toMatch(/\p{Script=Han}/u);
    expect(advice?.advice).toMatch(/\p{Script=Han}/u);
  });

  it('a failure that better light or framing cannot fix sends the trainee to staff for the manual record', () => {
    for (const code of ['PROXY_SUSPECTED', 'LOCKED_OUT', 'FACE_CONSENT_WITHDRAWN']) expect(CHECK_ADVICE[code]?.next).toBe('staff');
    for (const code of ['FACE_MISMATCH', 'FACE_BLURRED', 'FACE_LOW_QUALITY']) expect(CHECK_ADVICE[code]?.next).toBe('retry');
  });
});
