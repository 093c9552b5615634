/**
 * The 64-bit pHash of a 32×32 greyscale image: the 2-D DCT-II of the image, its 8×8 lowest
 * frequencies after the constant term, each bit set where the coefficient is above their mean.
 * It is `sharp-phash`'s hash (the same cosine table, pixel order, scaling and comparison, checked
 * against the package in photo-replay.test.ts), computed separably and for the 64 coefficients it
 * keeps: the package computes all 1,024 with a four-deep loop, ≈ 7 ms of CPU per hash, twice per
 * check-in (the photo and its mirror image).
 */
export const PHASH_SAMPLE_SIDE = 32;
const LOW = 8;
const N = PHASH_SAMPLE_SIDE;

/** cos((2k + 1) / 2N · n · π) for k, n < N: the DCT-II basis, as `sharp-phash` tabulates it. */
const COSINES: readonly Float64Array[] = Array.from({ length: N }, (_, k) => Float64Array.from({ length: N }, (_, n) => Math.cos(((2 * k + 1) / (2 * N)) * n * Math.PI)));

/** `pixels`: N×N greyscale, row by row. Answers 16 hex digits, the first coefficient in the top bit. */
export function perceptualHash(pixels: Uint8Array): string {
  if (pixels.length !== N * N) throw new RangeError(`pHash needs ${N}×${N} pixels, got ${pixels.length}`);
  // Rows first: for each kept horizontal frequency u, the transform of every row y.
  const rows = Array.from({ length: LOW }, (_, index) => {
    const u = index + 1;
    const out = new Float64Array(N);
    for (let y = 0; y < N; y++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += COSINES[x]![u]! * pixels[N * y + x]!;
      out[y] = sum;
    }
    return out;
  });
  // Then columns, for each kept vertical frequency v. The scale factors are 1 for u, v ≥ 1, hence / 4.
  const coefficients: number[] = [];
  for (const row of rows) {
    for (let v = 1; v <= LOW; v++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += COSINES[y]![v]! * row[y]!;
      coefficients.push(sum / 4);
    }
  }
  const mean = coefficients.reduce((total, value) => total + value, 0) / coefficients.length;
  const bits = coefficients.map((value) => (value > mean ? '1' : '0')).join('');
  return BigInt(`0b${bits}`).toString(16).padStart(16, '0');
}
