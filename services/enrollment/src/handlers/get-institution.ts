import { getInstitutionRoute, httpHandler, NotFound } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayViewInstitution } from '../institutions/registration';

export const handler = httpHandler(
  getInstitutionRoute,
  async ({ params, auth }) => {
    const { institutions, divisions } = await enrollmentDependencies();
    const institution = await institutions.find(params.institutionId);
    if (institution === undefined) throw new NotFound('培训机构', params.institutionId);
    assertMayViewInstitution(institution, auth, divisions);
    return { body: institution };
  },
  { logger },
);
