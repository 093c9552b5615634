import { type AuthContext, certificateLevelSchema, type ImportReport, now, occupationCodeSchema, recordCertificateBodySchema, residentIdSchema, type RecordCertificateBody } from '@peixun/shared';
import * as z from 'zod';
import { readSheet } from '../adapters/sheet-reader';
import type { ClaimsDependencies } from '../dependencies';
import { ClaimError, importFileUnreadable } from '../domain/errors';
import { checkCertificateFacts, recordCertificate } from './certificates';

type Mode = 'all-or-nothing' | 'valid-rows';
type Row = ImportReport['rows'][number];

/** Column headings as evaluation bodies' exports name them (Chinese) or as the API does (English). */
const CERTIFICATE_COLUMNS: Record<string, keyof RecordCertificateBody> = {
  证书编号: 'certificateNumber',
  身份证号: 'idNumber',
  姓名: 'holderName',
  职业编码: 'occupationCode',
  职业名称: 'occupationName',
  等级: 'level',
  发证日期: 'issuedOn',
  发证机构: 'issuingBody',
};
const LEVEL_ALIASES: Record<string, string> = { 五级: 'LEVEL_5', 四级: 'LEVEL_4', 三级: 'LEVEL_3', 二级: 'LEVEL_2', 一级: 'LEVEL_1', 专项职业能力: 'SPECIAL_ABILITY' };

function records(rows: string[][], columns: Record<string, string>): Array<{ row: number; values: Record<string, string> }> {
  const [header, ...data] = rows;
  if (header === undefined) throw importFileUnreadable('文件为空。');
  const fields = header.map((heading) => columns[heading.trim()] ?? (Object.values(columns).includes(heading.trim()) ? heading.trim() : undefined));
  const missing = Object.entries(columns).filter(([, field]) => !fields.includes(field) && field !== 'issuingBody');
  if (missing.length > 0) throw importFileUnreadable(`缺少列：${missing.map(([heading]) => heading).join('、')}。`);
  return data
    .map((cells, index) => ({ row: index + 2, values: Object.fromEntries(fields.flatMap((field, i) => (field === undefined || (cells[i] ?? '').trim() === '' ? [] : [[field, (cells[i] ?? '').trim()]]))) }))
    .filter((record) => Object.keys(record.values).length > 0);
}

const problemsOf = (error: z.ZodError): string[] => error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

/**
 * Evaluation results in bulk (CSV/XLSX): every row is validated as `POST /certificates` would
 * (format, level digit, future date). `all-or-nothing` writes nothing when any row is wrong;
 * `valid-rows` writes the good ones. Each certificate is written by its own conditional
 * transaction, so a number registered meanwhile is reported on its row, never written twice.
 */
export async function importCertificates(deps: ClaimsDependencies, auth: AuthContext, bytes: Buffer, mode: Mode): Promise<ImportReport> {
  const parsed = records(await readSheet(bytes), CERTIFICATE_COLUMNS).map(({ row, values }) => {
    const result = recordCertificateBodySchema.safeParse({ ...values, level: LEVEL_ALIASES[values.level ?? ''] ?? values.level });
    if (!result.success) return { row, problems: problemsOf(result.error) };
    try {
      checkCertificateFacts(result.data, now());
      return { row, body: result.data, problems: [] as string[] };
    } catch (error) {
      if (error instanceof ClaimError) return { row, problems: [error.detail] };
      throw error;
    }
  });
  const seen = new Set<string>();
  for (const entry of parsed) {
    if (entry.body === undefined) continue;
    if (seen.has(entry.body.certificateNumber)) entry.problems.push('文件中证书编号重复。');
    seen.add(entry.body.certificateNumber);
  }
  const invalid = parsed.filter((entry) => entry.problems.length > 0).length;
  const rows: Row[] = [];
  let imported = 0;
  for (const entry of parsed) {
    if (entry.body === undefined || entry.problems.length > 0 || (mode === 'all-or-nothing' && invalid > 0)) {
      rows.push({ row: entry.row, ok: false, problems: entry.problems });
      continue;
    }
    try {
      await recordCertificate(deps, auth, entry.body);
      imported += 1;
      rows.push({ row: entry.row, ok: true, key: entry.body.certificateNumber, problems: [] });
    } catch (error) {
      if (!(error instanceof ClaimError)) throw error;
      rows.push({ row: entry.row, ok: false, key: entry.body.certificateNumber, problems: [error.detail] });
    }
  }
  return { mode, imported, refused: rows.filter((row) => !row.ok).length, rows };
}

const skillUpgradeRowSchema = z.object({
  idNumber: residentIdSchema,
  holderName: z.string().min(1).max(50),
  occupationCode: occupationCodeSchema,
  level: certificateLevelSchema,
  paidOn: z.iso.date(),
});
const SKILL_UPGRADE_COLUMNS: Record<string, string> = { 身份证号: 'idNumber', 姓名: 'holderName', 职业编码: 'occupationCode', 等级: 'level', 发放日期: 'paidOn' };

/**
 * The insured-worker skill-upgrade subsidies already paid (参保职工技能提升补贴, from the
 * unemployment-insurance office): each row takes the person+occupation+level sentinel, so no
 * training or direct subsidy can be paid for it afterwards (Art. 29). A row whose sentinel is
 * already taken is reported as known.
 */
export async function importSkillUpgrade(deps: ClaimsDependencies, bytes: Buffer, mode: Mode): Promise<ImportReport> {
  const parsed = records(await readSheet(bytes), SKILL_UPGRADE_COLUMNS).map(({ row, values }) => {
    const result = skillUpgradeRowSchema.safeParse({ ...values, level: LEVEL_ALIASES[values.level ?? ''] ?? values.level });
    return result.success ? { row, data: result.data, problems: [] as string[] } : { row, problems: problemsOf(result.error) };
  });
  const invalid = parsed.filter((entry) => entry.problems.length > 0).length;
  const rows: Row[] = [];
  let imported = 0;
  for (const entry of parsed) {
    if (entry.data === undefined || (mode === 'all-or-nothing' && invalid > 0)) {
      rows.push({ row: entry.row, ok: false, problems: entry.problems });
      continue;
    }
    const taken = await deps.ledger.recordSkillUpgrade(deps.cipher.fingerprint(entry.data.idNumber), entry.data.occupationCode, entry.data.level, entry.data.paidOn);
    if (taken) imported += 1;
    rows.push({ row: entry.row, ok: true, problems: taken ? [] : ['该人员此职业等级已有补贴记录。'] });
  }
  return { mode, imported, refused: rows.filter((row) => !row.ok).length, rows };
}
