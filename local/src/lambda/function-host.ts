import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FUNCTION_DEFAULTS, type FunctionSpec, type ServiceManifest } from '@peixun/shared';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION } from '../local-aws';
import type { RuntimeLog } from '../log';
import { lambdaFunctionName } from '../resource-names';
import type { FromWorker, InvocationMeta, SerializedError, ToWorker } from './protocol';

/**
 * How long loading a handler (a cold start: tsx compiling and importing its modules) may take
 * before the invocation counts as timed out; the function's own timeout starts after it.
 */
const INIT_LIMIT_MS = 60_000;

/** How long a worker gets to answer a ping after a timeout before it counts as stuck. */
const PING_GRACE_MS = 1_000;

export type InvocationFailureKind = 'error' | 'timeout' | 'crash';

/** An invocation that produced no result: the handler threw, ran out of time, or its worker died. */
export class InvocationFailure extends Error {
  constructor(
    readonly kind: InvocationFailureKind,
    readonly functionName: string,
    readonly failure: SerializedError,
  ) {
    super(`${functionName}: ${failure.name}: ${failure.message}`);
    this.name = 'InvocationFailure';
    // The handler's own stack says where it failed; the host's stack would only show plumbing.
    if (failure.stack !== undefined) this.stack = failure.stack;
  }
}

export interface FunctionHost {
  /** Invokes a manifest function with an event; resolves with whatever the handler returned. */
  invoke(service: string, fn: string, event: unknown): Promise<unknown>;
  /**
   * Moves the clock the handlers see through `now()` to `at` from the next invocation on (every
   * worker, every service); `undefined` goes back to the system time. The offset is one per worker
   * thread, so an invocation still running when the next one starts in its worker sees the new
   * time too: set the clock between requests, not during one.
   */
  setClock(at: Date | undefined): void;
  /** The same, as an offset from the system time (the runtime's DevClock keeps it). */
  setClockOffset(offsetMs: number): void;
  stop(): Promise<void>;
}

interface Pending {
  /** The handler is loaded: its timeout starts. */
  started?(): void;
  resolve(value: unknown): void;
  reject(error: InvocationFailure): void;
  functionName: string;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const workerFile = new URL('./worker.ts', import.meta.url);

/**
 * One worker thread per function. Invocations run concurrently inside it (Lambda would scale out
 * instead); the worker is started on first use and replaced when it crashes or gets stuck.
 */
class FunctionWorker {
  #worker: Worker | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #stopping = false;

  constructor(
    private readonly service: string,
    private readonly fn: string,
    private readonly env: Record<string, string>,
    private readonly log: RuntimeLog,
  ) {}

  invoke(name: string, spec: FunctionSpec, event: unknown, clockOffsetMs: number): Promise<unknown> {
    const timeoutMs = (spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds) * 1_000;
    const fullName = lambdaFunctionName(this.service, name);
    const meta: InvocationMeta = {
      awsRequestId: randomUUID(),
      functionName: fullName,
      invokedFunctionArn: `arn:${LOCAL_PARTITION}:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${fullName}`,
      memoryLimitInMB: String(spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb),
      logGroupName: `/aws/lambda/${fullName}`,
      logStreamName: `local/${this.service}`,
      timeoutMs,
      clockOffsetMs,
    };
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timeout = () => {
        this.#settle(id, (pending) =>
          pending.reject(
            new InvocationFailure('timeout', fullName, {
              name: 'TimeoutError',
              message: `函数执行超时（${timeoutMs / 1000} 秒） / Task timed out after ${timeoutMs / 1000} seconds`,
            }),
          ),
        );
        this.#replaceIfStuck();
      };
      // Until the worker says the handler is loaded, the init limit runs; then the function's timeout.
      let timer = setTimeout(timeout, INIT_LIMIT_MS + timeoutMs);
      this.#pending.set(id, {
        functionName: fullName,
        started: () => {
          clearTimeout(timer);
          timer = setTimeout(timeout, timeoutMs);
        },
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#post({ type: 'invoke', id, entry: spec.entry, event, meta });
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll('运行时正在关闭 / runtime is shutting down');
    await worker?.terminate();
  }

