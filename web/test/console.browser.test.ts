/**
 * The web console in Debian's Chromium against the local runtime (every service, the built
 * console served at the API's origin): each role's main journey, walked as a person would, with
 * screenshots under web/test/screenshots/ and an axe-core check of every page visited.
 *
 *   1. a reviewer approves a class from the review queue (Art. 9, 28);
 *   2. a trainee checks in by camera (Art. 27–28): Chromium's fake camera plays a y4m made from a
 *      real photo; another person's face is refused with the reason in Chinese, the enrolled
 *      trainee's passes;
 *   3. a school uploads a 200 MiB session video (Art. 24), reloads the page half-way and resumes
 *      without sending a finished part again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR, ensureConsoleBuilt } from '../console-build';
import { FRANCK, photo } from '../../services/attendance/test/support/face-fixtures';
import { writeFixture } from '../../services/recordings/test/support/files';
import { useLocalRuntime } from '../../test/support/runtime';
import { expectAccessible } from './support/axe';
import { launch, requireChromium, screenshot, signIn, type Browser } from './support/chromium';
import { writeY4m } from './support/fake-camera';
import { CLASS_DAY, prepareWorld, signInAsTrainee, type JourneyWorld } from './support/journey-world';

beforeAll(() => {
  requireChromium();
  ensureConsoleBuilt();
});
const runtime = useLocalRuntime({ consoleDir: CONSOLE_DIR });

let world: JourneyWorld;
let work: string;
const browsers: Browser[] = [];

async function open(options: Parameters<typeof launch>[0]): Promise<Page> {
  const browser = await launch(options);
  browsers.push(browser);
  return browser.page;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'peixun-console-'));
  world = await prepareWorld(runtime());
});

afterAll(async () => {
  for (const browser of browsers.splice(0)) await browser.close();
  runtime().setClock(undefined);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('reviewer', () => {
  it('Art. 9, 28: a reviewer of the approving office approves a submitted class from the queue', async () => {
    const page = await open({ baseURL: runtime().urls.api });
    await page.goto('/login');
    await expectAccessible(page);
    await screenshot(page, 'reviewer', '01-login');
    await signIn(page, 'reviewer1');
    await page.getByRole('link', { name: world.className }).click();
    await page.getByRole('button', { name: '批准开班' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'reviewer', '02-class');
    await page.getByRole('button', { name: '批准开班' }).click();
    await page.getByLabel(/审核意见/).fill('材料齐全，符合开班条件');
    await page.getByRole('button', { name: '确认批准' }).click();
    await page.getByText('已批准', { exact: true }).first().waitFor();
    await screenshot(page, 'reviewer', '03-approved');
    const stored = await runtime().request('GET', `/classes/${world.classId}`, { as: 'reviewer1' });
    expect(stored.body).toMatchObject({ status: 'APPROVED', history: [{ action: 'SUBMIT' }, { action: 'APPROVE', reasons: ['材料齐全，符合开班条件'] }] });
    for (const path of ['/reviewer/anomalies', '/reviewer/charts']) {
      await page.getByRole('link', { name: path.endsWith('charts') ? '统计图表' : '考勤异常' }).click();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page);
      await screenshot(page, 'reviewer', path.slice(10));
    }
  }, 90_000);
});

describe('trainee', () => {
  /** Signs in on a phone-sized page whose camera shows `photoName`, confirms identity once, opens the first session's check-in. */
  async function checkInPage(photoName: string, label: string): Promise<Page> {
    const camera = join(work, `${label}.y4m`);
    await writeY4m(photo(photoName), camera);
    const page = await open({ baseURL: runtime().urls.api, fakeCamera: camera, mobile: true });
    await signInAsTrainee(page);
    await expectAccessible(page);
    await screenshot(page, `trainee-${label}`, '01-home');
    await page.getByRole('button', { name: '刷脸签到' }).first().click();
    await page.getByText('请将面部置于框内').waitFor();
    return page;
  }

  beforeAll(async () => {
    // The first session is open for check-in: the services' clock is moved to 09:02 on its day.
    runtime().setClock(new Date(`${CLASS_DAY}T09:02:00+08:00`));
    await runtime().bus.waitFor({ 'detail-type': ['Class.Approved'], detail: { class: { classId: [world.classId] } } }, { timeoutMs: 10_000 });
    await runtime().bus.settled();
  });

  it('Art. 27: another person in front of the camera is refused, in plain Chinese, with what to do next', async () => {
    const page = await checkInPage('audrey.jpg', 'impostor');
    await screenshot(page, 'trainee-impostor', '02-camera');
    await page.getByRole('button', { name: '拍照签到' }).click();
    const outcome = page.locator('[data-outcome]');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-outcome')).toBe('failed');
    await expect.poll(() => outcome.innerText()).toContain('人脸比对未通过');
    expect(await outcome.innerText()).toMatch(/光线|工作人员/);
    await expectAccessible(page);
    await screenshot(page, 'trainee-impostor', '03-refused');
  }, 60_000);

  it('Art. 27–28: the enrolled trainee checks in by camera on their phone', async () => {
    const page = await checkInPage(FRANCK.others[1], 'enrolled');
    await page.getByRole('button', { name: '拍照签到' }).click();
    const outcome = page.locator('[data-outcome]');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain('签到成功');
    expect(await outcome.getAttribute('data-outcome')).toBe('passed');
    await screenshot(page, 'trainee-enrolled', '02-passed');
    const attendance = await runtime().request('GET', `/classes/${world.classId}/attendance`, { as: 'school1' });
    expect(attendance.status).toBe(200);
    await page.getByRole('link', { name: '人脸授权' }).click();
    await page.getByText('个人信息处理告知书').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'trainee-enrolled', '03-consent');
  }, 60_000);
});

