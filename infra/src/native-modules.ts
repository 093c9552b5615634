/**
 * Native packages in Lambda bundles. esbuild cannot bundle a `.node` binary (sharp loads
 * `@img/sharp-<platform>-<arch>/sharp.node` by a computed path), and the binary that `npm install`
 * put into the repository's `node_modules` is the build machine's (linux-x64 here, darwin-arm64 on
 * a Mac), not Lambda's. So a function that declares `nativeModules` gets them as NodejsFunction
 * `nodeModules`: left out of the bundle and installed into the asset by `npm ci` with npm's
 * platform overrides (`npm_config_os/cpu/libc`), which select the optional `@img/*` packages of
 * the function's architecture whatever machine runs the synth, with no Docker.
 *
 * `npm ci` needs a lock file in step with the one-dependency package.json CDK writes, which the
 * workspace's lock is not; `infra/native-modules/package-lock.json` is that lock, derived from
 * the workspace lock (same versions and integrity as the code the tests ran) by
 * `npm run native-modules:lock`, and a test fails when the two drift apart.
 *
 * The install needs the npm registry once per machine (CI has it); afterwards npm's cache serves
 * it and the synth works offline. An offline synth with a cold cache would silently skip the
 * optional platform packages, so `check-installed.mjs` fails the bundling when one is missing.
 */
import { fileURLToPath } from 'node:url';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions, ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: the NodejsFunction project root (entries live in services/, the lock in infra/). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NATIVE_MODULES_LOCK = fileURLToPath(new URL('../native-modules/package-lock.json', import.meta.url));
const CHECK_INSTALLED = fileURLToPath(new URL('../native-modules/check-installed.mjs', import.meta.url));

/** npm's names for Lambda's platform; Lambda's Node.js runtimes run on Amazon Linux 2023 (glibc). */
export function npmPlatformOf(architecture: Architecture): { os: 'linux'; cpu: 'arm64' | 'x64'; libc: 'glibc' } {
  return { os: 'linux', cpu: architecture === Architecture.ARM_64 ? 'arm64' : 'x64', libc: 'glibc' };
}

/**
 * The platform packages each native module needs at run time, checked after the install. A module
 * not listed is only checked for itself.
 */
function platformPackagesOf(module: string, platform: ReturnType<typeof npmPlatformOf>): string[] {
  if (module === 'sharp') return [`@img/sharp-${platform.os}-${platform.cpu}`, `@img/sharp-libvips-${platform.os}-${platform.cpu}`];
  return [];
}

/** The bundling options that add `modules` to a function of `architecture` (none when the list is empty). */
export function nativeModulesBundling(modules: readonly string[], architecture: Architecture): Partial<BundlingOptions> {
  if (modules.length === 0) return {};
  const platform = npmPlatformOf(architecture);
  const expected = [...modules, ...modules.flatMap((module) => platformPackagesOf(module, platform))];
  const commandHooks: ICommandHooks = {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [`node "${CHECK_INSTALLED}" "${outputDir}" ${expected.map((name) => `"${name}"`).join(' ')}`],
  };
  return {
    nodeModules: [...modules],
    // Prebuilt binaries come as platform packages; no package's install script runs in the asset
    // (sharp's would only check for them, or try to compile when they are missing).
    environment: { npm_config_os: platform.os, npm_config_cpu: platform.cpu, npm_config_libc: platform.libc, npm_config_ignore_scripts: 'true' },
    commandHooks,
  };
}

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly [field: string]: unknown;
}

export interface PackageLock {
  readonly name?: string;
  readonly lockfileVersion: number;
  readonly requires?: boolean;
  readonly packages: Record<string, LockEntry>;
}

/**
 * The lock `npm ci` needs for a package.json holding only `dependencies`: each package and its
 * whole dependency tree (all platforms' optional packages included, as npm records them) copied
 * from the workspace lock, so the versions and integrity hashes are the ones the tests ran.
 */
export function deriveNativeModulesLock(workspaceLock: PackageLock, dependencies: Record<string, string>): PackageLock {
  const packages: Record<string, LockEntry> = { '': { name: 'peixun-lambda-native-modules', dependencies } };
  const pending = Object.keys(dependencies).map((name) => `node_modules/${name}`);
  for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
    if (packages[path] !== undefined) continue;
    const entry = workspaceLock.packages[path];
    if (entry === undefined) throw new Error(`${path} is not in the workspace lock: run npm install first`);
    // Flags about the workspace's own dev tree do not apply to this one.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    packages[path] = kept;
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const nested = `${path}/node_modules/${name}`;
      pending.push(workspaceLock.packages[nested] === undefined ? `node_modules/${name}` : nested);
    }
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
  return { name: 'peixun-lambda-native-modules', lockfileVersion: 3, requires: true, packages: sorted };
}
