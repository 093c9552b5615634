/**
 * Art. 29: a direct certificate subsidy is applied for within one year of the certificate's issue
 * date. Periods counted in years follow the Civil Code (民法典 Art. 201–202): the period starts the
 * day after the issue date and ends on the corresponding day a year later; where that day does
 * not exist (issued on 29 February), on the last day of that month.
 */
export function lastDayToClaim(issuedOn: string): string {
  const year = Number(issuedOn.slice(0, 4)) + 1;
  const month = Number(issuedOn.slice(5, 7));
  const day = Number(issuedOn.slice(8, 10));
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastOfMonth)).padStart(2, '0')}`;
}

export const isWithinClaimPeriod = (issuedOn: string, today: string): boolean => today <= lastDayToClaim(issuedOn);

/** The date of the training calendar (Asia/Shanghai, no daylight saving) an instant falls on. */
export const shanghaiDate = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
