import type { EnrollmentDependencies } from '../dependencies';
import { CLAIM_LIMITS, type ClaimSubject, type GuessableRoute } from '../domain/claim-attempts';

/**
 * A failed guess counts against each subject; reaching the limit locks the subject out, recorded
 * once as an anomaly naming the route. Claims and self-registration share the counters, so
 * guesses cannot be spread over the two routes.
 */
export async function countFailure(deps: EnrollmentDependencies, subjects: readonly ClaimSubject[], at: Date, route: GuessableRoute): Promise<void> {
  for (const subject of subjects) {
    const failures = await deps.claimAttempts.addFailure(subject, at);
    if (failures >= CLAIM_LIMITS.failures) await deps.claimAttempts.lockOut(subject, at, failures === CLAIM_LIMITS.failures, route);
  }
}
