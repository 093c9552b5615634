import { describe, expect, it } from 'vitest';
import { PartUrls, type SignedParts } from '../src/upload/part-urls';

/** A recordings service that signs what it is asked for and counts the asks; `release` answers them. */
function signer(expiresAt: () => string = () => '2026-12-03T12:15:00Z') {
  const asked: Array<{ from: number; to: number }> = [];
  const waiting: Array<() => void> = [];
  let failNext = false;
  return {
    asked,
    failNext: () => (failNext = true),
    release: () => waiting.splice(0).forEach((answer) => answer()),
    sign(from: number, to: number): Promise<SignedParts> {
      asked.push({ from, to });
      const failing = failNext;
      failNext = false;
      return new Promise((resolve, reject) =>
        waiting.push(() =>
          failing
            ? reject(new TypeError('network'))
            : resolve({ expiresAt: expiresAt(), urls: Array.from({ length: to - from + 1 }, (_, i) => ({ partNumber: from + i, url: `https://s3.test/part-${from + i}?signed=${asked.length}` })) }),
        ),
      );
    },
  };
}

const NOW = Date.parse('2026-12-03T12:00:00Z');
const parts = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('presigned part URLs in the browser uploader', () => {
  it('four workers starting together ask the service once, not four times', async () => {
    const service = signer();
    const urls = new PartUrls({ sign: (from, to) => service.sign(from, to), maxPerRequest: 100, missing: parts(32), now: () => NOW });
    const asking = Promise.all([1, 2, 3, 4].map((n) => urls.urlFor(n)));
    await settle();
    service.release();
    expect(await asking).toEqual([1, 2, 3, 4].map((n) => `https://s3.test/part-${n}?signed=1`));
    expect(service.asked).toEqual([{ from: 1, to: 32 }]);
    expect(await urls.urlFor(20)).toBe('https://s3.test/part-20?signed=1');
    expect(service.asked).toHaveLength(1);
  });

  it('a batch reaches no further than the next parts still missing, and a part beyond it gets a batch of its own', async () => {
    const service = signer();
    const urls = new PartUrls({ sign: (from, to) => service.sign(from, to), maxPerRequest: 3, missing: [2, 3, 5, 6, 9], now: () => NOW });
    const first = urls.urlFor(2);
    const beyond = urls.urlFor(6);
    await settle();
    service.release();
    await Promise.all([first, beyond]);
    expect(service.asked).toEqual([
      { from: 2, to: 4 },
      { from: 6, to: 8 },
    ]);
  });

  it('a URL about to expire, or one S3 refused, is signed again', async () => {
    let expiry = '2026-12-03T12:01:30Z';
    const service = signer(() => expiry);
    let now = NOW;
    const urls = new PartUrls({ sign: (from, to) => service.sign(from, to), maxPerRequest: 100, missing: parts(4), now: () => now });
    const first = urls.urlFor(1);
    await settle();
    service.release();
    expect(await first).toBe('https://s3.test/part-1?signed=1');
    now += 31_000; // 59 s left: within the margin
    const second = urls.urlFor(2);
    await settle();
    service.release();
    expect(await second).toBe('https://s3.test/part-2?signed=2');
    expiry = '2026-12-03T12:15:00Z';
    const again = urls.urlFor(1); // signed again, 1 to 4, with a long life
    await settle();
    service.release();
    expect(await again).toBe('https://s3.test/part-1?signed=3');
    expect(await urls.urlFor(3)).toBe('https://s3.test/part-3?signed=3');
    urls.forget(3);
    const third = urls.urlFor(3);
    await settle();
    service.release();
    expect(await third).toBe('https://s3.test/part-3?signed=4');
  });

  it('a failed request fails every worker waiting on it, and the next ask tries again', async () => {
    const service = signer();
    const urls = new PartUrls({ sign: (from, to) => service.sign(from, to), maxPerRequest: 100, missing: parts(8), now: () => NOW });
    service.failNext();
    const asking = [1, 2].map((n) => urls.urlFor(n).catch((error: unknown) => error));
    await settle();
    service.release();
    for (const outcome of await Promise.all(asking)) expect(outcome).toBeInstanceOf(TypeError);
    const retried = urls.urlFor(2);
    await settle();
    service.release();
    expect(await retried).toBe('https://s3.test/part-2?signed=2');
    expect(service.asked).toEqual([
      { from: 1, to: 8 },
      { from: 2, to: 8 },
    ]);
  });
});
