import { describe, expect, it } from 'vitest';
import type { RosterImportReport } from '../../src/roster/import-roster';
import { matchRegisteredTrainees, rosterEntriesOf, sameRealName } from '../../src/roster/registered-roster';
import type { ImportedTrainee } from '../../src/roster/row-validation';
import { residentId } from '../support/issue3-fixtures';

const row = (rowNumber: number, sequence: number, extra: Partial<ImportedTrainee> = {}): ImportedTrainee => ({
  rowNumber,
  name: '张三',
  idNumber: residentId('520102', '19900515', sequence),
  sex: 'male',
  birthDate: '1990-05-15',
  regionCode: '520102',
  phone: '13812345678',
  targetGroups: ['RURAL_MIGRANT_WORKER'],
  ...extra,
});

const report = (accepted: ImportedTrainee[], invalidRows = 0): RosterImportReport => ({
  mode: 'VALID_ROWS',
  outcome: invalidRows > 0 ? 'PARTIALLY_IMPORTED' : 'IMPORTED',
  totalRows: accepted.length + invalidRows,
  validRows: accepted.length,
  invalidRows,
  accepted,
  issues: [],
  issuesTruncated: false,
});

describe('roster rows and the real-name registry (Art. 27)', () => {
  const registered = row(2, 1, { occupationCode: '4-03-02-01', level: 'LEVEL_5', ruralLabourer: true });
  const stranger = row(3, 3);
  const known = new Map([[registered.idNumber, { traineeId: 'trn_known', name: '张三' }]]);

  it('Art. 27: an unregistered person fails the whole file by default, reported on their row with a masked ID number', () => {
    const result = matchRegisteredTrainees(report([registered, stranger]), known, { mode: 'ALL_OR_NOTHING', maxReportedIssues: 10 });
    expect(result).toMatchObject({ outcome: 'REJECTED', rows: [], invalidRows: 1 });
    expect(result.issues).toEqual([expect.objectContaining({ row: 3, code: 'ROSTER_TRAINEE_NOT_REGISTERED' })]);
    expect(result.issues[0]?.message).toContain('520***********');
    expect(result.issues[0]?.message).not.toContain(stranger.idNumber);
  });

  it('keeps the registered rows when valid rows are asked for, without the ID number or phone in clear', () => {
    const result = matchRegisteredTrainees(report([registered, stranger]), known, { mode: 'VALID_ROWS', maxReportedIssues: 10 });
    expect(result.outcome).toBe('PARTIALLY_IMPORTED');
    expect(result.rows).toEqual([expect.objectContaining({ rowNumber: 2, traineeId: 'trn_known', idNumberMasked: expect.stringContaining('*') })]);
    expect(JSON.stringify(result.rows)).not.toContain(registered.idNumber);
    expect(JSON.stringify(result.rows)).not.toContain(registered.phone);
  });

  it('turns stored rows into roster entries, naming a certificate only when occupation and level are both given', () => {
    const result = matchRegisteredTrainees(report([registered]), known, { mode: 'ALL_OR_NOTHING', maxReportedIssues: 10 });
    expect(rosterEntriesOf(result.rows)).toEqual([
      { traineeId: 'trn_known', certificate: { occupationCode: '4-03-02-01', level: 'LEVEL_5' }, ruralLabourer: true },
    ]);
  });

  it('Art. 27: a registered ID number under another person’s name fails the whole file by default, on the name column, without showing the registered name', () => {
    const impostor = row(4, 1, { name: '李四' });
    const result = matchRegisteredTrainees(report([impostor]), new Map([[impostor.idNumber, { traineeId: 'trn_known', name: '张三' }]]), {
      mode: 'ALL_OR_NOTHING',
      maxReportedIssues: 10,
    });
    expect(result).toMatchObject({ outcome: 'REJECTED', rows: [], invalidRows: 1 });
    expect(result.issues).toEqual([expect.objectContaining({ row: 4, column: '姓名', code: 'ROSTER_NAME_MISMATCH' })]);
    expect(result.issues[0]?.message).toContain('李四');
    expect(result.issues[0]?.message).toContain('不一致');
    expect(result.issues[0]?.message).not.toContain('张三');
    expect(result.issues[0]?.message).not.toContain(impostor.idNumber);
  });

  it('Art. 27: with valid rows asked for, the impostor row is refused and the others imported', () => {
    const impostor = row(3, 3, { name: '李四' });
    const people = new Map([
      [registered.idNumber, { traineeId: 'trn_known', name: '张三' }],
      [impostor.idNumber, { traineeId: 'trn_other', name: '王五' }],
    ]);
    const result = matchRegisteredTrainees(report([registered, impostor]), people, { mode: 'VALID_ROWS', maxReportedIssues: 10 });
    expect(result.outcome).toBe('PARTIALLY_IMPORTED');
    expect(result.rows.map((stored) => stored.traineeId)).toEqual(['trn_known']);
    expect(result.issues.map((issue) => issue.code)).toEqual(['ROSTER_NAME_MISMATCH']);
  });

  it('Art. 27: one real name in different spellings of width, spaces and the middle dot is the same name', () => {
    expect(sameRealName('阿依古丽·买买提', '阿依古丽・买买提')).toBe(true);
    expect(sameRealName('阿依古丽·买买提', '阿依古丽．买买提')).toBe(true);
    expect(sameRealName(' 张 三', '张三')).toBe(true);
    expect(sameRealName('张三', '张叁')).toBe(false);
    expect(sameRealName('张三', '张三丰')).toBe(false);
  });
});
