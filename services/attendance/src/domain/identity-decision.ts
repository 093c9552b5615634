/**
 * Who is in the photo, decided from one 1:N search among the class roster (scores of every
 * roster member with a template). The same search serves 1:1 verification and the anti-proxy
 * rule, so a check costs one face detection:
 * - 1:1 (trainee id given): passes only when the claimed trainee is the best match and reaches
 *   the threshold. When another roster member matches better and reaches the threshold, the
 *   photo shows someone else from the class: a proxy attempt (代签), recorded as an anomaly.
 * - 1:N (kiosk, no id): the best roster match at or above the threshold.
 *
 * Scores just below the threshold (from `secondPhotoFrom` up) are the grey zone where a genuine
 * trainee in bad light and a look-alike overlap: the photo neither passes nor counts as somebody
 * else, and the trainee is asked for a second photo. Each photo is decided on its own, so two
 * grey-zone photos never add up to a pass: only a photo at or above the threshold passes.
 */
export interface ScoredCandidate {
  readonly subjectId: string;
  readonly templateId: string;
  readonly similarity: number;
}

export interface DecisionBand {
  /** A score at or above this passes. */
  readonly threshold: number;
  /** A score from here up to the threshold asks for another photo; equal to `threshold`: no grey zone. */
  readonly secondPhotoFrom: number;
}

export type IdentityDecision =
  | { readonly outcome: 'MATCHED'; readonly traineeId: string; readonly templateId: string; readonly similarity: number }
  | { readonly outcome: 'SECOND_PHOTO'; readonly traineeId: string; readonly similarity: number }
  | { readonly outcome: 'NO_MATCH'; readonly similarity: number | null }
  | { readonly outcome: 'OTHER_TRAINEE'; readonly matchedTraineeId: string; readonly similarity: number | null };

export function decideIdentity(claimed: string | undefined, scored: readonly ScoredCandidate[], band: DecisionBand): IdentityDecision {
  const { threshold, secondPhotoFrom } = band;
  if (!(secondPhotoFrom <= threshold)) throw new RangeError(`The second-photo band must start at or below the threshold (${secondPhotoFrom} > ${threshold})`);
  const ranked = [...scored].sort((a, b) => b.similarity - a.similarity);
  const best = ranked[0];
  if (claimed === undefined) {
    if (best === undefined) return { outcome: 'NO_MATCH', similarity: null };
    if (best.similarity >= threshold) return { outcome: 'MATCHED', traineeId: best.subjectId, templateId: best.templateId, similarity: best.similarity };
    if (best.similarity >= secondPhotoFrom) return { outcome: 'SECOND_PHOTO', traineeId: best.subjectId, similarity: best.similarity };
    return { outcome: 'NO_MATCH', similarity: best.similarity };
  }
  const own = ranked.find((candidate) => candidate.subjectId === claimed);
  if (best !== undefined && best.subjectId !== claimed && best.similarity >= threshold) {
    return { outcome: 'OTHER_TRAINEE', matchedTraineeId: best.subjectId, similarity: own?.similarity ?? null };
  }
  if (own !== undefined && own.similarity >= threshold) {
    return { outcome: 'MATCHED', traineeId: claimed, templateId: own.templateId, similarity: own.similarity };
  }
  if (own !== undefined && own.similarity >= secondPhotoFrom) return { outcome: 'SECOND_PHOTO', traineeId: claimed, similarity: own.similarity };
  return { outcome: 'NO_MATCH', similarity: own?.similarity ?? null };
}
