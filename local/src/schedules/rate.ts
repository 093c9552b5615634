/** `rate(5 minutes)`, `rate(1 hour)`, `rate(2 days)`: EventBridge's rate expressions, in milliseconds. */
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function rateToMs(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  const value = Number(match?.[1]);
  const written = match?.[2] ?? '';
  // EventBridge refuses `rate(1 hours)` and `rate(2 hour)`; so does this, to fail here first.
  if (!(value > 0) || (value === 1) === written.endsWith('s')) throw new Error(`Unsupported schedule expression: ${expression}`);
  return value * (UNIT_MS[written.replace(/s$/, '')] ?? 0);
}
