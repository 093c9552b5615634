/**
 * The finance workspace and the public pages in Debian's Chromium against the local runtime, with
 * screenshots under web/test/screenshots/ and an axe-core check of every page visited:
 *
 *   1. Art. 29 four eyes: finance1 builds a batch from the area's ready claims and sees its sealed
 *      control totals; finance1's own approval is refused with the service's Chinese message;
 *      finance2 re-enters the totals and approves; finance1 exports the pain.001 and downloads it
 *      from the presigned URL, the simulated bank answers with a pain.002, and finance1 imports it
 *      in the browser: the page shows the reconciliation; the same answer padded past 4 MB goes
 *      through the presigned upload and, reporting the same payments again, pays nobody twice;
 *   2. Art. 41 the public pages open without a login: the disclosure list, and the fund-use list
 *      where the batch just reconciled appears;
 *   3. the objection form on the disclosure list, with its limit per source;
 *   4. the school's settlement account on 机构信息: read back masked, changed, read again.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimReadyForPayment, type ClaimView } from '@peixun/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR, ensureConsoleBuilt } from '../console-build';
import { approvedClass, certificateBody, idNumber, registered, skillCertificateNumber, type Person } from '../../test/e2e/fixtures/claims';
import { envelopeOf } from '../../test/e2e/fixtures/enrollment-events';
import { findUser, type SeededUser } from '../../local/src/identity/users';
import { useLocalRuntime } from '../../test/support/runtime';
import { expectAccessible } from './support/axe';
import { launch, requireChromium, screenshot, signIn, type Browser } from './support/chromium';

beforeAll(() => {
  requireChromium();
  ensureConsoleBuilt();
});
const runtime = useLocalRuntime({ consoleDir: CONSOLE_DIR, });

const SCHOOL = '贵阳市南明区黔艺职业培训学校';
const AMOUNTS_FEN = [150_000, 120_050, 180_000];
const SUM_FEN = AMOUNTS_FEN.reduce((sum, fen) => sum + fen, 0);

let work: string;
const browsers: Browser[] = [];

async function open(): Promise<Page> {
  const browser = await launch({ baseURL: runtime().urls.api });
  browsers.push(browser);
  return browser.page;
}

/** The school's settlement account, then three training-subsidy lines ready for payment, as claims announces them after disclosure. */
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'peixun-finance-'));
  const register = () =>
    runtime().request('PUT', '/payments/payee-accounts/institution', {
      as: 'school1',
      body: { kind: 'SETTLEMENT_ACCOUNT', holderName: SCHOOL, bankName: '贵州银行南明支行', accountNumber: '52050110293700000123' },
    });
  // The payments worker's first call loads its handlers through tsx, which on a busy machine can outlast a 10 s function timeout.
  let account = await register();
  for (let attempt = 0; account.status >= 500 && attempt < 3; attempt += 1) account = await register();
  expect(account.status, JSON.stringify(account.body)).toBe(200);
  for (const [n, amountFen] of AMOUNTS_FEN.entries()) {
    runtime().bus.publish(
      envelopeOf(claimReadyForPayment, {
        paymentKey: `clm_console_train:L${n}`,
        claimId: 'clm_console_train',
        lineId: `L${n}`,
        subsidyKind: 'TRAINING_SUBSIDY',
        payee: { kind: 'INSTITUTION', institutionId: 'ins_demo' },
        payeeName: SCHOOL,
        amountFen,
        areaCode: '520102',
        occupationCode: '4-03-02-01',
        occupationName: '中式烹调师',
        level: 'LEVEL_5',
        certificateNumber: `S52010220260020${n}5000001`,
        institutionId: 'ins_demo',
        readyAt: new Date().toISOString(),
      }),
    );
  }
  await runtime().bus.settled();
});

afterAll(async () => {
  for (const browser of browsers.splice(0)) await browser.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** What the page shows after an API call: generous, since the services share two cores with other test runs. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 250 });

async function fillTotals(page: Page, count: number, sum: string): Promise<void> {
  await page.getByLabel('核对的笔数').fill(String(count));
  await page.getByLabel('核对的金额合计（元）').fill(sum);
  await page.getByText('我已逐位核对明细摘要').click();
  await page.getByRole('button', { name: '审批通过' }).click();
}

