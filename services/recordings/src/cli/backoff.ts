export interface RetryPolicy {
  /** Attempts per request before giving up (the first try counts). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** About four minutes of retrying before a part gives up: long enough to ride out a dropped line. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * "Full jitter" exponential backoff: random in [0, min(max, base·2^attempt)], so the retries of
 * many schools behind the same county link do not arrive in lockstep.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

export class Interrupted extends Error {
  constructor() {
    super('upload interrupted');
    this.name = 'Interrupted';
  }
}

/** Waits, but wakes up (and rejects) as soon as the user interrupts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new Interrupted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
