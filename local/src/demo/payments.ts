import { claimReadyForPayment, EVENT_BUS_NAME, type DetailOf, type EventContract } from '@peixun/shared';
import { isRejection, toEnvelope } from '../bus/envelope';
import type { LocalRuntime } from '../runtime';
import { DEMO_INSTITUTIONS } from './institutions';
import type { DemoStep } from './step';

/**
 * Payments demo (issue 11): trainee1 (张三, registered and linked by the trainees step) registers
 * the account of his social-security card and school1 the institution's settlement account, both
 * through the API; then three lines of each subsidy kind are ready for payment in area 520102, as
 * the claims service announces them after their disclosure (`Claim.ReadyForPayment`) — put on the
 * bus here, since a real disclosure period lasts five working days. finance1 can build a batch at
 * once (README: "资金拨付 / Pay subsidies").
 */
const ZHANGSAN_ACCOUNT = '6217995200001234567';
const INSTITUTION_ACCOUNT = '52050110293700000123';

function publish<C extends EventContract>(runtime: Pick<LocalRuntime, 'bus'>, contract: C, detail: Omit<DetailOf<C>, 'schemaVersion'>): void {
  const envelope = toEnvelope({
    Source: contract.source,
    DetailType: contract.detailType,
    Detail: JSON.stringify(contract.detail.parse({ ...detail, schemaVersion: contract.schemaVersion })),
    EventBusName: EVENT_BUS_NAME,
  });
  if (isRejection(envelope)) throw new Error(`演示事件被拒绝 / demo event refused: ${envelope.ErrorMessage}`);
  runtime.bus.publish(envelope);
}

export const paymentsStep: DemoStep = {
  name: 'payments: payee accounts and ready claims',
  async run({ api, world, runtime }) {
    const traineeId = world.get('DEMO_TRAINEE_ID');
    const school = DEMO_INSTITUTIONS.find((candidate) => candidate.institutionId === 'ins_demo');
    if (school === undefined) throw new Error('the demo institutions have no ins_demo');
    await runtime.bus.settled();
    await api.send('trainee1', 'PUT', '/payments/payee-accounts/me', { kind: 'SOCIAL_SECURITY_CARD', holderName: '张三', bankName: '贵阳银行南明支行', accountNumber: ZHANGSAN_ACCOUNT });
    await api.send('school1', 'PUT', '/payments/payee-accounts/institution', { kind: 'SETTLEMENT_ACCOUNT', holderName: school.name, bankName: '贵州银行南明支行', accountNumber: INSTITUTION_ACCOUNT });
    const readyAt = new Date().toISOString();
    const occupations = [
      { occupationCode: '4-10-01-01', occupationName: '保育师' },
      { occupationCode: '4-03-02-01', occupationName: '中式烹调师' },
      { occupationCode: '4-03-02-02', occupationName: '中式面点师' },
    ];
    for (const [n, occupation] of occupations.entries()) {
      publish(runtime, claimReadyForPayment, {
        paymentKey: `clm_demo_pay_${n}`,
        claimId: `clm_demo_pay_${n}`,
        lineId: 'L1',
        subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY',
        payee: { kind: 'TRAINEE', traineeId },
        payeeName: '张三',
        amountFen: 100_000 + n * 50_000,
        areaCode: '520102',
        ...occupation,
        level: 'LEVEL_4',
        certificateNumber: `S52010220260010${n}4000001`,
        readyAt,
      });
      publish(runtime, claimReadyForPayment, {
        paymentKey: `clm_demo_train:L${n}`,
        claimId: 'clm_demo_train',
        lineId: `L${n}`,
        subsidyKind: 'TRAINING_SUBSIDY',
        payee: { kind: 'INSTITUTION', institutionId: school.institutionId },
        payeeName: school.name,
        amountFen: 150_000,
        areaCode: '520102',
        occupationCode: '4-03-02-01',
        occupationName: '中式烹调师',
        level: 'LEVEL_5',
        certificateNumber: `S52010220260020${n}5000001`,
        institutionId: school.institutionId,
        readyAt,
      });
    }
    await runtime.bus.settled();
  },
};
