import { classApproved, classChanged, eventHandler, on, requireEnv, RESOURCE_ENV, sessionCancelled, sessionScheduled } from '@peixun/shared';
import { sessionOfScheduled, sessionsOfSnapshot } from '../app/session-projection';
import { recordingsDependencies, logger } from '../dependencies';

/**
 * The sessions this service needs to decide who uploads, who views and what is missing, kept from
 * enrollment's events. Every write is conditional on the class version (SessionRepository), so
 * the order in which events arrive does not matter.
 */
export const handler = eventHandler(
  [
    on(classApproved, async ({ detail }) => {
      const { sessions } = recordingsDependencies();
      await Promise.all(sessionsOfSnapshot(detail.class).map((session) => sessions.project(session)));
    }),
    on(classChanged, async ({ detail }) => {
      const { sessions } = recordingsDependencies();
      const current = sessionsOfSnapshot(detail.class);
      const kept = new Set(current.map((session) => session.sessionId));
      const dropped = (await sessions.ofClass(detail.class.classId)).filter((session) => !kept.has(session.sessionId));
      await Promise.all([
        ...current.map((session) => sessions.project(session)),
        ...dropped.map((session) => sessions.cancel({ ...session, classVersion: detail.class.classVersion })),
      ]);
    }),
    on(sessionScheduled, async ({ detail }) => {
      await recordingsDependencies().sessions.project(sessionOfScheduled(detail));
    }),
    on(sessionCancelled, async ({ detail }) => {
      await recordingsDependencies().sessions.cancel(detail);
    }),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'recordings.projectSessions' } },
);
