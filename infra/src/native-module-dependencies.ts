/**
 * The dependency specs CDK writes into the asset's package.json for `nodeModules` (it copies them
 * from the package.json nearest to the function's entry), for every function that declares
 * `nativeModules`. The native-modules lock must be in step with exactly these.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceManifest } from '@peixun/shared';
import { serviceManifests } from '../../services/manifests';

function nearestPackageJson(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export function nativeModuleDependencies(manifests: readonly ServiceManifest[] = serviceManifests): Record<string, string> {
  const specs: Record<string, string> = {};
  for (const manifest of manifests) {
    for (const fn of Object.values(manifest.functions)) {
      if (fn.nativeModules === undefined || fn.nativeModules.length === 0) continue;
      const packageJson = nearestPackageJson(fn.entry);
      const { dependencies = {} } = JSON.parse(readFileSync(packageJson, 'utf8')) as { dependencies?: Record<string, string> };
      for (const module of fn.nativeModules) {
        const spec = dependencies[module];
        if (spec === undefined) throw new Error(`${packageJson} does not depend on native module ${module}`);
        if (specs[module] !== undefined && specs[module] !== spec) {
          throw new Error(`Native module ${module} is required as ${specs[module]} and as ${spec}: one lock serves all functions, align the versions`);
        }
        specs[module] = spec;
      }
    }
  }
  return Object.fromEntries(Object.entries(specs).sort(([a], [b]) => a.localeCompare(b)));
}
