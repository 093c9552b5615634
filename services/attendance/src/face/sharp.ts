import type { default as Sharp } from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

/**
 * sharp, loaded by the first photo rather than at import: libvips is a native addon whose loading
 * costs ≈ 40 ms, and most attendance functions (summaries, lists, manual records, projections)
 * never decode a photo, though the service's modules reach this one through its dependencies.
 */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    // libvips keeps recent operations and their pixels in a cache. No photo is decoded twice here,
    // so in a long-lived process (a warm Lambda, a kiosk server) the cache would only hold memory.
    sharp.cache(false);
    return sharp;
  });
  return loading;
}
