/**
 * The process-wide embedded runtime: human in this thread, or a pool of detector workers when
 * more than one inference thread is configured. The face engine and the liveness check share it,
 * so the models load once per process.
 */
import { createHumanRuntime, type EmbeddedRuntime, type EmbeddedRuntimeOptions } from './human-runtime';
import { startRuntimePool } from './runtime-pool';

let shared: Promise<EmbeddedRuntime> | undefined;

/** The first call loads it, later calls share it (options of later calls are ignored). */
export function loadEmbeddedRuntime(options: EmbeddedRuntimeOptions = {}): Promise<EmbeddedRuntime> {
  const workers = options.workers ?? 1;
  shared ??= (workers > 1 ? startRuntimePool({ size: workers, runtime: { wasmDir: options.wasmDir } }) : createHumanRuntime(options)).catch(
    (error: unknown) => {
      shared = undefined; // let a later call retry instead of caching the failure forever
      throw error;
    },
  );
  return shared;
}
