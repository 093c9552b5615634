import type { SubsidyKind } from '@peixun/shared';

/**
 * Policy periods with the number of subsidies of each kind one person may receive in them
 * (Art. 29: for 2024–2025 the training subsidy and the skill-evaluation subsidy at most three times
 * each). Reference data, not rules: a new provincial document adds a period here.
 */
export interface PolicyPeriod {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly limits: Readonly<Record<SubsidyKind, number>>;
}

export const POLICY_PERIODS: readonly PolicyPeriod[] = [
  { id: '2024-2025', from: '2024-01-01', to: '2025-12-31', limits: { TRAINING_SUBSIDY: 3, DIRECT_CERTIFICATE_SUBSIDY: 3 } },
  // (practice) The 2024–2025 limit carried on until the province publishes the next one.
  { id: '2026-2027', from: '2026-01-01', to: '2027-12-31', limits: { TRAINING_SUBSIDY: 3, DIRECT_CERTIFICATE_SUBSIDY: 3 } },
];

export function policyPeriodOn(date: string, periods: readonly PolicyPeriod[] = POLICY_PERIODS): PolicyPeriod | undefined {
  return periods.find((period) => period.from <= date && date <= period.to);
}