let batchPath = '';

describe('finance', () => {
  it('Art. 29: one finance officer builds, another approves against the control totals, the bank file goes out and its answer is reconciled', async () => {
    const maker = await open();
    await signIn(maker, 'finance1');
    await maker.waitForURL('**/finance');
    await eventually(() => maker.getByTestId('ready-TRAINING_SUBSIDY').innerText()).toBe('3 笔');
    await expectAccessible(maker);
    await screenshot(maker, 'finance', '01-ready');

    await maker.getByRole('button', { name: '组建培训补贴批次' }).click();
    const built = maker.getByTestId('built-batch');
    await built.waitFor();
    const shown = await built.innerText();
    expect(shown).toContain('¥4,500.50');
    expect(shown).toMatch(/[0-9a-f]{64}/);
    await expectAccessible(maker);
    await screenshot(maker, 'finance', '02-built');

    await built.getByRole('link', { name: '查看批次明细' }).click();
    await maker.getByTestId('total-hash').waitFor();
    batchPath = new URL(maker.url()).pathname;
    const batchId = batchPath.split('/').at(-1) ?? '';
    // The maker may not approve their own batch: the service refuses and the page says why.
    await fillTotals(maker, 3, '4500.50');
    await eventually(() => maker.getByTestId('approval-error').innerText()).toContain('制单人不能审批');
    await expectAccessible(maker);
    await screenshot(maker, 'finance', '03-maker-refused');

    const checker = await open();
    await signIn(checker, 'finance2');
    await checker.goto(batchPath);
    await checker.getByTestId('total-hash').waitFor();
    // A checker who typed another sum is refused too: the totals are compared, not waved through.
    await fillTotals(checker, 3, '4500.00');
    await eventually(() => checker.getByTestId('approval-error').innerText()).toContain('控制总数不符');
    await checker.getByLabel('核对的金额合计（元）').fill('4,500.50');
    await checker.getByRole('button', { name: '审批通过' }).click();
    await eventually(() => checker.getByTestId('batch-status').innerText()).toBe('已审批');
    await screenshot(checker, 'finance', '04-approved');

    await maker.reload();
    await maker.getByRole('button', { name: '生成银行文件' }).click();
    const link = maker.getByTestId('download-bank-file');
    await link.waitFor();
    const [download] = await Promise.all([maker.waitForEvent('download'), link.click()]);
    const pain001Path = join(work, download.suggestedFilename());
    await download.saveAs(pain001Path);
    const pain001 = await readFile(pain001Path);
    expect(pain001.toString('utf8')).toContain(`<MsgId>${batchId}</MsgId>`);
    await screenshot(maker, 'finance', '05-exported');

    // A fixed seed: by default the simulated bank seeds itself from the file (batch id, times), and
    // its 5 % failure rate then failed a line in some runs. Seed 2 pays all three.
    const bank = await fetch(`${runtime().urls.api}/_local/bank/status-report?seed=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${await runtime().issuer.tokenFor('admin')}` },
      body: pain001,
    });
    expect(bank.status).toBe(200);
    const pain002Path = join(work, 'pain002.xml');
    await writeFile(pain002Path, Buffer.from(await bank.arrayBuffer()));
    await maker.getByTestId('result-file').setInputFiles(pain002Path);
    await maker.getByRole('button', { name: '导入并对账' }).click();
    await eventually(() => maker.getByTestId('import-report').innerText()).toContain('更新 3 笔');
    await eventually(() => maker.getByTestId('reconciliation').innerText()).toContain('对账完成');
    expect(await maker.getByTestId('reconciliation').innerText()).toContain('¥4,500.50');
    await expectAccessible(maker);
    await screenshot(maker, 'finance', '06-reconciled');

    // The same answer again, padded past the 4 MB a request may carry: the page PUTs it to the
    // bucket at a presigned URL and has it imported from there. A bank that reports the same
    // payments twice pays nobody twice: three exceptions, no update.
    const largePath = join(work, 'pain002-large.xml');
    await writeFile(largePath, Buffer.concat([await readFile(pain002Path), Buffer.alloc(5 * 1024 * 1024, ' ')]));
    await maker.getByTestId('result-file').setInputFiles(largePath);
    const [fromUpload] = await Promise.all([
      maker.waitForRequest((request) => request.url().endsWith(`/payments/batches/${batchId}/results/from-upload`)),
      maker.getByRole('button', { name: '导入并对账' }).click(),
    ]);
    expect(fromUpload.method()).toBe('POST');
    await eventually(() => maker.getByTestId('import-report').innerText()).toContain('更新 0 笔，异常 3 笔');
    await screenshot(maker, 'finance', '06b-large-file-imported');

    const stored = await runtime().request('GET', `/payments/batches/${batchId}`, { as: 'finance2' });
    expect(stored.body).toMatchObject({ batch: { status: 'RECONCILED', totals: { count: 3, sumFen: SUM_FEN } }, reconciliation: { complete: true } });
    expect((stored.body as { exceptions: { kind: string }[] }).exceptions.map(({ kind }) => kind)).toEqual(['DUPLICATE_SETTLEMENT', 'DUPLICATE_SETTLEMENT', 'DUPLICATE_SETTLEMENT']);
    const listed = await runtime().request('GET', '/payments/batches', { as: 'finance1' });
    expect(listed.body).toMatchObject({ areaCode: '520102', batches: [{ batchId, status: 'RECONCILED' }], ready: [{ subsidyKind: 'TRAINING_SUBSIDY', count: 0 }, { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', count: 0 }] });

    await maker.getByRole('link', { name: '拨付统计' }).click();
    await eventually(() => maker.getByTestId('finance-summary').innerText()).toContain('1 个批次');
    await expectAccessible(maker);
    await screenshot(maker, 'finance', '07-charts');
  }, 180_000);
});

describe('public pages', () => {
  it('Art. 29, 41: the disclosure list and the fund-use list open without a login; the reconciled batch is on the fund-use list', async () => {
    // The claims worker's first call loads its handlers through tsx: warmed up before the page asks.
    for (let attempt = 0; attempt < 3 && (await runtime().request('GET', '/disclosures')).status >= 500; attempt += 1);
    const page = await open();
    await page.goto('/gongshi');
    await page.getByRole('heading', { name: '补贴公示' }).waitFor();
    await page.getByText('当前没有正在公示的补贴').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'public', '01-disclosures');

    await page.getByRole('link', { name: '资金使用公示' }).click();
    await page.getByRole('button', { name: '查询' }).waitFor();
    // Published from PaymentBatch.Reconciled (through the outbox and the bus): the lines the bank paid, in this month.
    const paid = (await runtime().request('GET', batchPath.replace('/finance', '/payments'), { as: 'finance1' })).body as { reconciliation: { byStatus: { PAID: { count: number; sumFen: number } } } };
    const { count, sumFen } = paid.reconciliation.byStatus.PAID;
    const total = page.getByTestId('fund-use-total');
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: '查询' }).click();
          await page.waitForLoadState('networkidle');
          return (await total.count()) === 0 ? '' : total.innerText();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain(`合计：${count} 笔`);
    expect(await total.innerText()).toContain(`¥${(sumFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}`);
    expect(await page.getByTestId('fund-use-csv').getAttribute('href')).toContain('/public/fund-use/export?areaCode=520102');
    await expectAccessible(page);
    await screenshot(page, 'public', '02-fund-use');
  }, 90_000);
});

