import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import type { FunctionSpec } from '@peixun/shared';
import { nativeModulesBundling } from './native-modules';

/** Graviton: cheaper per GB-second; native modules are installed for it (see native-modules.ts). */
export const ARCHITECTURE = Architecture.ARM_64;
export const RUNTIME = Runtime.NODEJS_24_X;

/**
 * The SDK's default credential chain (profiles, SSO, STS with their nested clients, instance
 * metadata) is replaced by the env provider in every bundle: in Lambda the role's credentials are
 * in the environment, and the chain would only add ≈ 125 KB to parse at each cold start. Our clients
 * already get the env provider explicitly (`awsClientConfig` in shared), so tests and the local
 * runtime run the same provider; the stand-in serves clients that libraries build for themselves.
 * A package path, resolved by esbuild from the working directory (the repository, whose
 * node_modules links the workspace).
 */
const CREDENTIAL_CHAIN_ALIAS = '@aws-sdk/credential-provider-node=@peixun/shared/aws/default-credential-provider';

/**
 * The Node built-ins the bundles import. An ESM `import … from 'node:http'` makes Node build the
 * module's ESM facade, which reads every export once: for `node:http` that wakes its lazy
 * `fetch`/`WebSocket` exports and loads undici (≈ 40 ms of a cold start for nothing), and every
 * facade costs a little. Each is aliased, bare and `node:`-prefixed, to a one-line CommonJS module
 * in shared (`module.exports = process.getBuiltinModule('node:…')`) that esbuild inlines with its
 * CommonJS interop, whose getters read an export only when the code uses it. The bundle-size test
 * fails when a bundle imports a built-in that is not in this list.
 */
export const BUILTINS_WITHOUT_ESM_FACADE = [
  'console', 'crypto', 'fs', 'fs/promises', 'http', 'https', 'module', 'os', 'path', 'process', 'stream', 'timers',
  'timers/promises', 'url', 'util', 'worker_threads', 'zlib',
] as const;

const BUILTIN_ALIASES = BUILTINS_WITHOUT_ESM_FACADE.flatMap((name) =>
  [name, `node:${name}`].map((specifier) => `${specifier}=@peixun/shared/aws/node-builtins/${name}`),
);

/** Maps stack traces to the TypeScript sources when one is first formatted, instead of `--enable-source-maps` at every load. */
const STACK_TRACES = fileURLToPath(new URL('../../shared/src/aws/bundle-stack-traces.ts', import.meta.url));

/**
 * One ESM bundle per handler, built by the locally installed esbuild (never Docker). The banner
 * gives ESM output a `require`, so CommonJS dependencies that call `require('node:…')` still work
 * (taken from `process.getBuiltinModule` for the reason given above the built-in aliases).
 * The SDK is bundled too: the code that runs is the code the tests ran, not whatever SDK version the
 * runtime happens to ship.
 */
const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  inject: [STACK_TRACES],
  bundleAwsSDK: true,
  esbuildArgs: { '--alias': [CREDENTIAL_CHAIN_ALIAS, ...BUILTIN_ALIASES] },
  forceDockerBundling: false,
};

/** The NodejsFunction bundling of one manifest function. */
export function bundlingOf(spec: FunctionSpec): BundlingOptions {
  return { ...BUNDLING, ...nativeModulesBundling(spec.nativeModules ?? [], ARCHITECTURE) };
}

/**
 * The function's NODE_OPTIONS, when it has flags of its own. Source maps are not among them: the
 * injected `bundle-stack-traces` reads the `.map` beside the bundle when a stack is first
 * formatted, where `--enable-source-maps` would parse it at every cold start.
 */
export function nodeOptionsOf(spec: FunctionSpec): string | undefined {
  return spec.nodeOptions === undefined || spec.nodeOptions.length === 0 ? undefined : spec.nodeOptions.join(' ');
}

/** The options of `bundlingOf` that `esbuildOptionsOf` translates; any other one makes it throw. */
const TRANSLATED = new Set<keyof BundlingOptions>([
  'format', 'target', 'mainFields', 'banner', 'minify', 'sourceMap', 'sourcesContent', 'inject', 'bundleAwsSDK',
  'forceDockerBundling', 'nodeModules', 'environment', 'commandHooks', 'esbuildArgs',
]);

/** `esbuildArgs` as the JavaScript API's options: only `--alias` (`package=replacement` items) is used, anything else throws. */
function esbuildArgsOf(args: BundlingOptions['esbuildArgs']): Pick<BuildOptions, 'alias'> {
  const { '--alias': aliases, ...others } = args ?? {};
  if (Object.keys(others).length > 0) throw new Error(`esbuildOptionsOf does not translate esbuild argument(s) ${Object.keys(others).join(', ')}`);
  if (aliases === undefined) return {};
  if (!Array.isArray(aliases)) throw new Error('--alias is expected as a list of package=replacement items');
  return { alias: Object.fromEntries(aliases.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)])) };
}

/**
 * The esbuild build that NodejsFunction runs for `spec` (its `esbuild --bundle …` command as the
 * JavaScript API's options), so benchmarks and the size-budget test measure the very bundle that
 * is deployed. Only the options `bundlingOf` sets are translated; adding another one to the
 * bundling without teaching this function about it fails loudly instead of measuring something else.
 */
export function esbuildOptionsOf(spec: FunctionSpec): BuildOptions & { entryPoints: string[] } {
  const bundling = bundlingOf(spec);
  const untranslated = Object.keys(bundling).filter((key) => !TRANSLATED.has(key as keyof BundlingOptions));
  if (untranslated.length > 0) throw new Error(`esbuildOptionsOf does not translate bundling option(s) ${untranslated.join(', ')}`);
  return {
    entryPoints: [spec.entry],
    bundle: true,
    platform: 'node',
    target: bundling.target ?? `node${/nodejs(\d+)/.exec(RUNTIME.name)?.[1]}`,
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    minify: bundling.minify === true,
    sourcemap: bundling.sourceMap === true,
    sourcesContent: bundling.sourcesContent !== false,
    ...(bundling.inject === undefined ? {} : { inject: bundling.inject }),
    // With bundleAwsSDK the SDK is bundled; native modules are installed beside the bundle instead.
    external: [...(bundling.bundleAwsSDK === true ? [] : ['@aws-sdk/*']), ...(bundling.nodeModules ?? [])],
    ...(bundling.banner === undefined ? {} : { banner: { js: bundling.banner } }),
    ...(bundling.mainFields === undefined ? {} : { mainFields: bundling.mainFields }),
    ...esbuildArgsOf(bundling.esbuildArgs),
  };
}
