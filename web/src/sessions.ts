import type { ClassView } from '@peixun/shared/browser';

/**
 * The system's id of a session the application names by the school's label: attendance and
 * recordings know sessions only by that id (`ses_…`, unique across classes).
 */
export function systemSessionId(view: ClassView, label: string): string {
  return view.sessions.find((session) => session.label === label)?.sessionId ?? label;
}
