/**
 * Inferences in parallel: one WASM instance runs one detection at a time (about 130 ms of one
 * core per photo), so concurrent check-ins queued behind each other while the other cores idled.
 * The pool runs a detector worker thread per core, each with its own human instance, hands each
 * photo to an idle one and queues the rest. Similarity stays here: it is arithmetic on two arrays,
 * cheaper than a message.
 *
 * Workers are unref'd while idle, so a process that is otherwise done (a test run, a stopped
 * local runtime) exits without closing the pool. A worker that dies fails its one request with
 * `FaceEngineBusy` (retryable: the kiosk says "wait and retry", not "retake") and is replaced.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FaceEngineBusy } from '../face-errors';
import type { DecodedImage } from '../image';
import type { DetectorReply, DetectorRequest } from './detector-protocol';
import { humanSimilarity, loadHumanModule, type EmbeddedFace, type EmbeddedRuntime, type EmbeddedRuntimeOptions, type HumanModule } from './human-runtime';

export interface RuntimePoolOptions {
  /** Worker threads, each with its own models: about 200 MB more RSS per worker once warm (README, "Inference pool"). */
  readonly size: number;
  /** What each worker's human runtime loads (it never starts a pool of its own). */
  readonly runtime: Pick<EmbeddedRuntimeOptions, 'wasmDir'>;
  /** The worker's entry file; default `detector-worker`. Tests put a stand-in here. */
  readonly workerFile?: URL;
}

interface Job {
  readonly image: DecodedImage;
  resolve(faces: EmbeddedFace[]): void;
  reject(error: Error): void;
}

/** The sibling detector worker: the `.ts` source under tsx (tests, `npm start`), or a built `.js`. */
function defaultWorkerFile(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './detector-worker.ts' : './detector-worker.js', import.meta.url);
}

/** A worker thread is a fresh Node instance: a TypeScript entry needs tsx, as the local runtime's function workers do. */
function execArgvFor(file: URL): string[] {
  return file.pathname.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
}

/** Starts every worker and waits until each has loaded its models, so a broken install fails at start-up. */
export async function startRuntimePool(options: RuntimePoolOptions): Promise<RuntimePool> {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`Runtime pool size must be a positive integer, got ${options.size}`);
  const pool = new RuntimePool(options, loadHumanModule().module);
  try {
    await pool.started;
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}

class Detector {
  job: Job | undefined;
  tensors = 0;

  constructor(readonly worker: Worker) {}
}

export class RuntimePool implements EmbeddedRuntime {
  /** Settles when every first worker has loaded its models (or one could not). */
  readonly started: Promise<void>;
  readonly #options: RuntimePoolOptions;
  readonly #module: HumanModule;
  readonly #detectors = new Set<Detector>();
  readonly #idle: Detector[] = [];
  readonly #queue: Job[] = [];
  #model = '';
  #closed = false;
  /** Why the last worker died: the cause handed on when no worker is left to serve. */
  #lastFailure: Error = new Error('runtime pool is closed');

  constructor(options: RuntimePoolOptions, module: HumanModule) {
    this.#options = options;
    this.#module = module;
    this.started = Promise.all(Array.from({ length: options.size }, () => this.#spawn())).then(() => undefined);
  }

  get model(): string {
    return this.#model;
  }

  detect(image: DecodedImage): Promise<EmbeddedFace[]> {
    // Closed, or every replacement failed to load: waiting in line would never end.
    if (this.#closed || this.#detectors.size === 0) return Promise.reject(new FaceEngineBusy('embedded', this.#lastFailure));
    return new Promise((resolve, reject) => {
      this.#queue.push({ image, resolve, reject });
      this.#dispatch();
    });
  }

  similarity(a: number[], b: number[]): number {
    return humanSimilarity(this.#module, a, b);
  }

  /** Live tensors over all workers, as each last reported after a detection. */
  tensorCount(): number {
    let total = 0;
    for (const detector of this.#detectors) total += detector.tensors;
    return total;
  }

  /** Workers started and not (yet) dead: what the pool has to work with. */
  get size(): number {
    return this.#detectors.size;
  }

  /** Stops every worker; queued and running detections fail as busy. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#lastFailure = new Error('runtime pool is closed');
    const stopping = [...this.#detectors].map((detector) => detector.worker.terminate());
    this.#detectors.clear();
    this.#idle.length = 0;
    this.#failQueued(this.#lastFailure);
    await Promise.all(stopping);
  }

  /** Resolves once the new worker has loaded its models; rejects if it died before. */
  #spawn(): Promise<void> {
    const file = this.#options.workerFile ?? defaultWorkerFile();
    const worker = new Worker(file, { workerData: this.#options.runtime, execArgv: execArgvFor(file) });
    const detector = new Detector(worker);
    this.#detectors.add(detector);
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: DetectorReply) => {
        if (message.type === 'ready') {
          ready = true;
          this.#model = message.model;
          worker.unref();
          this.#idle.push(detector);
          this.#dispatch();
          resolve();
          return;
        }
        const job = detector.job;
        detector.job = undefined;
        worker.unref();
        if (message.type === 'faces') {
          detector.tensors = message.tensors;
          job?.resolve(message.faces);
        } else {
          job?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
        }
        this.#idle.push(detector);
        this.#dispatch();
      });
      // 'error' (an uncaught exception in the worker) is followed by 'exit'; the exit handles both.
      let failure: Error | undefined;
      worker.on('error', (error) => {
        failure = error;
      });
      worker.on('exit', (code) => {
        const cause = failure ?? new Error(`detector worker exited with code ${code}`);
        if (!this.#closed) this.#lastFailure = cause;
        this.#remove(detector);
        if (!ready) {
          reject(cause);
          // Nothing left to run the queue: fail it rather than let kiosks wait forever.
          if (this.#detectors.size === 0) this.#failQueued(cause);
          return;
        }
        detector.job?.reject(new FaceEngineBusy('embedded', cause));
        // A worker that loaded once and then died is replaced; one that cannot load is not retried in
        // a loop: its failure is kept and handed on as the cause once no worker is left.
        if (!this.#closed) this.#spawn().catch(() => undefined);
      });
    });
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const detector = this.#idle.pop();
      const job = this.#queue.shift();
      if (detector === undefined || job === undefined) return;
      detector.job = job;
      // Referenced while busy: a process awaiting a detection must not exit under it.
      detector.worker.ref();
      // Copied, not transferred: the caller measures sharpness on the same pixels afterwards.
      detector.worker.postMessage({ image: job.image } satisfies DetectorRequest);
    }
  }

  #remove(detector: Detector): void {
    this.#detectors.delete(detector);
    const index = this.#idle.indexOf(detector);
    if (index >= 0) this.#idle.splice(index, 1);
  }

  #failQueued(cause: Error): void {
    for (const job of this.#queue.splice(0)) job.reject(new FaceEngineBusy('embedded', cause));
  }
}
