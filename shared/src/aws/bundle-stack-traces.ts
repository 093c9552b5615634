import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces of a minified Lambda bundle, told in TypeScript positions, at no cost to cold start.
 *
 * `--enable-source-maps` reads and parses the bundle's `.map` (≈ 700 KB of JSON) while the bundle
 * loads, 15–40 ms of every cold start, though most containers never format a stack. Instead,
 * infra injects this module into every bundle (esbuild `inject`, so it runs before the code it
 * serves): it hands V8 a `prepareStackTrace` that reads the map only when a stack is first
 * formatted, and then rewrites the bundle's frames to the original file, line and column (Node's
 * own `SourceMap` does the lookup). Frames of other files keep V8's text.
 */
const bundle = import.meta.url;
const bundlePath = bundle.startsWith('file:') ? fileURLToPath(bundle) : bundle;

let loaded: SourceMap | null | undefined;

/** The bundle's map, read on first use; null when there is none (then frames are left as they are). */
function sourceMap(): SourceMap | null {
  if (loaded !== undefined) return loaded;
  try {
    loaded = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')));
  } catch {
    loaded = null;
  }
  return loaded;
}

/** `../../shared/src/x.ts` (relative to the bundle's folder at build time) as `shared/src/x.ts`. */
const readableSource = (source: string): string => source.replace(/^(?:\.\.\/)+/, '').replace(/^file:\/\/\/?/, '/');

/**
 * One frame as V8 writes it, with the bundle's position replaced by the original file, line and
 * column. Function names stay the minifier's: the map names identifiers, not the function a
 * position is inside of, and a wrong name would mislead more than a short one.
 */
function mappedFrame(frame: NodeJS.CallSite): string {
  const text = frame.toString();
  const file = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if ((file !== bundle && file !== bundlePath) || line === null || column === null) return text;
  const entry = sourceMap()?.findEntry(line - 1, column - 1);
  if (entry === undefined || !('originalSource' in entry)) return text;
  return text.replace(`${file}:${line}:${column}`, `${readableSource(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
}

function prepareStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
  return [Error.prototype.toString.call(error), ...frames.map((frame) => `    at ${mappedFrame(frame)}`)].join('\n');
}

Error.prepareStackTrace = prepareStackTrace;
