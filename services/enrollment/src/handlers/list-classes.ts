import { Forbidden, hasRole, httpHandler, listClassesRoute, loadPiiCipher, openCursor, sealCursor, type PiiCipher } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';

const PAGE_SIZE = 50;

/** Cursors are signed with the service's key (derived apart from the PII encryption key by HKDF). */
let cursorKey: Promise<PiiCipher> | undefined;

/** Staff list their institution's classes; reviewers the classes their office approves (what waits for review: `status=SUBMITTED`). */
export const handler = httpHandler(
  listClassesRoute,
  async ({ query, auth }) => {
    const { classes } = await enrollmentDependencies();
    const by =
      hasRole(auth, 'institution') && auth.institutionId !== undefined
        ? { institutionId: auth.institutionId }
        : hasRole(auth, 'reviewer') && auth.areaCode !== undefined
          ? { approvingAreaCode: auth.areaCode }
          : undefined;
    if (by === undefined) throw new Forbidden('您的账号未关联培训机构或审批部门。');
    // A cursor is good only for the caller and the filter it was given for (400 INVALID_CURSOR otherwise).
    const key = await (cursorKey ??= loadPiiCipher());
    const binding = JSON.stringify([auth.sub, by, query.status ?? null]);
    const page = await classes.list(by, {
      pageSize: PAGE_SIZE,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.cursor === undefined ? {} : { cursor: openCursor(query.cursor, binding, key) }),
    });
    return {
      body: {
        classes: page.records.map(({ application, lifecycle }) => ({
          classId: lifecycle.classId,
          name: application.name,
          institutionId: lifecycle.institutionId,
          trainingType: application.trainingType,
          status: lifecycle.status,
          version: lifecycle.version,
          approvingAreaCode: lifecycle.approvingAreaCode,
          firstSessionStartsAt: lifecycle.firstSessionStartsAt,
        })),
        ...(page.nextCursor === undefined ? {} : { nextCursor: sealCursor(page.nextCursor, binding, key) }),
      },
    };
  },
  { logger },
);
