/**
 * Where the TensorFlow.js WASM binaries come from: the installed `@tensorflow/tfjs-backend-wasm`
 * (its `dist/` holds the `.wasm` files next to the JavaScript glue built with them), or
 * `FACE_WASM_DIR` for a deployment that ships the binaries elsewhere (a bundle without
 * node_modules). A wrong folder fails at start-up, not on the first check-in.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';
export const WASM_BINARY = 'tfjs-backend-wasm-simd.wasm';

export class WasmBinariesMissing extends Error {
  constructor(detail: string) {
    super(`Embedded face engine: ${detail}. Install ${WASM_PACKAGE}, or point FACE_WASM_DIR at a folder holding ${WASM_BINARY}.`);
    this.name = 'WasmBinariesMissing';
  }
}

/** An explicit folder wins; otherwise the installed package's `dist/`. Returns a folder path. */
export function resolveWasmDirectory(explicit: string | undefined): string {
  const folder = explicit ?? installedWasmDirectory();
  if (!existsSync(path.join(folder, WASM_BINARY))) throw new WasmBinariesMissing(`${folder} has no ${WASM_BINARY}`);
  return folder;
}

function installedWasmDirectory(): string {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve(`${WASM_PACKAGE}/package.json`)), 'dist');
  } catch {
    throw new WasmBinariesMissing(`${WASM_PACKAGE} is not installed`);
  }
}
