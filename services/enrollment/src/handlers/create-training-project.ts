import { createTrainingProjectRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { publishTrainingProject } from '../classes/project-registration';
import { enrollmentDependencies, logger } from '../dependencies';

export const handler = httpHandler(
  createTrainingProjectRoute,
  async ({ body, auth }) => {
    const { projects, reference } = await enrollmentDependencies();
    const [divisions, published] = await Promise.all([reference.currentDivisions(), reference.currentCatalogue()]);
    const project = publishTrainingProject(body, auth, divisions.table, published.catalogue);
    await projects.createProject(project);
    return { body: project };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