describe('objections', () => {
  const LI: Person = { user: findUser('trainee2') as SeededUser, traineeId: 'trn_public_li', name: '李四', idNumber: idNumber(23) };

  afterAll(() => runtime().setClock(undefined));

  it('Art. 29: an objection is filed from the disclosure list without a login; past the limit per source the refusal is shown in Chinese', async () => {
    // A direct claim approved by the area's reviewer goes on the list on the next working day.
    runtime().bus.publish(registered(LI));
    runtime().bus.publish(approvedClass({ classId: 'cls_public_standards', roster: [] }, ['4-03-02-01']));
    await runtime().bus.settled();
    runtime().setClock(new Date('2025-09-26T10:00:00+08:00'));
    const number = skillCertificateNumber(4_201, 'LEVEL_5');
    expect((await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(LI, number, { issuedOn: '2025-09-01' }) })).status).toBe(201);
    const filed = await runtime().request('POST', '/direct-claims', { as: 'trainee2', body: { certificateNumber: number, idNumber: LI.idNumber, insuredEmployee: false } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const claimId = (filed.body as ClaimView).claimId;
    expect((await runtime().request('POST', `/claims/${claimId}/decisions`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['符合条件'] } })).status).toBe(200);
    runtime().setClock(new Date('2025-09-29T10:00:00+08:00'));

    const page = await open();
    await page.goto('/gongshi');
    const row = page.getByRole('row', { name: /李\*/ });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${LI.idNumber.slice(0, 6)}********${LI.idNumber.slice(-4)}`);
    await row.getByRole('button', { name: '提出异议' }).click();
    await page.getByLabel('异议理由（至少 5 个字）').fill('该学员当月并未参加鉴定考试');
    await page.getByLabel('联系方式（电话或电子邮箱，不公开）').fill('13800000000');
    await screenshot(page, 'public', '03-objection-form');
    await page.getByRole('button', { name: '提交异议' }).click();
    await eventually(() => page.getByTestId('objection-filed').innerText()).toContain('异议已受理');
    await expectAccessible(page);
    await screenshot(page, 'public', '04-objection-filed');

    // The same source (this machine) files until the hourly limit is reached; the page then says so.
    for (let n = 0; n < 10; n += 1) {
      const answer = await fetch(`${runtime().urls.api}/disclosures/${claimId}/lines/line_1/objections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: `第${n}次：对公示名单有异议`, contact: 'someone@example.cn' }),
      });
      if (answer.status === 429) break;
    }
    await row.getByRole('button', { name: '提出异议' }).click();
    await page.getByLabel('异议理由（至少 5 个字）').fill('再次提出：证书信息有误');
    await page.getByLabel('联系方式（电话或电子邮箱，不公开）').fill('13800000000');
    await page.getByRole('button', { name: '提交异议' }).click();
    await eventually(() => page.getByTestId('objection-error').first().innerText()).toContain('异议提交过于频繁');
    await screenshot(page, 'public', '05-objection-rate-limited');
  }, 90_000);
});

