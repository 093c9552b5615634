import { reactive } from 'vue';
import { ApiProblem } from '../api/client';

/**
 * Field-level messages from a problem's `errors[]` (`body.sessions.0.start` → shown next to that
 * field), and the rest as one general message. Rule refusals name their field the same way.
 */
export function useFieldErrors() {
  const byField = reactive<Record<string, string>>({});
  const general: string[] = reactive([]);
  function clear(): void {
    for (const key of Object.keys(byField)) delete byField[key];
    general.splice(0);
  }
  function show(error: unknown, fallback: string): void {
    clear();
    if (error instanceof ApiProblem && error.errors.length > 0) {
      for (const entry of error.errors) {
        const field = (entry.path ?? '').replace(/^body\./, '');
        if (field === '') general.push(entry.message);
        else byField[field] = byField[field] === undefined ? entry.message : `${byField[field]}；${entry.message}`;
      }
      if (general.length === 0 && Object.keys(byField).length === 0) general.push(error.message);
      return;
    }
    general.push(error instanceof ApiProblem ? error.message : fallback);
  }
  /** Messages for a field and everything under it (`sessions.0` covers `sessions.0.start`). */
  const under = (prefix: string): string | undefined => {
    const hits = Object.entries(byField).filter(([key]) => key === prefix || key.startsWith(`${prefix}.`));
    return hits.length === 0 ? undefined : hits.map(([, message]) => message).join('；');
  };
  return { byField, general, clear, show, under };
}
