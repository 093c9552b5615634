import { claimReadyForPayment, EVENT_BUS_NAME, traineeAccountLinked, traineeRegistered, type DetailOf, type EventContract } from '@peixun/shared';
import { isRejection, toEnvelope } from './bus/envelope';
import { SEEDED_USERS } from './identity/users';
import type { LocalRuntime } from './runtime';

/**
 * Payments demo (issue 11): trainee1 and trainee2 as enrolled trainees with their logins linked,
 * their bank accounts and the demo institution's settlement account registered through the API,
 * and six claim lines ready for payment in area 520102 — as the claims service will announce them
 * (`Claim.ReadyForPayment`); until it runs here, the demo puts those events on the bus itself.
 * finance1 can build a batch at once (README: "Pay subsidies").
 */
const TRAINEES = [
  { username: 'trainee1', traineeId: 'trn_demo_pay_1', name: '张三', account: '6217995200001234567' },
  { username: 'trainee2', traineeId: 'trn_demo_pay_2', name: '李四', account: '6217995200007654321' },
] as const;

function publish<C extends EventContract>(runtime: LocalRuntime, contract: C, detail: Omit<DetailOf<C>, 'schemaVersion'>): void {
  const envelope = toEnvelope({
    Source: contract.source,
    DetailType: contract.detailType,
    Detail: JSON.stringify(contract.detail.parse({ ...detail, schemaVersion: contract.schemaVersion })),
    EventBusName: EVENT_BUS_NAME,
  });
  if (isRejection(envelope)) throw new Error(`演示事件被拒绝 / demo event refused: ${envelope.ErrorMessage}`);
  runtime.bus.publish(envelope);
}

async function put(runtime: LocalRuntime, as: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${runtime.urls.api}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await runtime.issuer.tokenFor(as)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`演示数据写入失败 / demo data refused: PUT ${path} → ${response.status} ${await response.text()}`);
}

export async function seedPaymentDemo(runtime: LocalRuntime): Promise<void> {
  if (!runtime.manifests.some((manifest) => manifest.name === 'payments')) return;
  const now = new Date().toISOString();
  for (const trainee of TRAINEES) {
    const sub = SEEDED_USERS.find((user) => user.username === trainee.username)?.sub ?? '';
    publish(runtime, traineeRegistered, {
      traineeId: trainee.traineeId,
      name: trainee.name,
      idNumberMasked: '5201**********0000',
      sex: 'male',
      birthDate: '1995-01-01',
      regionCode: '520102',
      targetGroups: [],
      biometricConsentAt: now,
      registeredAt: now,
      registeredBy: { sub: 'demo', role: 'admin' },
    });
    publish(runtime, traineeAccountLinked, { traineeId: trainee.traineeId, accountSub: sub, linkedAt: now });
  }
  await runtime.bus.settled();
  for (const trainee of TRAINEES) {
    await put(runtime, trainee.username, '/payments/payee-accounts/me', { kind: 'SOCIAL_SECURITY_CARD', holderName: trainee.name, bankName: '贵阳银行南明支行', accountNumber: trainee.account });
  }
  for (let n = 0; n < 6; n += 1) {
    const trainee = TRAINEES[n % 2] ?? TRAINEES[0];
    publish(runtime, claimReadyForPayment, {
      paymentKey: `clm_demo_pay_${n}`,
      claimId: `clm_demo_pay_${n}`,
      lineId: 'L1',
      subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY',
      payee: { kind: 'TRAINEE', traineeId: trainee.traineeId },
      payeeName: trainee.name,
      amountFen: 100_000 + n * 50_000,
      areaCode: '520102',
      occupationCode: '4-10-01-01',
      occupationName: '保育师',
      level: 'LEVEL_4',
      certificateNumber: `S20270000${n}`,
      readyAt: now,
    });
  }
  await runtime.bus.settled();
}
