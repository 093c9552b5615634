import { afterEach, describe, expect, it } from 'vitest';
import { now } from '../src';
import { setClockOffset } from '../src/clock';

afterEach(() => setClockOffset(0));

describe('clock', () => {
  it('is the system time while no offset is set (always so in AWS)', () => {
    const before = Date.now();
    const at = now().getTime();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('shifts now() by the offset, forwards and backwards', () => {
    const day = 24 * 3600 * 1000;
    setClockOffset(day);
    expect(now().getTime() - Date.now()).toBeGreaterThan(day - 1_000);
    setClockOffset(-day);
    expect(Date.now() - now().getTime()).toBeGreaterThan(day - 1_000);
  });

  it('refuses an offset that is not a number of milliseconds', () => {
    setClockOffset(60_000);
    expect(() => setClockOffset(Number.NaN)).toThrow(RangeError);
    // The refused offset leaves the previous one in force.
    expect(now().getTime() - Date.now()).toBeGreaterThan(59_000);
  });
});
