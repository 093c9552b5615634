/**
 * Lets tfjs read human's models from disk. tfjs-core's Node platform loads models over HTTP
 * only (the `file://` handler lives in tfjs-node, whose native binary we do not use), so a small
 * IO router reads `model.json` and its weight shards. Nothing is fetched over the network.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { io } from '@tensorflow/tfjs-core';

type TfjsIo = typeof io;

type LoadRouter = (url: string | string[]) => io.IOHandler | null;

export function registerFileModelLoader(tfIo: TfjsIo): void {
  const router: LoadRouter = (url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const modelFile = fileURLToPath(url);
    return {
      async load() {
        const modelJson = JSON.parse(await readFile(modelFile, 'utf8')) as io.ModelJSON;
        return tfIo.getModelArtifactsForJSON(modelJson, async (manifest) => {
          const specs: io.WeightsManifestEntry[] = [];
          const shards: ArrayBuffer[] = [];
          for (const group of manifest) {
            specs.push(...group.weights);
            for (const shard of group.paths) {
              shards.push(toArrayBuffer(await readFile(path.join(path.dirname(modelFile), shard))));
            }
          }
          return [specs, tfIo.concatenateArrayBuffers(shards)];
        });
      },
    };
  };
  // tfjs types a router as always returning a handler, but its registry documents and handles
  // `null` as "not my URL" (other schemes stay with the built-in HTTP handler).
  tfIo.registerLoadRouter(router as Parameters<TfjsIo['registerLoadRouter']>[0]);
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}
