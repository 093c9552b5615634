import type { ClassView } from '@peixun/shared/browser';

/**
 * The system's id of a session the application names by the school's label: attendance and
 * recordings know sessions only by that id (`ses_…`, unique across classes).
 */
export function systemSessionId(view: ClassView, label: string): string | undefined {
  // Undefined until the class is approved: the label is no id any service knows.
  return view.sessions.find((session) => session.label === label)?.sessionId;
}

/** The application's sessions that have a system id, i.e. those of an approved class, with that id. */
export function approvedSessions(view: ClassView): Array<ClassView['application']['sessions'][number] & { systemId: string }> {
  return view.application.sessions.flatMap((session) => {
    const systemId = systemSessionId(view, session.sessionId);
    return systemId === undefined ? [] : [{ ...session, systemId }];
  });
}
