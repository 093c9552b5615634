import type { LocalRuntime } from '../runtime';
import type { DemoApi } from './demo-api';
import type { DemoWorld } from './world';

export interface DemoContext {
  readonly api: DemoApi;
  readonly world: DemoWorld;
  readonly runtime: Pick<LocalRuntime, 'urls' | 'issuer' | 'bus' | 'setClock'>;
  /** The Beijing date the seed runs on: the day of the demo class's sessions. */
  readonly today: string;
  /** The data directory, for files the walk-through uses (the demo video). */
  readonly dataDir: string;
  warn(message: string): void;
}

/** One part of the demo world; steps run in the order of `DEMO_STEPS` and read earlier steps' facts. */
export interface DemoStep {
  readonly name: string;
  run(context: DemoContext): Promise<void>;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD in Asia/Shanghai (no daylight saving), `days` after `at`. */
export function beijingDate(at: Date, days = 0): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS + days * 86_400_000).toISOString().slice(0, 10);
}

/** `2026-12-02T09:05:00+08:00`. */
export const beijingInstant = (date: string, time: string): string => `${date}T${time}:00+08:00`;
