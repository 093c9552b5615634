/**
 * Variance of the Laplacian (Pech-Pacheco et al., 2000): a sharp image has strong second
 * derivatives at edges, a blurred one has almost none, so the spread of the Laplacian response
 * is a cheap, model-free focus measure. Measured on the face only, resampled to a fixed size,
 * so the number does not depend on the photo's resolution or on a sharp background.
 */
export function laplacianVariance(grey: Uint8Array, width: number, height: number): number {
  if (grey.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${grey.length}`);
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumOfSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const at = y * width + x;
      // 4-neighbour kernel [0 1 0; 1 -4 1; 0 1 0]; the border row/column has no full neighbourhood.
      const response =
        px(grey, at - width) + px(grey, at + width) + px(grey, at - 1) + px(grey, at + 1) - 4 * px(grey, at);
      sum += response;
      sumOfSquares += response * response;
      count++;
    }
  }
  const mean = sum / count;
  return sumOfSquares / count - mean * mean;
}

// Indexes are in range by construction; the fallback only satisfies noUncheckedIndexedAccess.
function px(grey: Uint8Array, index: number): number {
  return grey[index] ?? 0;
}
