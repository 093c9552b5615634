/**
 * Administrative division codes (GB/T 2260) nest by prefix: 52 province, 5201 city, 520102
 * county. A reviewer of an office sees everything inside its division, so a provincial reviewer
 * (520000) sees every county and a county reviewer only its own.
 */
export function areaPrefix(areaCode: string): string {
  return areaCode.replace(/(00)+$/, '');
}

export function areaCovers(reviewerArea: string, recordArea: string): boolean {
  const prefix = areaPrefix(reviewerArea);
  return prefix !== '' && recordArea.startsWith(prefix);
}
