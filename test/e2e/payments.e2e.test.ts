/**
 * Payments through the local gateway with real JWTs: only finance of the area builds, approves,
 * exports and imports; the maker never approves; account numbers are masked in every answer and
 * appear in clear only in the bank file; a bank answer imported twice changes nothing.
 */
import { claimReadyForPayment, paymentSettled, traineeAccountLinked, traineeRegistered } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { simulateBank } from '../../local/src/bank/bank-simulator';
import { DemoApi } from '../../local/src/demo/demo-api';
import { paymentsStep } from '../../local/src/demo/payments';
import { DemoWorld } from '../../local/src/demo/world';
import { SEEDED_USERS } from '../../local/src/identity/users';
import { paymentsManifest } from '../../services/payments/src/manifest';
import { useLocalRuntime } from '../support/runtime';
import { envelopeOf } from './fixtures/enrollment-events';

const runtime = useLocalRuntime({ manifests: [paymentsManifest] });
const subOf = (username: string): string => SEEDED_USERS.find((user) => user.username === username)?.sub ?? '';
const ACCOUNT = '6217995200001234567';

interface BatchAnswer {
  batch: { batchId: string; status: string; totals: { count: number; sumFen: number; hash: string } };
}

describe('Art. 29: finance of the area pays a trainee once, through the API', () => {
  it('account, batch, four eyes, bank file, bank answer; others are refused and never see the account number', async () => {
    const bus = runtime().bus;
    bus.publish(
      envelopeOf(traineeRegistered, {
        traineeId: 'trn_pay_e2e',
        name: '张三',
        idNumberMasked: '5201**********1234',
        sex: 'male',
        birthDate: '1990-01-01',
        regionCode: '520102',
        targetGroups: [],
        biometricConsentAt: '2027-01-01T09:00:00+08:00',
        registeredAt: '2027-01-01T09:00:00+08:00',
        registeredBy: { sub: 'school', role: 'institution' },
      }),
    );
    bus.publish(envelopeOf(traineeAccountLinked, { traineeId: 'trn_pay_e2e', accountSub: subOf('trainee1'), linkedAt: '2027-01-02T09:00:00+08:00' }));
    const ready = envelopeOf(claimReadyForPayment, {
      paymentKey: 'clm_pay_e2e',
      claimId: 'clm_pay_e2e',
      lineId: 'L1',
      subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY',
      payee: { kind: 'TRAINEE', traineeId: 'trn_pay_e2e' },
      payeeName: '张三',
      amountFen: 150_000,
      areaCode: '520102',
      occupationCode: '4-10-01-01',
      occupationName: '保育师',
      level: 'LEVEL_4',
      certificateNumber: 'S000000123',
      readyAt: '2027-03-01T10:00:00+08:00',
    });
    bus.publish(ready);
    bus.publish({ ...ready, id: `${ready.id}-again` });
    await bus.settled();

    const account = { kind: 'SOCIAL_SECURITY_CARD', holderName: '张三', bankName: '贵阳银行南明支行', accountNumber: ACCOUNT };
    const wrongHolder = await runtime().request('PUT', '/payments/payee-accounts/me', { as: 'trainee1', body: { ...account, holderName: '李四' } });
    expect(wrongHolder.body).toMatchObject({ status: 422, code: 'PAYMENT_ACCOUNT_HOLDER_MISMATCH' });
    expect((await runtime().request('GET', '/payments/payee-accounts/me', { as: 'trainee1' })).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const registered = await runtime().request('PUT', '/payments/payee-accounts/me', { as: 'trainee1', body: account });
    expect(registered.body).toMatchObject({ accountMasked: '6217***********4567', version: 1 });
    const readBack = await runtime().request('GET', '/payments/payee-accounts/me', { as: 'trainee1' });
    expect(readBack.body).toEqual(registered.body);
    expect(JSON.stringify(readBack.body)).not.toContain(ACCOUNT);

    for (const who of ['trainee1', 'school1', 'reviewer1']) {
      expect((await runtime().request('POST', '/payments/batches', { as: who, body: { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' } })).status).toBe(403);
    }
    // Finance of another county builds from its own area only: nothing there.
    expect((await runtime().request('POST', '/payments/batches', { as: 'finance3', body: { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' } })).body).toMatchObject({ code: 'PAYMENT_BATCH_EMPTY' });

    const built = await runtime().request('POST', '/payments/batches', { as: 'finance1', body: { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' } });
    expect(built.status).toBe(201);
    const { batch } = built.body as BatchAnswer;
    expect(batch.totals).toMatchObject({ count: 1, sumFen: 150_000 });
    const path = `/payments/batches/${batch.batchId}`;

    expect((await runtime().request('GET', path, { as: 'finance3' })).body).toMatchObject({ code: 'PAYMENT_OUTSIDE_AREA' });
    expect((await runtime().request('GET', path, { as: 'reviewer1' })).status).toBe(403);
    const view = await runtime().request('GET', path, { as: 'finance1' });
    expect(view.body).toMatchObject({ lines: [{ accountMasked: '6217***********4567', status: 'OPEN' }] });
    for (const answer of [view, built, registered]) expect(JSON.stringify(answer.body)).not.toContain(ACCOUNT);
    // The lines also come by pages of their own; a forged cursor is refused before it reaches the table.
    const lines = await runtime().request('GET', `${path}/lines`, { as: 'finance1' });
    expect(lines.body).toEqual({ batchId: batch.batchId, lines: [expect.objectContaining({ accountMasked: '6217***********4567' })] });
    expect((await runtime().request('GET', `${path}/lines?cursor=bm90LWEtY3Vyc29y.AAAA`, { as: 'finance1' })).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await runtime().request('GET', `${path}/lines`, { as: 'finance3' })).body).toMatchObject({ code: 'PAYMENT_OUTSIDE_AREA' });

    expect((await runtime().request('POST', `${path}/approvals`, { as: 'finance1', body: batch.totals })).body).toMatchObject({ code: 'PAYMENT_MAKER_CANNOT_APPROVE' });
    expect((await runtime().request('POST', `${path}/approvals`, { as: 'finance3', body: batch.totals })).body).toMatchObject({ code: 'PAYMENT_OUTSIDE_AREA' });
    const approved = await runtime().request('POST', `${path}/approvals`, { as: 'finance2', body: batch.totals });
    expect(approved.body).toMatchObject({ status: 'APPROVED', approvals: [{ name: 'finance2' }] });

    expect((await runtime().request('POST', `${path}/exports`, { as: 'finance3', body: { format: 'pain.001' } })).status).toBe(403);
    const exported = await runtime().request('POST', `${path}/exports`, { as: 'finance1', body: { format: 'pain.001' } });
    const file = Buffer.from(await (await fetch((exported.body as { downloadUrl: string }).downloadUrl)).arrayBuffer());
    expect(file.toString()).toContain(`<Othr><Id>${ACCOUNT}</Id></Othr>`);

    // npm start's simulated bank answers the same file over HTTP (with its configured rates).
    const fromLocalBank = await fetch(`${runtime().urls.api}/_local/bank/status-report`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await runtime().issuer.tokenFor('admin')}` },
      body: new Uint8Array(file),
    });
    expect(await fromLocalBank.text()).toContain(`<OrgnlMsgId>${batch.batchId}</OrgnlMsgId>`);
    const answer = simulateBank(file, { seed: 1, failureRate: 0, returnRate: 0, now: new Date() });
    const headers = { 'content-type': 'application/xml' };
    expect((await runtime().request('POST', `${path}/results`, { as: 'finance3', body: answer.pain002, headers })).status).toBe(403);
    const imported = await runtime().request('POST', `${path}/results`, { as: 'finance1', body: answer.pain002, headers });
    expect(imported.body).toMatchObject({ format: 'pain.002', alreadyImported: false, applied: 1, reconciliation: { complete: true, bank: { paidSumFen: 150_000 } } });
    const again = await runtime().request('POST', `${path}/results`, { as: 'finance1', body: answer.pain002, headers });
    expect(again.body).toMatchObject({ alreadyImported: true, applied: 0 });

    const settled = await bus.waitFor({ source: [paymentSettled.source], 'detail-type': [paymentSettled.detailType] }, { timeoutMs: 10_000 });
    expect(settled.detail).toMatchObject({ paymentKey: 'clm_pay_e2e', amountFen: 150_000, paymentLineId: `${batch.batchId}-000001` });
    const reconciled = await runtime().request('GET', path, { as: 'finance1' });
    expect(reconciled.body).toMatchObject({ batch: { status: 'RECONCILED' }, lines: [{ status: 'PAID' }] });

    // 资金使用公示: the reconciled payment is published for anyone, without login, masked.
    const { reconciledAt, areaCode } = (reconciled.body as { batch: { reconciledAt: string; areaCode: string } }).batch;
    const month = new Date(Date.parse(reconciledAt) + 8 * 3600_000).toISOString().slice(0, 7);
    const fundUse = `/public/fund-use?areaCode=${areaCode}&month=${month}`;
    let published = await runtime().request('GET', fundUse);
    // Published by a subscription after the reconciliation: wait until the entry and its totals are both read.
    const shown = (body: unknown) => {
      const { entries = [], totals = [] } = body as { entries?: unknown[]; totals?: unknown[] };
      return entries.length > 0 && totals.length > 0;
    };
    for (let waited = 0; !shown(published.body) && waited < 15_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      published = await runtime().request('GET', fundUse);
    }
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ totals: [{ subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', count: 1, sumFen: 150_000 }], entries: [{ payeeName: '张*', amountFen: 150_000 }] });
    const csv = await fetch(`${runtime().urls.api}/public/fund-use/export?areaCode=${areaCode}&month=${month}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('张*');
    // About thirty requests, each a function invocation: more than the default 30 s on a busy machine.
  }, 120_000);

  it('a school reads back its own settlement account, masked; another school sees only its own', async () => {
    const path = '/payments/payee-accounts/institution';
    expect((await runtime().request('GET', path, { as: 'school1' })).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const settlement = { kind: 'SETTLEMENT_ACCOUNT', holderName: '南明区职业技能培训学校', bankName: '贵阳银行南明支行', accountNumber: '6228480000012345678' };
    const registered = await runtime().request('PUT', path, { as: 'school1', body: settlement });
    expect(registered.status).toBe(200);
    const readBack = await runtime().request('GET', path, { as: 'school1' });
    expect(readBack.body).toEqual(registered.body);
    expect(readBack.body).toMatchObject({ kind: 'SETTLEMENT_ACCOUNT', accountMasked: '6228***********5678', version: 1 });
    expect(JSON.stringify(readBack.body)).not.toContain(settlement.accountNumber);
    expect((await runtime().request('GET', path, { as: 'school2' })).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await runtime().request('GET', path, { as: 'trainee1' })).status).toBe(403);
  }, 60_000);

  it('npm start’s payment demo leaves ready claims of both kinds with accounts, so finance1 can build a batch at once', async () => {
    // What the trainees step leaves behind: trainee1 registered himself as 张三 (which links his login).
    runtime().bus.publish(
      envelopeOf(traineeRegistered, {
        traineeId: 'trn_demo_zhangsan',
        name: '张三',
        idNumberMasked: '5201**********0111',
        sex: 'male',
        birthDate: '1990-05-15',
        regionCode: '520102',
        targetGroups: [],
        biometricConsentAt: '2027-01-01T09:00:00+08:00',
        registeredAt: '2027-01-01T09:00:00+08:00',
        registeredBy: { sub: subOf('trainee1'), role: 'trainee' },
      }),
    );
    const world = new DemoWorld([{ key: 'DEMO_TRAINEE_ID', value: 'trn_demo_zhangsan', label: '张三' }]);
    await paymentsStep.run({ api: new DemoApi(runtime()), world, runtime: runtime(), today: '2027-01-02', dataDir: '', warn: () => undefined });
    const direct = await runtime().request('POST', '/payments/batches', { as: 'finance1', body: { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' } });
    expect(direct.body).toMatchObject({ batch: { status: 'SEALED', totals: { count: 3, sumFen: 450_000 } }, withoutAccount: 0, holderMismatch: 0 });
    const training = await runtime().request('POST', '/payments/batches', { as: 'finance1', body: { subsidyKind: 'TRAINING_SUBSIDY' } });
    expect(training.body).toMatchObject({ batch: { status: 'SEALED', totals: { count: 3, sumFen: 450_000 } }, withoutAccount: 0, holderMismatch: 0 });

    // Cancelled before export, its claims go into the next batch built.
    const { batchId } = (training.body as BatchAnswer).batch;
    expect((await runtime().request('POST', `/payments/batches/${batchId}/cancellation`, { as: 'finance3', body: { reason: '他区撤销' } })).body).toMatchObject({ code: 'PAYMENT_OUTSIDE_AREA' });
    const cancelled = await runtime().request('POST', `/payments/batches/${batchId}/cancellation`, { as: 'finance2', body: { reason: '机构账户待核实' } });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancellation: { name: 'finance2', reason: '机构账户待核实', released: 3, voidedApprovals: [] } });
    const rebuilt = await runtime().request('POST', '/payments/batches', { as: 'finance1', body: { subsidyKind: 'TRAINING_SUBSIDY' } });
    expect(rebuilt.body).toMatchObject({ batch: { status: 'SEALED', totals: { count: 3, sumFen: 450_000 } } });
    expect((rebuilt.body as BatchAnswer).batch.batchId).not.toBe(batchId);
  });
});
