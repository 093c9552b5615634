import { z } from 'zod';
import { defineRoute } from '../../http/route-contract';
import { registerTraineeBodySchema, traineeIdSchema, traineeViewSchema } from './trainee';

export const registerTraineeRoute = defineRoute({
  method: 'POST',
  path: '/trainees',
  operationId: 'registerTrainee',
  summary: '学员实名登记',
  tags: ['学员'],
  roles: ['trainee', 'institution', 'admin'],
  body: registerTraineeBodySchema,
  response: { status: 201, schema: traineeViewSchema },
  errors: ['VALIDATION_FAILED', 'TRAINEE_ALREADY_REGISTERED', 'TRAINEE_ACCOUNT_ALREADY_LINKED', 'FORBIDDEN'],
});

export const getTraineeRoute = defineRoute({
  method: 'GET',
  path: '/trainees/{traineeId}',
  operationId: 'getTrainee',
  summary: '查看学员信息',
  tags: ['学员'],
  roles: ['trainee', 'institution', 'reviewer', 'admin'],
  params: z.object({ traineeId: traineeIdSchema }),
  response: { status: 200, schema: traineeViewSchema },
  errors: ['NOT_FOUND', 'FORBIDDEN'],
});
