/**
 * Who is in the photo, decided from one 1:N search among the class roster (scores of every
 * roster member with a template). The same search serves 1:1 verification and the anti-proxy
 * rule, so a check costs one face detection:
 * - 1:1 (trainee id given): passes only when the claimed trainee is the best match and reaches
 *   the threshold. When another roster member matches better and reaches the threshold, the
 *   photo shows someone else from the class: a proxy attempt (代签), recorded as an anomaly.
 * - 1:N (kiosk, no id): the best roster match at or above the threshold.
 */
export interface ScoredCandidate {
  readonly subjectId: string;
  readonly templateId: string;
  readonly similarity: number;
}

export type IdentityDecision =
  | { readonly outcome: 'MATCHED'; readonly traineeId: string; readonly templateId: string; readonly similarity: number }
  | { readonly outcome: 'NO_MATCH'; readonly similarity: number | null }
  | { readonly outcome: 'OTHER_TRAINEE'; readonly matchedTraineeId: string; readonly similarity: number | null };

export function decideIdentity(claimed: string | undefined, scored: readonly ScoredCandidate[], threshold: number): IdentityDecision {
  const ranked = [...scored].sort((a, b) => b.similarity - a.similarity);
  const best = ranked[0];
  if (claimed === undefined) {
    return best !== undefined && best.similarity >= threshold
      ? { outcome: 'MATCHED', traineeId: best.subjectId, templateId: best.templateId, similarity: best.similarity }
      : { outcome: 'NO_MATCH', similarity: best?.similarity ?? null };
  }
  const own = ranked.find((candidate) => candidate.subjectId === claimed);
  if (best !== undefined && best.subjectId !== claimed && best.similarity >= threshold) {
    return { outcome: 'OTHER_TRAINEE', matchedTraineeId: best.subjectId, similarity: own?.similarity ?? null };
  }
  if (own !== undefined && own.similarity >= threshold) {
    return { outcome: 'MATCHED', traineeId: claimed, templateId: own.templateId, similarity: own.similarity };
  }
  return { outcome: 'NO_MATCH', similarity: own?.similarity ?? null };
}
