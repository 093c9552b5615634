import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The web console is built by Vite into `web/dist`. `npm start`, `npm test` (vitest's global setup)
 * and the browser tests build it first when the build is missing or older than any of its sources,
 * so a newcomer's `npm install && npm start` serves a console without a separate build step.
 */
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CONSOLE_DIR = join(REPO_ROOT, 'web', 'dist');
const STAMP = join(CONSOLE_DIR, '.built-from');
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/security-headers.ts', 'web/console-build.ts', 'web/package.json', 'shared/src', 'shared/package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs);
}

export function consoleBuildIsFresh(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(CONSOLE_DIR, 'index.html'))) return false;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(REPO_ROOT, source)) <= built);
}

/** Builds the console unless the build is fresh; returns whether it built. */
export function ensureConsoleBuilt(log: (line: string) => void = () => {}): boolean {
  if (consoleBuildIsFresh()) return false;
  log('正在构建网页控制台… / building the web console…');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: join(REPO_ROOT, 'web'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return true;
}
