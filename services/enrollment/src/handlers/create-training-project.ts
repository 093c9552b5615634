import { createTrainingProjectRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { publishTrainingProject } from '../classes/project-registration';
import { enrollmentDependencies, logger } from '../dependencies';

export const handler = httpHandler(
  createTrainingProjectRoute,
  async ({ body, auth }) => {
    const { projects, reference, divisions } = await enrollmentDependencies();
    const project = publishTrainingProject(body, auth, divisions, (await reference.currentCatalogue()).catalogue);
    await projects.createProject(project);
    return { body: project };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