describe('school', () => {
  const SIZE = 200 * 1024 * 1024;

  it('Art. 24: a 200 MiB session video is uploaded from the browser, resumed after a reload without re-sending finished parts', async () => {
    runtime().setClock(undefined);
    const file = join(work, '第1天理论.mp4');
    await writeFixture(file, SIZE);
    const page = await open({ baseURL: runtime().urls.api });
    await signIn(page, 'school1');
    await expectAccessible(page);
    await page.getByRole('link', { name: '培训班' }).first().click();
    await page.getByRole('link', { name: world.className }).click();
    await page.getByRole('link', { name: '录像与上传' }).first().click();
    await page.getByText('上传全程录像').waitFor();
    await expectAccessible(page);

    const partOf = (request: Request): number | undefined => {
      const url = new URL(request.url());
      return request.method() === 'PUT' && url.searchParams.has('partNumber') ? Number(url.searchParams.get('partNumber')) : undefined;
    };
    // Slowed to 40 MB/s so that "half-way" lasts long enough to reload in; lifted after the reload.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * 1024 * 1024 });
    let finished = 0;
    const halfWay = new Promise<void>((resolve) => {
      page.on('requestfinished', (request) => {
        if (partOf(request) !== undefined && (finished += 1) >= 8) resolve();
      });
    });
    await page.getByTestId('recording-file').setInputFiles(file);
    await halfWay;
    await page.reload();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // What S3 holds when the page comes back is what must not be sent again.
    const sessionId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    const listed = await runtime().request('GET', `/sessions/${sessionId}/recordings`, { as: 'school1' });
    const recordingId = (listed.body as { recordings: Array<{ recordingId: string }> }).recordings[0]?.recordingId ?? '';
    const held = await runtime().request('GET', `/sessions/${sessionId}/recordings/${recordingId}/parts`, { as: 'school1' });
    const heldParts = new Set((held.body as { parts: Array<{ partNumber: number }> }).parts.map((part) => part.partNumber));
    const partCount = (held.body as { partCount: number }).partCount;
    const sentAfter: number[] = [];
    page.on('request', (request) => {
      const part = partOf(request);
      if (part !== undefined) sentAfter.push(part);
    });
    await page.getByText('有未完成的上传').waitFor();
    await screenshot(page, 'school', '01-after-reload');
    await page.getByTestId('recording-file').setInputFiles(file);
    await page.getByText('上传完成，正在校验').waitFor({ timeout: 120_000 });
    await screenshot(page, 'school', '02-done');

    expect(heldParts.size).toBeGreaterThanOrEqual(8);
    expect(heldParts.size).toBeLessThan(partCount);
    expect(sentAfter.filter((part) => heldParts.has(part))).toEqual([]);
    expect(new Set([...heldParts, ...sentAfter]).size).toBe(partCount);
    expect(await page.getByTestId('upload-status').innerText()).toContain(`续传，${heldParts.size} 个分片此前已上传`);
    await expect
      .poll(async () => (await runtime().request('GET', `/sessions/${sessionId}/recordings`, { as: 'school1' })).body, { timeout: 60_000 })
      .toMatchObject({ recordings: [{ recordingId, size: SIZE, status: 'completed' }] });
  }, 180_000);

  it('every school page passes the accessibility check', async () => {
    const page = browsers.at(-1)?.page;
    if (page === undefined) throw new Error('the upload journey opened no page');
    for (const [link, heading] of [['机构信息', '机构信息'], ['开班申请', '开班申请'], ['考勤一体机', '考勤一体机']] as const) {
      await page.getByRole('link', { name: link, exact: true }).first().click();
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page);
      await screenshot(page, 'school', `page-${heading}`);
    }
  }, 60_000);
});
