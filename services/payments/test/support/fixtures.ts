import type { SubsidyKind } from '@peixun/shared';
import { registerAccount } from '../../src/app/payee-accounts';
import type { Actor, PaymentsApp } from '../../src/app/ports';
import type { ReadyForPayment } from '../../src/domain/ready-claim';

export const AREA = '520102';
export const OTHER_AREA = '520302';

export const maker: Actor = { sub: 'finance-maker', name: '陈财务', areaCode: AREA };
export const checker: Actor = { sub: 'finance-checker', name: '林财务', areaCode: AREA };
export const secondChecker: Actor = { sub: 'finance-third', name: '吴财务', areaCode: AREA };
export const outsider: Actor = { sub: 'finance-elsewhere', name: '周财务', areaCode: OTHER_AREA };

const NAMES = ['张三', '李四', '王五', '赵六', '钱七', '孙八', '周九', '吴十'];

/** A Claim.ReadyForPayment detail for a direct certificate subsidy to trainee `n` of a run. */
export function readyClaim(run: string, n: number, options: { amountFen?: number; areaCode?: string; subsidyKind?: SubsidyKind } = {}): ReadyForPayment {
  const traineeId = `trn_${run}_${n}`;
  return {
    paymentKey: `clm_${run}_${n}`,
    claimId: `clm_${run}_${n}`,
    lineId: 'L1',
    subsidyKind: options.subsidyKind ?? 'DIRECT_CERTIFICATE_SUBSIDY',
    payee: { kind: 'TRAINEE', traineeId },
    payeeName: NAMES[n % NAMES.length] ?? '张三',
    amountFen: options.amountFen ?? 50_000 + n * 100,
    areaCode: options.areaCode ?? AREA,
    occupationCode: '4-10-01-01',
    occupationName: '保育师',
    level: 'LEVEL_4',
    certificateNumber: `S0000${String(n).padStart(6, '0')}`,
    readyAt: '2027-03-01T10:00:00+08:00',
  };
}

/** The payee's own account, 16 digits derived from `n`, in the payee's name. */
export async function accountFor(app: PaymentsApp, claim: ReadyForPayment, n: number): Promise<void> {
  await registerAccount(
    app,
    claim.payee,
    { kind: 'SOCIAL_SECURITY_CARD', holderName: claim.payeeName, bankName: '贵阳银行南明支行', accountNumber: `621700${String(n).padStart(10, '0')}` },
    'test',
  );
}
