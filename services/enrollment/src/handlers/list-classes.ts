import { Forbidden, hasRole, httpHandler, listClassesRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';

const PAGE_SIZE = 50;

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
    // A cursor that is not one of this caller's pages is refused by the repository (400 INVALID_CURSOR).
    const page = await classes.list(by, {
      pageSize: PAGE_SIZE,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
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
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      },
    };
  },
  { logger },
);
