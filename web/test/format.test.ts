import { describe, expect, it } from 'vitest';
import { bytes } from '../src/format';

describe('sizes on the upload page', () => {
  it('nothing sent yet is 0 KB, a few bytes 1 KB, larger sizes in MB and GB', () => {
    expect(bytes(0)).toBe('0 KB');
    expect(bytes(100)).toBe('1 KB');
    expect(bytes(300 * 1024)).toBe('300 KB');
    expect(bytes(128 * 1024 ** 2)).toBe('128.0 MB');
    expect(bytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });
});
