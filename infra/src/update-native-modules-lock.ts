/**
 * Rewrites infra/native-modules/package-lock.json from the workspace lock (see native-modules.ts).
 * Run after a version change of a native module: `npm run native-modules:lock -w infra`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeModuleDependencies } from './native-module-dependencies';
import { deriveNativeModulesLock, NATIVE_MODULES_LOCK, PROJECT_ROOT, type PackageLock } from './native-modules';

const workspaceLock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as PackageLock;
writeFileSync(NATIVE_MODULES_LOCK, `${JSON.stringify(deriveNativeModulesLock(workspaceLock, nativeModuleDependencies()), null, 2)}\n`);
console.log(`wrote ${NATIVE_MODULES_LOCK}`);
