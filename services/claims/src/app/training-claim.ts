import { accessAllows, type AuthContext, type ClaimView, fileTrainingClaimRoute, Forbidden, newId, now, type RuleFinding } from '@peixun/shared';
import type { FilingOutcome } from '../adapters/ledger';
import type { ClaimsDependencies } from '../dependencies';
import { shanghaiDate } from '../domain/claim-deadline';
import { claimAlreadyFiled, claimClassNotCompleted, claimClassUnknown, claimNoPolicyPeriod } from '../domain/errors';
import type { ClaimHeader, ClaimLine } from '../domain/model';
import { policyPeriodOn } from '../domain/policy-periods';
import { judgeTrainingLine } from '../domain/training-line';
import { claimView } from './claim-view';

const KIND = 'TRAINING_SUBSIDY' as const;
/** Roster members whose certificates are looked up at once (one query each). */
const READ_CONCURRENCY = 20;

const REFUSED_BY_LEDGER: Partial<Record<FilingOutcome, RuleFinding>> = {
  ALREADY_SUBSIDISED: { rule: 'ALREADY_SUBSIDISED', article: '第二十九条', reason: '该学员同一职业同一等级已享受过补贴（培训补贴、证书直补或技能提升补贴）。' },
  LIMIT_REACHED: { rule: 'LIMIT_REACHED', article: '第二十九条', reason: '该学员本政策期内培训补贴已达次数上限。' },
  HIGHER_LEVEL_HELD: { rule: 'HIGHER_LEVEL_HELD', article: '第二十九条', reason: '该学员已持有同职业更高等级的证书。' },
};

/** `run` over every item, at most `limit` at a time (no waiting for the slowest of a batch); results in order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * A school's training-subsidy claim for one completed class (按证补贴, Art. 18, 22): one line per
 * trainee on the final roster, each judged by the pure rules; an eligible line takes its sentinel
 * and counter in the transaction that writes it, so a trainee subsidised elsewhere in the meantime
 * makes the line ineligible, never paid twice. Ineligible lines stay with their reasons.
 */
export async function fileTrainingClaim(deps: ClaimsDependencies, auth: AuthContext, classId: string): Promise<ClaimView> {
  const at = now();
  const klass = await deps.projections.klass(classId);
  if (klass === undefined) throw claimClassUnknown(classId);
  // Whose class it is comes before anything of its state (cancelled, not completed).
  if (!accessAllows(fileTrainingClaimRoute.access, auth, { institutionId: klass.institutionId })) throw new Forbidden('只能为本机构的班次申请培训补贴。');
  if (klass.cancelled) throw claimClassUnknown(classId);
  if (!klass.completed) throw claimClassNotCompleted();
  const today = shanghaiDate(at);
  const period = policyPeriodOn(today);
  if (period === undefined) throw claimNoPolicyPeriod(today);

  const [institution, attendance, warnings] = await Promise.all([
    deps.projections.institution(klass.institutionId),
    deps.projections.attendance(classId),
    deps.projections.classWarnings(classId),
  ]);
  const payee = { kind: 'INSTITUTION' as const, institutionId: klass.institutionId };
  const payeeName = institution?.name ?? klass.institutionId;
  const header: ClaimHeader = {
    claimId: newId('clm', at.getTime()),
    subsidyKind: KIND,
    payee,
    payeeName,
    areaCode: klass.approvingAreaCode,
    institutionId: klass.institutionId,
    classId,
    policyPeriod: period.id,
    filedAt: at.toISOString(),
    filedBy: auth.username,
    building: true,
    totalEligibleFen: 0,
    decisions: [],
  };
  const opened = await deps.ledger.openTrainingClaim(header, classId);
  if (opened.outcome === 'CLAIM_EXISTS') throw claimAlreadyFiled(opened.claimId);

  const judged = await mapConcurrently(klass.roster, READ_CONCURRENCY, async (member) => {
    const certificates = await deps.ledger.certificatesOfHolder(member.name, member.idNumberMasked);
    const judgement = judgeTrainingLine({
      klass,
      member,
      attendance: attendance?.trainees.find((trainee) => trainee.traineeId === member.traineeId),
      certificates,
      manualAttendanceCount: warnings.manualByTrainee.get(member.traineeId) ?? 0,
      missingRecordingSessions: warnings.missingSessions,
    });
    const certificate = judgement.certificate;
    const line: ClaimLine = {
      claimId: header.claimId,
      lineId: `line_${member.traineeId}`,
      subsidyKind: KIND,
      payee,
      payeeName,
      areaCode: klass.approvingAreaCode,
      institutionId: klass.institutionId,
      ...(institution === undefined ? {} : { institutionName: institution.name }),
      traineeId: member.traineeId,
      holderName: member.name,
      idNumberMasked: member.idNumberMasked,
      idNumberPublic: certificate?.idNumberPublic ?? member.idNumberMasked,
      ...(certificate === undefined ? {} : { personFingerprint: certificate.personFingerprint, certificateNumber: certificate.certificateNumber }),
      occupationCode: klass.occupation.code,
      occupationName: klass.occupation.name,
      level: judgement.level,
      amountFen: judgement.amountFen,
      status: judgement.refusals.length === 0 ? 'IN_REVIEW' : 'NOT_ELIGIBLE',
      refusals: judgement.refusals,
      warnings: judgement.warnings,
      objections: [],
      payments: {},
    };
    const keys =
      line.status === 'IN_REVIEW' && certificate !== undefined
        ? { personFingerprint: certificate.personFingerprint, occupationCode: certificate.occupationCode, level: certificate.level, subsidyKind: KIND, policyPeriod: period.id, limit: period.limits[KIND] }
        : undefined;
    return { line, keys };
  });
  // Every line with what it takes, in a few shared transactions: each line is answered as its own
  // transaction would have been, so a refused sentinel, counter or held level refuses that line alone.
  const outcomes = await deps.ledger.fileTrainingLines(header, judged);
  const lines = judged.map(({ line }, index): ClaimLine => {
    const refusal = REFUSED_BY_LEDGER[outcomes[index] ?? 'OK'];
    // The ledger refused the subsidy: the line stays in the claim, ineligible, with the rule that held.
    return refusal === undefined ? line : { ...line, status: 'NOT_ELIGIBLE', refusals: [...line.refusals, refusal] };
  });
  const refused = lines.filter((line, index) => REFUSED_BY_LEDGER[outcomes[index] ?? 'OK'] !== undefined);
  if (refused.length > 0) await deps.ledger.fileTrainingLines(header, refused.map((line) => ({ line, keys: undefined })));
  const total = lines.filter((line) => line.status === 'IN_REVIEW').reduce((sum, line) => sum + line.amountFen, 0);
  await deps.ledger.finishBuilding(header.claimId, total);
  return claimView({ ...header, building: false, totalEligibleFen: total }, lines);
}
