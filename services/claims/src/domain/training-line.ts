import type { CertificateLevel, RuleFinding } from '@peixun/shared';
import type { CertificateRecord } from './model';

/** The facts of an approved, completed class that a training-subsidy line is judged against. */
export interface ClassFacts {
  readonly classId: string;
  readonly institutionId: string;
  readonly approvingAreaCode: string;
  readonly occupation: { code: string; name: string };
  /** Certificate level and the catalogue's subsidy for it, in the version in force at approval. */
  readonly certificates: ReadonlyArray<{ occupationCode: string; level: CertificateLevel; subsidyFen: number }>;
  readonly catalogueIsSample: boolean;
  /** Date of the first session (Asia/Shanghai): a certificate must be issued on or after it. */
  readonly startDate: string;
  readonly completionAttendancePercent: number;
}

export interface RosterMember {
  readonly traineeId: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly certificate?: { occupationCode: string; level: CertificateLevel };
}

export interface LineJudgement {
  readonly level: CertificateLevel;
  readonly amountFen: number;
  readonly certificate?: CertificateRecord;
  readonly refusals: RuleFinding[];
  readonly warnings: RuleFinding[];
}

/**
 * One line of a training-subsidy claim (按证补贴, Art. 18, 22): the trainee must hold a verified
 * certificate of the class's occupation and level issued on or after the class started, and have
 * attended at least the class's completion threshold. "Not subsidised before" is decided by the
 * database when the line is written. Manual attendance and missing recordings only warn: a
 * recording is not a basis for payment (Art. 24).
 */
export function judgeTrainingLine(args: {
  klass: ClassFacts;
  member: RosterMember;
  attendance: { ratePercent: number; completed: boolean } | undefined;
  certificates: readonly CertificateRecord[];
  manualAttendanceCount: number;
  missingRecordingSessions: readonly string[];
}): LineJudgement {
  const { klass, member, attendance } = args;
  const target = member.certificate ?? klass.certificates[0] ?? { occupationCode: klass.occupation.code, level: 'LEVEL_5' as const };
  const standard = klass.certificates.find((c) => c.occupationCode === target.occupationCode && c.level === target.level);
  const refusals: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];

  const certificate = args.certificates.find(
    (c) => c.status === 'VERIFIED' && c.occupationCode === target.occupationCode && c.level === target.level && c.issuedOn >= klass.startDate,
  );
  if (certificate === undefined) {
    refusals.push({
      rule: 'CERTIFICATE_REQUIRED',
      article: '第十八条、第二十二条',
      reason: `未取得本班职业（${klass.occupation.name}）对应等级、开班（${klass.startDate}）后核发并经核验的证书，按证补贴不予补贴。`,
    });
  }
  if (attendance === undefined) {
    refusals.push({ rule: 'ATTENDANCE_UNKNOWN', article: '第二十七条、第二十八条', reason: '尚未收到该学员的考勤汇总，不能确认其完成培训。' });
  } else if (attendance.ratePercent < klass.completionAttendancePercent) {
    refusals.push({
      rule: 'ATTENDANCE_BELOW_THRESHOLD',
      article: '第二十七条、第二十八条',
      reason: `出勤率 ${attendance.ratePercent}% 低于本班结业要求 ${klass.completionAttendancePercent}%。`,
    });
  }
  if (standard === undefined || standard.subsidyFen === 0) {
    refusals.push({ rule: 'NO_SUBSIDY_STANDARD', article: '第六条', reason: '培训目录中没有该职业、等级的补贴标准。' });
  }
  if (klass.catalogueIsSample) {
    refusals.push({ rule: 'SAMPLE_CATALOGUE', article: '第六条', reason: '班次按示例培训目录审批，示例目录的补贴标准不能用于拨付。' });
  }
  if (args.manualAttendanceCount > 0) {
    warnings.push({
      rule: 'MANUAL_ATTENDANCE',
      article: '第二十七条',
      reason: `有 ${args.manualAttendanceCount} 条非人脸（人工补录）考勤，请审核人员核实。`,
    });
  }
  if (args.missingRecordingSessions.length > 0) {
    warnings.push({
      rule: 'RECORDING_MISSING',
      article: '第二十四条',
      reason: `本班有 ${args.missingRecordingSessions.length} 个课次缺少全程录像；录像不作为补贴拨付依据，仅供监管参考。`,
    });
  }
  return { level: target.level, amountFen: standard?.subsidyFen ?? 0, ...(certificate === undefined ? {} : { certificate }), refusals, warnings };
}