describe('settlement account', () => {
  it('school1 reads its settlement account on 机构信息, masked, changes it, and a reload shows the new version from the service', async () => {
    const page = await open();
    await signIn(page, 'school1');
    await page.waitForURL('**/school');
    const card = page.getByTestId('settlement-account');
    await eventually(() => page.getByTestId('settlement-account-masked').innerText()).toMatch(/^5205\*+0123$/);
    expect(await card.innerText()).not.toContain('52050110293700000123');
    await page.getByRole('button', { name: '更换结算账户' }).click();
    // This runtime has no enrollment record of ins_demo to take the holder's name from.
    await page.getByLabel('户名').fill(SCHOOL);
    await page.getByLabel('账号').fill('52050110293700000456');
    // Refused in the form, before any request, in the service's Chinese words: no bank given.
    await page.getByRole('button', { name: '确认登记' }).click();
    const refusal = card.locator('.el-form-item__error');
    await eventually(() => refusal.first().innerText()).toMatch(/\p{Script=Han}/u);
    expect(await refusal.allInnerTexts()).not.toContainEqual(expect.stringMatching(/[A-Za-z]{3}/));
    await page.getByLabel('开户行').fill('贵州银行南明支行');
    await page.getByRole('button', { name: '确认登记' }).click();
    await eventually(() => page.getByTestId('settlement-account-masked').innerText()).toMatch(/^5205\*+0456$/);
    await page.reload();
    await eventually(() => card.innerText()).toContain('第 2 版');
    expect(await page.getByTestId('settlement-account-masked').innerText()).toMatch(/^5205\*+0456$/);
    await expectAccessible(page);
    await screenshot(page, 'school', 'settlement-account');
  }, 90_000);
});
