import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download: `npx playwright install`
 * cannot reach its CDN here, and CI installs the distribution's package). A missing browser fails
 * the run with what to do, never skips it.
 */
export const CHROMIUM_PATH = process.env.PEIXUN_CHROMIUM ?? '/usr/bin/chromium';

export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `浏览器测试需要 Chromium，但 ${CHROMIUM_PATH} 不存在。/ The browser tests need Chromium at ${CHROMIUM_PATH}.\n` +
        '安装 / install: sudo apt-get install -y chromium   (.ci/run does this as root; PEIXUN_CHROMIUM=<path> points elsewhere)',
    );
  }
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A fresh profile (its own --user-data-dir) per launch. With `fakeCamera`, Chromium's fake capture
 * device plays that y4m file as the camera and grants the permission without a prompt.
 */
export async function launch(options: { fakeCamera?: string; baseURL: string; mobile?: boolean }): Promise<Browser> {
  requireChromium();
  const profile = await mkdtemp(join(tmpdir(), 'peixun-chromium-'));
  const args = [
    ...FLAGS,
    ...(options.fakeCamera === undefined
      ? []
      : ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeCamera}`]),
  ];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    baseURL: options.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.mobile === true ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(options.mobile === true ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    permissions: options.fakeCamera === undefined ? [] : ['camera'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/** Saves a full-page screenshot under web/test/screenshots/<journey>/ (git-ignored) for people to look at. */
export async function screenshot(page: Page, journey: string, step: string): Promise<void> {
  const folder = join(SCREENSHOTS, journey);
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${step}.png`), fullPage: true });
}

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('peixun-dev');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
