import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { FunctionSpec, ServiceManifest } from '@peixun/shared';
import { esbuildOptionsOf } from './bundling';

/** One deployed function, named `service.function` as in the manifests. */
export interface DeployedFunction {
  readonly id: string;
  readonly service: string;
  readonly name: string;
  readonly spec: FunctionSpec;
  /** The table's outbox relay (every service has one, all alike). */
  readonly relay: boolean;
}

export function deployedFunctionsOf(manifests: readonly ServiceManifest[]): DeployedFunction[] {
  return manifests.flatMap((manifest) =>
    Object.entries(manifest.functions).map(([name, spec]) => ({
      id: `${manifest.name}.${name}`,
      service: manifest.name,
      name,
      spec,
      relay: manifest.resources.table?.outbox?.function === name,
    })),
  );
}

export interface FunctionBundle {
  readonly fn: DeployedFunction;
  /** The handler file's bytes (what Node parses at init); the `.map` beside it is not loaded unless asked. */
  readonly bytes: number;
  /** esbuild's account of this bundle: the bytes each input left in it. */
  readonly output: Metafile['outputs'][string];
  /** Where it was written (`<outdir>/<service.function>/index.mjs`), when an `outdir` was given. */
  readonly file?: string;
}

/**
 * Bundles `functions` with infra's own esbuild options (`esbuildOptionsOf`). Functions whose
 * options are the same share one esbuild build with an entry point each: without code splitting
 * every entry point still gets a bundle of its own, exactly the one a build of it alone would give,
 * but each input is parsed once (57 separate builds take minutes and gigabytes). Without `outdir`
 * nothing is written: the size-budget test only needs the bytes.
 */
export async function bundleFunctions(functions: readonly DeployedFunction[], outdir?: string): Promise<FunctionBundle[]> {
  const groups = new Map<string, DeployedFunction[]>();
  for (const fn of functions) {
    const { entryPoints: _entry, ...options } = esbuildOptionsOf(fn.spec);
    const key = JSON.stringify(options);
    groups.set(key, [...(groups.get(key) ?? []), fn]);
  }
  const bundles: FunctionBundle[] = [];
  for (const members of groups.values()) {
    const { entryPoints: _entry, ...options } = esbuildOptionsOf(members[0]!.spec);
    const extension = options.format === 'esm' ? '.mjs' : '.js';
    const result = await build({
      ...options,
      entryPoints: Object.fromEntries(members.map((fn) => [`${fn.id}/index`, fn.spec.entry])),
      outdir: outdir ?? '/virtual',
      outExtension: { '.js': extension },
      write: outdir !== undefined,
      metafile: true,
      logLevel: 'silent',
    });
    for (const fn of members) {
      const suffix = `/${fn.id}/index${extension}`;
      const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(suffix))?.[1];
      if (output === undefined) throw new Error(`${fn.id}: esbuild wrote no ${suffix}`);
      bundles.push({ fn, bytes: output.bytes, output, ...(outdir === undefined ? {} : { file: join(outdir, suffix) }) });
    }
  }
  return bundles;
}

/** The package (or our own workspace folder) an input of the metafile belongs to. */
export function contributorOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) return /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.slice(at))?.[1] ?? input;
  const ours = /^(shared|services\/[^/]+|infra|local)\//.exec(input);
  return ours?.[1] ?? input;
}

/** Bytes in the output by contributor, largest first. */
export function contributorsOf(output: FunctionBundle['output']): Array<{ name: string; bytes: number }> {
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = contributorOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
