// Fails the bundling when a native module or its platform package did not land in the asset
// (npm skips optional packages it cannot fetch, e.g. offline with a cold cache, without failing).
// Usage: node check-installed.mjs <assetDir> <package>...
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const [assetDir, ...packages] = process.argv.slice(2);
const missing = packages.filter((name) => !existsSync(join(assetDir, 'node_modules', name, 'package.json')));
if (missing.length > 0) {
  console.error(`Lambda 资产缺少原生模块 / native packages missing from the Lambda asset: ${missing.join(', ')}.`);
  console.error('npm could not install them for the Lambda platform (offline with an empty npm cache?). Run the synth once with access to the npm registry.');
  process.exit(1);
}
