/** Money is integer fen; bank files speak yuan with exactly two decimals. */
export function yuanOf(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const YUAN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Reads "12.30", "12.3" or "12" as fen without floating point; undefined when it is not an amount. */
export function fenOf(yuan: string): number | undefined {
  const match = YUAN.exec(yuan.trim());
  if (match === null) return undefined;
  const [, whole = '', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
