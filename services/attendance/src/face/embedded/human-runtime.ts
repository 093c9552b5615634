/**
 * One `@vladmandic/human` instance per process (or per worker of the runtime pool, when more than
 * one inference thread is configured), on the WASM backend, with only the face models (detector,
 * mesh for landmarks and head pose, description for the embedding). Loading takes about a second,
 * so it happens once and every engine in the process shares it.
 *
 * human's Node WASM build (`human.node-wasm.js`) runs on the installed `@tensorflow/tfjs-core`,
 * `tfjs-converter` and `tfjs-backend-wasm` (same version as human's tfjs, 4.22.0): no native
 * binary (tfjs-node cannot be installed here) and nothing fetched over the network.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config, FaceResult, Human } from '@vladmandic/human';
import type * as TfjsCore from '@tensorflow/tfjs-core';
import type { DecodedImage } from '../image';
import type { DetectedFace, PixelBox } from '../quality';
import { registerFileModelLoader } from './file-model-loader';
import { resolveWasmDirectory } from './wasm-binaries';

export interface EmbeddedRuntimeOptions {
  /** Folder with the tfjs `.wasm` binaries; default: the installed `@tensorflow/tfjs-backend-wasm`. */
  readonly wasmDir?: string;
  /**
   * Inference threads. 1 (the default) runs human in this thread; more start a pool of worker
   * threads, each with its own human instance, because one WASM instance runs one inference at a time.
   */
  readonly workers?: number;
}

export interface EmbeddedFace extends DetectedFace {
  /** 1024 floats from human's `faceres` model; undefined when the description model gave up. */
  readonly embedding: number[] | undefined;
  /**
   * The description model's own age and sex estimates. Never used to decide anything about a
   * person; the accuracy bench uses them to pair impostors of the same sex and age band.
   */
  readonly estimated: { readonly age: number | undefined; readonly sex: 'female' | 'male' | undefined };
  /**
   * Eye aspect ratio (Soukupová & Čech 2016) from the mesh, both eyes averaged: eyelid gap over
   * eye width, about 0.25–0.35 open and near 0.1 closed. Undefined without a mesh. Liveness
   * watches it fall and rise again for a blink.
   */
  readonly eyeOpenness: number | undefined;
}

export interface EmbeddedRuntime {
  /** e.g. `human-3.3.6/faceres`, for audit records. */
  readonly model: string;
  detect(image: DecodedImage): Promise<EmbeddedFace[]>;
  /** human's `match.similarity`, scaled to 0–100. */
  similarity(a: number[], b: number[]): number;
  /** Live tensors; stays flat across calls unless something leaks. */
  tensorCount(): number;
}

/** The package's types describe every build alike. */
export type HumanModule = typeof import('@vladmandic/human');
type Tfjs = typeof TfjsCore;

/**
 * The human options that matter for recognition. Frame caching is off (`cacheSensitivity: 0`,
 * `skipFrames: 0`, `skipTime: 0`): it is meant for video, and between two different people's
 * photos it would return the previous person's face.
 */
function humanConfig(modelBasePath: string, wasmPath: string): Partial<Config> {
  return {
    backend: 'wasm',
    wasmPath,
    // The backend's Node glue reads the binary from disk itself (a path prefix, not a URL).
    wasmPlatformFetch: false,
    modelBasePath,
    debug: false,
    warmup: 'none',
    cacheModels: false,
    cacheSensitivity: 0,
    // Threaded WASM needs web workers with blob URLs, which Node does not have.
    flags: { WASM_HAS_MULTITHREAD_SUPPORT: false },
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      // Several faces must be seen to refuse "two people in the picture".
      detector: { maxDetected: 5, minConfidence: 0.3, rotation: false, skipFrames: 0, skipTime: 0, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: true, skipFrames: 0, skipTime: 0 },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
  };
}

/**
 * human's `exports` map does not expose its builds as subpaths (its keys lack "./"), so the Node
 * WASM build is required by file, and only here: a process on Rekognition never loads tfjs.
 */
export function loadHumanModule(): { module: HumanModule; humanDist: string } {
  const require = createRequire(import.meta.url);
  const humanDist = path.dirname(require.resolve('@vladmandic/human'));
  return { module: require(path.join(humanDist, 'human.node-wasm.js')), humanDist };
}

/** human's `match.similarity`, scaled to 0–100: pure arithmetic, needs no model and no WASM. */
export function humanSimilarity(module: HumanModule, a: number[], b: number[]): number {
  return Math.round(module.match.similarity(a, b) * 100);
}

