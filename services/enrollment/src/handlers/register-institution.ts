import { httpHandler, institutionRegistered, now, outboxItem, registerInstitutionRoute, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { registerInstitution } from '../institutions/registration';

export const handler = httpHandler(
  registerInstitutionRoute,
  async ({ body, auth }) => {
    const { institutions, reference } = await enrollmentDependencies();
    const at = now();
    const institution = registerInstitution(body, auth, at, (await reference.currentDivisions()).table);
    const announcement = outboxItem(
      institutionRegistered,
      {
        institutionId: institution.institutionId,
        name: institution.name,
        kind: institution.kind,
        creditCode: institution.creditCode,
        areaCode: institution.areaCode,
        sites: institution.sites.map(({ siteId, name, areaCode }) => ({ siteId, name, areaCode })),
        registeredAt: institution.registeredAt,
        registeredBy: institution.registeredBy,
      },
      at,
    );
    await institutions.register(institution, [announcement]);
    return { body: institution };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
