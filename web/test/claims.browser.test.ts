/**
 * The claims pages of the web console in Debian's Chromium against the local runtime, with
 * screenshots under web/test/screenshots/ and an axe-core check of every page visited:
 *
 *   1. a trainee on a phone (Art. 22, 29) sees the certificate an evaluation body recorded, declares
 *      one obtained outside the province with its scan (PUT from the browser to storage through the
 *      presigned URL), registers a payee account (shown masked), and files the direct certificate
 *      subsidy: first refused as an insured employee with the rule and where to go instead, then
 *      filed and listed as in review;
 *   2. a school files the training-subsidy claim of its completed class (Art. 18, 22) and sees each
 *      line's decision with rule, article and reason;
 *   3. a reviewer verifies the declared certificate against its scan, and approves the trainee's
 *      claim from the claims queue: the line goes on the public list (Art. 29, 32).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaimView } from '@peixun/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR, ensureConsoleBuilt } from '../console-build';
import { approvedClass, skillCertificateNumber } from '../../test/e2e/fixtures/claims';
import { useLocalRuntime } from '../../test/support/runtime';
import { expectAccessible } from './support/axe';
import { launch, requireChromium, screenshot, signIn, type Browser } from './support/chromium';
import { CLASS_DAY, prepareWorld, TRAINEE, type JourneyWorld } from './support/journey-world';

beforeAll(() => {
  requireChromium();
  ensureConsoleBuilt();
});
const runtime = useLocalRuntime({ consoleDir: CONSOLE_DIR });

/** Recorded by the evaluation body before the class started: good for the direct subsidy, not for the class's training subsidy. */
const RECORDED = skillCertificateNumber(90_001, 'LEVEL_5');
/** Declared by the trainee from outside the province. */
const DECLARED = skillCertificateNumber(90_002, 'LEVEL_5');

let world: JourneyWorld;
let work: string;
let scanPath: string;
const browsers: Browser[] = [];

async function open(mobile = false): Promise<Page> {
  const browser = await launch({ baseURL: runtime().urls.api, mobile });
  browsers.push(browser);
  return browser.page;
}

async function ok(response: Promise<{ status: number; body: unknown }>, status: number, what: string): Promise<void> {
  const answer = await response;
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(status);
}

/**
 * The journeys' class approved, started and completed through enrollment (the clock moved to the
 * evening of its day), a non-sample catalogue's subsidy standards as an approved class carries
 * them, and trainee1's certificate as the evaluation body records it.
 */
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'peixun-claims-console-'));
  scanPath = join(work, '证书扫描件.pdf');
  await writeFile(scanPath, '%PDF-1.4\n% 职业技能等级证书扫描件\n');
  world = await prepareWorld(runtime(), { enrolFace: false });
  runtime().bus.publish(approvedClass({ classId: 'cls_standards', roster: [] }));
  await ok(runtime().request('POST', `/classes/${world.classId}/review`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['材料齐全'] } }), 200, 'approval');
  runtime().setClock(new Date(`${CLASS_DAY}T18:00:00+08:00`));
  await ok(runtime().request('POST', `/classes/${world.classId}/start`, { as: 'school1' }), 200, 'start');
  await ok(runtime().request('POST', `/classes/${world.classId}/complete`, { as: 'school1' }), 200, 'completion');
  await ok(
    runtime().request('POST', '/certificates', {
      as: 'evaluator1',
      body: {
        certificateNumber: RECORDED,
        idNumber: TRAINEE.idNumber,
        holderName: TRAINEE.name,
        occupationCode: '4-03-02-01',
        occupationName: '中式烹调师',
        level: 'LEVEL_5',
        issuedOn: '2026-11-01',
        issuingBody: '贵州省职业技能鉴定指导中心',
      },
    }),
    201,
    'certificate',
  );
  await runtime().bus.settled();
}, 180_000);

afterAll(async () => {
  for (const browser of browsers.splice(0)) await browser.close();
  runtime().setClock(undefined);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 250 });