/** A runtime of its own in this thread; `loadEmbeddedRuntime` (load-runtime.ts) shares one per process. */
export async function createHumanRuntime(options: EmbeddedRuntimeOptions): Promise<EmbeddedRuntime> {
  const { module, humanDist } = loadHumanModule();
  const wasmDir = resolveWasmDirectory(options.wasmDir) + path.sep;
  const modelBasePath = pathToFileURL(path.join(humanDist, '..', 'models') + path.sep).href;
  const human = new module.Human(humanConfig(modelBasePath, wasmDir));
  const tf: Tfjs = human.tf;
  registerFileModelLoader(tf.io);
  await withoutEmscriptenProcessHandlers(() => human.init());
  if (tf.getBackend() !== 'wasm') {
    throw new Error(`Embedded face engine: the WASM backend did not start (running on ${tf.getBackend()})`);
  }
  await human.load();
  return new HumanRuntime(human, tf, module);
}

/**
 * The backend's Emscripten glue, on Node, adds process-wide `uncaughtException` and
 * `unhandledRejection` listeners that rethrow (and so crash the process on any stray rejection,
 * anywhere). The service's own error handling must stay in charge, so the listeners it added
 * while starting are removed again.
 */
async function withoutEmscriptenProcessHandlers(start: () => Promise<unknown>): Promise<void> {
  const uncaught = process.listeners('uncaughtException');
  const unhandled = process.listeners('unhandledRejection');
  try {
    await start();
  } finally {
    for (const listener of process.listeners('uncaughtException')) {
      if (!uncaught.includes(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!unhandled.includes(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
}

class HumanRuntime implements EmbeddedRuntime {
  readonly model: string;
  // WASM runs on one thread and human keeps per-call state, so detections run one at a time.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly human: Human,
    private readonly tf: Tfjs,
    private readonly module: HumanModule,
  ) {
    this.model = `human-${human.version}/faceres`;
  }

  detect(image: DecodedImage): Promise<EmbeddedFace[]> {
    const run = this.queue.then(() => this.detectNow(image));
    this.queue = run.catch(() => undefined);
    return run;
  }

  similarity(a: number[], b: number[]): number {
    return humanSimilarity(this.module, a, b);
  }

  tensorCount(): number {
    return this.tf.memory().numTensors;
  }

  private async detectNow(image: DecodedImage): Promise<EmbeddedFace[]> {
    const input = this.tf.tensor4d(image.rgb, [1, image.height, image.width, 3], 'int32');
    try {
      const result = await this.human.detect(input);
      if (result.error !== null && result.error !== undefined && result.error !== '') {
        throw new Error(`Embedded face engine: ${result.error}`);
      }
      return result.face.map(toEmbeddedFace);
    } finally {
      this.tf.dispose(input);
    }
  }
}

const RADIANS_TO_DEGREES = 180 / Math.PI;

function toEmbeddedFace(face: FaceResult): EmbeddedFace {
  const angle = face.rotation?.angle;
  return {
    box: landmarkBox(face),
    confidence: face.score,
    // Without a mesh there is no pose; report an impossible one so the pose gate refuses the face.
    pose: angle
      ? { yaw: angle.yaw * RADIANS_TO_DEGREES, pitch: angle.pitch * RADIANS_TO_DEGREES, roll: angle.roll * RADIANS_TO_DEGREES }
      : { yaw: 90, pitch: 90, roll: 90 },
    embedding: face.embedding !== undefined && face.embedding.length > 0 ? face.embedding : undefined,
    estimated: { age: face.age, sex: face.gender === 'female' || face.gender === 'male' ? face.gender : undefined },
    eyeOpenness: eyeAspectRatio(face.mesh),
  };
}

/**
 * MediaPipe face-mesh indices (human's 468-point mesh) of each eye: the two corners, then two
 * upper-lid points and the lower-lid points below them.
 */
const EYES = [
  { corners: [33, 133], upper: [160, 158], lower: [144, 153] },
  { corners: [362, 263], upper: [385, 387], lower: [380, 373] },
] as const;

function eyeAspectRatio(mesh: FaceResult['mesh']): number | undefined {
  if (mesh.length < 468) return undefined;
  const point = (index: number): readonly (number | undefined)[] => mesh[index] ?? [0, 0];
  const distance = (a: number, b: number): number => Math.hypot((point(a)[0] ?? 0) - (point(b)[0] ?? 0), (point(a)[1] ?? 0) - (point(b)[1] ?? 0));
  let sum = 0;
  for (const eye of EYES) {
    const width = distance(eye.corners[0], eye.corners[1]);
    if (width === 0) return undefined;
    sum += (distance(eye.upper[0], eye.lower[0]) + distance(eye.upper[1], eye.lower[1])) / (2 * width);
  }
  return sum / EYES.length;
}

/**
 * human's `box` is the detector's crop, padded well beyond the face; the mesh landmarks give the
 * tight brow-to-chin box that Rekognition also reports, so size and sharpness mean the same.
 */
function landmarkBox(face: FaceResult): PixelBox {
  if (face.mesh.length === 0) {
    const [left, top, width, height] = face.box;
    return { left, top, width, height };
  }
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of face.mesh) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { left: minX, top: minY, width: maxX - minX, height: maxY - minY };
}
