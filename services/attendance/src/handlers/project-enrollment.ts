/**
 * Keeps the attendance projection from enrollment's events, including which trainee login acts as
 * which trainee (`Trainee.Registered` by the trainee themself, `Trainee.AccountLinked`) and which
 * records are frozen (`Trainee.Frozen`).
 * Deduplicated by event id; safe against reordering because every write keeps the highest class
 * version (see ProjectionRepository), and a login is only ever linked once.
 */
import {
  classApproved,
  classCancelled,
  classChanged,
  eventHandler,
  institutionRegistered,
  on,
  requireEnv,
  RESOURCE_ENV,
  sessionCancelled,
  sessionScheduled,
  traineeAccountLinked,
  traineeEnrolled,
  traineeFrozen,
  traineeRegistered,
  traineeWithdrawn,
  trainingSiteAdded,
} from '@peixun/shared';
import { attendanceDependencies, logger } from '../dependencies';

const projection = async () => (await attendanceDependencies()).projection;

export const handler = eventHandler(
  [
    on(classApproved, async ({ detail }) => {
      await (await projection()).applySnapshot(detail.class);
    }),
    on(classChanged, async ({ detail }) => {
      await (await projection()).applySnapshot(detail.class);
    }),
    on(classCancelled, async ({ detail }) => {
      // Check-ins to any of its sessions are refused from now on (CLASS_CANCELLED); held sessions stay facts.
      await (await projection()).setClassStatus(detail.classId, detail.classVersion, 'CANCELLED', {
        institutionId: detail.institutionId,
        approvingAreaCode: detail.approvingAreaCode,
      });
    }),
    on(sessionScheduled, async ({ detail }) => {
      await (await projection()).putSession(detail.classId, detail.classVersion, detail.session);
    }),
    on(sessionCancelled, async ({ detail }) => {
      await (await projection()).cancelSession(detail.classId, detail.classVersion, detail.sessionId);
    }),
    on(traineeEnrolled, async ({ detail }) => {
      await (await projection()).putMember(detail.classId, detail.classVersion, detail.member.traineeId, 'ENROLLED');
    }),
    on(traineeWithdrawn, async ({ detail }) => {
      await (await projection()).putMember(detail.classId, detail.classVersion, detail.traineeId, 'WITHDRAWN');
    }),
    on(traineeRegistered, async ({ detail }) => {
      // A self-registered trainee's login is theirs; staff registering someone do not become them.
      const accountSub = detail.registeredBy.role === 'trainee' ? detail.registeredBy.sub : undefined;
      await (await projection()).putTrainee(
        { traineeId: detail.traineeId, name: detail.name, regionCode: detail.regionCode, biometricConsentAt: detail.biometricConsentAt },
        accountSub,
      );
    }),
    // Which institution a site belongs to: kiosks are registered only at one's own sites.
    on(institutionRegistered, async ({ detail }) => {
      const repository = await projection();
      await Promise.all(detail.sites.map((site) => repository.putSite(site.siteId, detail.institutionId)));
    }),
    on(trainingSiteAdded, async ({ detail }) => {
      await (await projection()).putSite(detail.site.siteId, detail.institutionId);
    }),
    on(traineeFrozen, async ({ detail }) => {
      // Its ID number now belongs to a verified registration of the person: the record checks in no more.
      await (await projection()).freezeTrainee(detail.traineeId, detail.frozenAt);
    }),
    on(traineeAccountLinked, async ({ detail }) => {
      // A login claimed a record a school registered: from now on it sees and checks in as that trainee.
      await (await projection()).linkAccount(detail.accountSub, detail.traineeId, detail.linkedAt);
    }),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'attendance-projection' } },
);