  #post(message: ToWorker): void {
    this.#ensureWorker().postMessage(message);
  }

  #ensureWorker(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(workerFile, {
      env: this.env,
      // The worker is a fresh Node instance: it needs tsx to load TypeScript entry files.
      execArgv: ['--import', tsxLoader],
      stdout: true,
      stderr: true,
    });
    this.#forwardOutput(worker.stdout);
    this.#forwardOutput(worker.stderr);
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error) => {
      this.log.error(`函数 ${this.service}.${this.fn} 的运行环境崩溃 / worker for ${this.service}.${this.fn} crashed`, error);
      this.#discard(worker, `${error.name}: ${error.message}`);
    });
    worker.on('exit', (code) => this.#discard(worker, `worker exited with code ${code}`));
    this.#worker = worker;
    return worker;
  }

  #forwardOutput(stream: Readable): void {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => this.log.output(`[${this.service}] ${line}`));
  }

  #onMessage(message: FromWorker): void {
    if (message.type === 'started') return this.#pending.get(message.id)?.started?.();
    if (message.type === 'pong') return this.#settle(message.id, (pending) => pending.resolve(undefined));
    if (message.type === 'result') return this.#settle(message.id, (pending) => pending.resolve(message.value));
    this.#settle(message.id, (pending) => pending.reject(new InvocationFailure('error', pending.functionName, message.error)));
  }

  #settle(id: number, action: (pending: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return; // already timed out; a late answer is dropped like Lambda's
    this.#pending.delete(id);
    action(pending);
  }

  /** A worker that died takes its in-flight invocations with it; the next invocation starts a new one. */
  #discard(worker: Worker, reason: string): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    if (!this.#stopping) this.#failAll(reason);
  }

  #failAll(reason: string): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(new InvocationFailure('crash', pending.functionName, { name: 'RuntimeExitError', message: reason }));
    }
  }

  /** A timeout inside async code is harmless to the worker; a synchronous loop blocks it for good. */
  #replaceIfStuck(): void {
    const worker = this.#worker;
    if (worker === undefined) return;
    const id = this.#nextId++;
    const timer = setTimeout(() => {
      this.#pending.delete(id);
      if (this.#worker !== worker) return;
      this.log.warn(`函数 ${this.service}.${this.fn} 的运行环境无响应，已重启 / worker for ${this.service}.${this.fn} is stuck, restarting`);
      this.#discard(worker, '运行环境无响应，已重启 / worker was stuck and has been restarted');
      void worker.terminate();
    }, PING_GRACE_MS);
    this.#pending.set(id, { functionName: 'ping', resolve: () => clearTimeout(timer), reject: () => clearTimeout(timer) });
    worker.postMessage({ type: 'ping', id } satisfies ToWorker);
  }
}

/** The same access list written with its keys in another order is the same list. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b))) : entry,
  );

/**
 * One worker per access list of a service, started on the first invocation of one of its
 * functions: each worker has the environment variables that list grants (the access key id and
 * secrets, see environment.ts), so the checks in front of the engines enforce exactly each
 * function's list. Functions whose lists are equal share a worker and its module state, as all of
 * a service's functions once did: a worker per function made every function's first call a cold
 * start through tsx, and the README walk-through took 138 s instead of 40.
 */
export function createFunctionHost(
  manifests: readonly ServiceManifest[],
  environmentOf: (manifest: ServiceManifest, fn: string) => Record<string, string>,
  log: RuntimeLog,
): FunctionHost {
  const services = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const workers = new Map<string, FunctionWorker>();
  const workerOf = (manifest: ServiceManifest, fn: string): FunctionWorker => {
    const id = `${manifest.name} ${canonical(manifest.functions[fn]?.access)}`;
    let worker = workers.get(id);
    if (worker === undefined) {
      worker = new FunctionWorker(manifest.name, fn, environmentOf(manifest, fn), log);
      workers.set(id, worker);
    }
    return worker;
  };
  // An offset rather than a fixed instant: time keeps running from the set moment, as it would.
  let clockOffsetMs = 0;
  return {
    invoke(service, fn, event) {
      const manifest = services.get(service);
      const spec = manifest?.functions[fn];
      if (manifest === undefined || spec === undefined) {
        return Promise.reject(new Error(`Unknown function ${service}.${fn}`));
      }
      return workerOf(manifest, fn).invoke(fn, spec, event, clockOffsetMs);
    },
    setClock(at) {
      clockOffsetMs = at === undefined ? 0 : at.getTime() - Date.now();
    },
    setClockOffset(offsetMs) {
      clockOffsetMs = offsetMs;
    },
    async stop() {
      await Promise.all([...workers.values()].map((worker) => worker.stop()));
    },
  };
}
