import type { ChildProcess } from 'node:child_process';

const TAIL_CHARS = 4_000;

/** Keeps the last few KB a child printed, to show when it fails to start. */
export function tailOf(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim();
}

export interface ChildEnd {
  reason: string;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error;
}

/** A promise that settles with how the child ended; dispose to stop listening. */
export function watchExit(child: ChildProcess): { promise: Promise<ChildEnd>; dispose(): void } {
  if (child.exitCode !== null) return { promise: Promise.resolve({ reason: `exit code ${child.exitCode}` }), dispose: () => {} };
  let onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => {};
  let onError: (error: Error) => void = () => {};
  const promise = new Promise<ChildEnd>((resolve) => {
    onExit = (code, signal) => resolve({ reason: signal === null ? `exit code ${code}` : `signal ${signal}` });
    onError = (error) => resolve({ reason: error.message, error });
    child.once('exit', onExit);
    child.once('error', onError);
  });
  return {
    promise,
    dispose: () => {
      child.off('exit', onExit);
      child.off('error', onError);
    },
  };
}

/** SIGTERM first so the engine can flush its files; SIGKILL if it does not go within the grace period. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  // No pid: it never started (spawn error), so there is nothing to wait for.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
