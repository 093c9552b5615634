import { getInstitutionRoute, httpHandler, NotFound } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayViewInstitution } from '../institutions/registration';

export const handler = httpHandler(
  getInstitutionRoute,
  async ({ params, auth }) => {
    const { institutions, reference } = await enrollmentDependencies();
    const [institution, divisions] = await Promise.all([institutions.find(params.institutionId), reference.currentDivisions()]);
    if (institution === undefined) throw new NotFound('培训机构', params.institutionId);
    assertMayViewInstitution(institution, auth, divisions.table);
    return { body: institution };
  },
  { logger },
);
