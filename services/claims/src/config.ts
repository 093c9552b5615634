import { numberFromEnv } from '@peixun/shared';

export const CLAIMS_ENV = {
  disclosureWorkingDays: 'CLAIMS_DISCLOSURE_WORKING_DAYS',
  objectionsPerHour: 'CLAIMS_OBJECTIONS_PER_HOUR',
} as const;

export interface ClaimsConfig {
  /** (practice) Working days an approved subsidy stays on the public list before payment. */
  readonly disclosureWorkingDays: number;
  /** Objections one source may file per hour (the public route needs no login). */
  readonly objectionsPerHour: number;
}

export function loadClaimsConfig(): ClaimsConfig {
  return {
    disclosureWorkingDays: numberFromEnv(CLAIMS_ENV.disclosureWorkingDays, 5),
    objectionsPerHour: numberFromEnv(CLAIMS_ENV.objectionsPerHour, 5),
  };
}
