/** Finance dates are Beijing time (UTC+8, no daylight saving): the calendar day and month of an instant. */
const shanghai = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString();

export const shanghaiDate = (iso: string): string => shanghai(iso).slice(0, 10);
export const shanghaiMonth = (iso: string): string => shanghai(iso).slice(0, 7);
