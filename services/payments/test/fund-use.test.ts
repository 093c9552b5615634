import { describe, expect, it } from 'vitest';
import type { Batch, BatchLine } from '../src/domain/batch';
import { fundUseCsv, fundUseEntryOf } from '../src/domain/fund-use';
import { shanghaiDate, shanghaiMonth } from '../src/domain/shanghai-time';

const batch: Batch = {
  batchId: 'pb0000000000000001',
  areaCode: '520102',
  subsidyKind: 'TRAINING_SUBSIDY',
  status: 'RECONCILED',
  makerSub: 'maker',
  makerName: '陈财务',
  createdAt: '2026-12-31T09:00:00+08:00',
  approvals: [],
  version: 5,
  reconciledAt: '2026-12-31T16:30:00.000Z',
};

const line = (overrides: Partial<BatchLine> = {}): BatchLine => ({
  batchId: batch.batchId,
  paymentLineId: `${batch.batchId}-000001`,
  paymentKey: 'clm_1:L1',
  claimId: 'clm_1',
  lineId: 'L1',
  payee: { kind: 'TRAINEE', traineeId: 'trn_1' },
  payeeName: '欧阳小明',
  amountFen: 120_050,
  certificateNumber: 'S000000000000000300123',
  occupationName: '中式烹调师',
  level: 'LEVEL_3',
  accountSealed: 'sealed',
  accountFingerprint: 'fp',
  accountMasked: '6217********1234',
  accountBank: '贵阳银行',
  accountVersion: 1,
  status: 'PAID',
  ...overrides,
});

describe('资金使用公示 entries', () => {
  it('publish only what the bank confirmed paid, and only once the batch is reconciled', () => {
    expect(fundUseEntryOf(batch, line({ status: 'FAILED' }))).toBeUndefined();
    expect(fundUseEntryOf(batch, line({ status: 'RETURNED' }))).toBeUndefined();
    expect(fundUseEntryOf(batch, line({ status: 'OPEN' }))).toBeUndefined();
    expect(fundUseEntryOf({ ...batch, reconciledAt: undefined }, line())).toBeUndefined();
  });

  it('mask a person’s name and the certificate number; name an institution in full; never carry the account', () => {
    expect(fundUseEntryOf(batch, line())).toEqual({
      paymentLineId: `${batch.batchId}-000001`,
      subsidyKind: 'TRAINING_SUBSIDY',
      subsidyKindLabel: '培训补贴（按证补贴，拨付培训机构）',
      payeeKind: 'TRAINEE',
      payeeName: '欧**明',
      occupationName: '中式烹调师',
      level: 'LEVEL_3',
      levelLabel: '三级/高级工',
      certificateNumber: 'S00000************0123',
      amountFen: 120_050,
      reconciledAt: batch.reconciledAt,
    });
    const institution = fundUseEntryOf(batch, line({ payee: { kind: 'INSTITUTION', institutionId: 'ins_1' }, payeeName: '贵阳市示范职业培训学校' }));
    expect(institution?.payeeName).toBe('贵阳市示范职业培训学校');
    expect(JSON.stringify(institution)).not.toContain('6217');
  });

  it('a batch reconciled at 00:30 Beijing time on 1 January belongs to January (Asia/Shanghai, not UTC)', () => {
    expect(shanghaiMonth(batch.reconciledAt ?? '')).toBe('2027-01');
    expect(shanghaiDate(batch.reconciledAt ?? '')).toBe('2027-01-01');
  });

  it('the CSV starts with a BOM, amounts in yuan with two decimals, fields with commas quoted', () => {
    const entry = fundUseEntryOf(batch, line({ payee: { kind: 'INSTITUTION', institutionId: 'ins_1' }, payeeName: '职业培训学校（南明,花溪校区）' }));
    if (entry === undefined) throw new Error('expected an entry');
    const csv = fundUseCsv('520102', '2027-01', [entry]).toString('utf8');
    expect(csv).toBe(
      '\uFEFF地区,月份,补贴类别,收款人,职业（工种）,等级,证书编号,金额（元）,对账日期\r\n' +
        '520102,2027-01,培训补贴（按证补贴，拨付培训机构）,"职业培训学校（南明,花溪校区）",中式烹调师,三级/高级工,S00000************0123,1200.50,2027-01-01\r\n',
    );
  });
});