describe('trainee', () => {
  it('Art. 22, 29: certificates, a declaration with its scan, a payee account and a direct claim on a phone — refusals explained with their rule', async () => {
    const page = await open(true);
    await signIn(page, 'trainee1');
    await page.getByRole('link', { name: '我的证书' }).click();
    const recorded = page.getByTestId('certificate').filter({ hasText: RECORDED });
    await recorded.waitFor();
    expect(await recorded.innerText()).toContain('已核验');
    await expectAccessible(page);
    await screenshot(page, 'claims-trainee', '01-certificates');

    await page.getByRole('button', { name: '申报其他途径取得的证书' }).click();
    await page.getByLabel('证书编号').fill(DECLARED);
    await page.getByLabel('持证人姓名').fill(TRAINEE.name);
    await page.getByLabel('持证人身份证号码').fill(TRAINEE.idNumber);
    await page.getByLabel('职业编码（如 4-03-02-01）').fill('4-03-02-02');
    await page.getByLabel('职业（工种）名称').fill('中式面点师');
    await page.getByLabel('发证日期').fill('2026-10-15');
    await page.getByLabel('发证机构（专项职业能力证书必填）').fill('广东省职业技能鉴定指导中心');
    await page.getByText('在省外取得').click();
    await page.getByTestId('certificate-scan').setInputFiles(scanPath);
    await expectAccessible(page);
    await page.getByRole('button', { name: '提交申报' }).click();
    await eventually(() => page.getByTestId('declared').innerText()).toContain('扫描件已上传');
    expect(await page.getByTestId('certificate').filter({ hasText: DECLARED }).innerText()).toContain('待核验');
    await screenshot(page, 'claims-trainee', '02-declared');

    await page.getByRole('link', { name: '收款账户' }).click();
    await page.getByLabel('开户行').fill('贵阳银行南明支行');
    await page.getByLabel('账号').fill('6217995200000000123');
    await expectAccessible(page);
    await page.getByRole('button', { name: '确认登记' }).click();
    await eventually(() => page.getByTestId('account-masked').innerText()).toMatch(/^6217\*+0123$/);
    expect(await page.getByTestId('payee-account').innerText()).not.toContain('6217995200000000123');
    // Read back from the service, not from this browser: a reload still shows it, masked.
    await page.reload();
    await eventually(() => page.getByTestId('account-masked').innerText()).toMatch(/^6217\*+0123$/);
    await screenshot(page, 'claims-trainee', '03-account');

    // From the verified certificate to its claim form, the certificate already chosen.
    await page.getByRole('link', { name: '我的证书' }).click();
    await page.getByTestId('certificate').filter({ hasText: RECORDED }).getByRole('button', { name: '申领证书补贴' }).click();
    await page.getByLabel('本人身份证号码').fill(TRAINEE.idNumber);
    await page.getByText('我是参加失业保险的企业在职职工').click();
    await page.getByRole('button', { name: '提交申领' }).click();
    const refusal = page.getByTestId('claim-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/请先申领参保职工技能提升补贴[\s\S]*第二十九条[\s\S]*社保/);
    await expectAccessible(page);
    await screenshot(page, 'claims-trainee', '04-refused-insured');

    await page.getByText('我是参加失业保险的企业在职职工').click();
    await page.getByRole('button', { name: '提交申领' }).click();
    await eventually(() => page.getByTestId('claim-filed').innerText()).toContain('¥1,000.00');
    const mine = page.getByTestId('my-claim');
    await eventually(() => mine.first().innerText()).toContain('待审核');
    expect(await mine.first().innerText()).toContain('中式烹调师');
    await expectAccessible(page);
    await screenshot(page, 'claims-trainee', '05-filed');

    // The same certificate again: once per person, occupation and level.
    await page.getByRole('button', { name: '提交申领' }).click();
    await eventually(() => refusal.innerText()).toContain('只能享受一次补贴');
    await screenshot(page, 'claims-trainee', '06-refused-once');
  }, 180_000);
});

describe('school', () => {
  it('Art. 18, 22: a school files the training claim of its completed class and sees every line judged with rule, article and reason', async () => {
    const page = await open();
    await signIn(page, 'school1');
    await page.getByRole('link', { name: '培训补贴', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: world.className });
    await row.waitFor();
    await expectAccessible(page);
    await screenshot(page, 'claims-school', '01-completed-classes');
    await row.getByRole('button', { name: '申请培训补贴' }).click();
    const lines = page.getByTestId('claim-lines');
    await lines.waitFor();
    const shown = await lines.innerText();
    expect(shown).toContain(TRAINEE.name);
    expect(shown).toMatch(/不符合：须取得本班对应证书（第十八条、第二十二条）/);
    expect(await page.getByTestId('claim-total').innerText()).toBe('¥0.00');
    await expectAccessible(page);
    await screenshot(page, 'claims-school', '02-claim');

    await page.getByRole('link', { name: '返回申请列表' }).click();
    await eventually(() => page.getByTestId('school-claims').innerText()).toContain('不符合条件');
    expect(await page.getByRole('row').filter({ hasText: world.className }).innerText()).toContain('查看申请');
  }, 120_000);
});

describe('reviewer', () => {
  it('Art. 22, 29, 32: a reviewer verifies the declared certificate against its scan and approves the direct claim onto the public list', async () => {
    const page = await open();
    await signIn(page, 'reviewer1');
    await page.getByRole('link', { name: '证书核验' }).click();
    const pending = page.getByTestId('pending-certificate').filter({ hasText: DECLARED });
    await pending.waitFor();
    expect(await pending.getByRole('link', { name: '查看扫描件（新窗口）' }).getAttribute('href')).toMatch(/^http/);
    await expectAccessible(page);
    await screenshot(page, 'claims-reviewer', '01-declarations');
    await pending.getByRole('button', { name: '核验通过' }).click();
    await page.getByLabel('核验意见（必填）').fill('扫描件与全国证书查询结果一致');
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await page.getByText(`证书 ${DECLARED} 已核验。`).waitFor();
    expect((await runtime().request('GET', `/certificates/${DECLARED}`, { as: 'reviewer1' })).body).toMatchObject({ status: 'VERIFIED', verification: { by: 'reviewer1' } });

    await page.getByRole('link', { name: '补贴审核' }).click();
    await page.getByTestId('claim-queue').getByRole('link', { name: TRAINEE.name }).click();
    await page.getByRole('button', { name: '审核通过', exact: true }).click();
    await page.getByLabel('审核意见或理由（必填，每行一条）').fill('证书真实有效，符合证书直补条件');
    await expectAccessible(page);
    await page.getByRole('button', { name: '确认审核通过' }).click();
    await eventually(() => page.getByTestId('claim-lines').innerText()).toContain('公示中');
    await expectAccessible(page);
    await screenshot(page, 'claims-reviewer', '02-approved');
    const claimId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const stored = (await runtime().request('GET', `/claims/${claimId}`, { as: 'reviewer1' })).body as ClaimView;
    expect(stored).toMatchObject({ subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', lines: [{ certificateNumber: RECORDED, status: 'IN_DISCLOSURE', decision: { decision: 'APPROVE', by: 'reviewer1' } }] });

    // The charts count the area's claims per state: the school's and the trainee's.
    await page.getByRole('link', { name: '统计图表' }).click();
    await eventually(() => page.getByText(/补贴申请 \d+ 件/).innerText()).toContain('补贴申请 2 件');
    await expectAccessible(page);
    await screenshot(page, 'claims-reviewer', '03-charts');
  }, 120_000);
});
