import { z } from 'zod';
import { defineRoute } from '../../http/route-contract';
import { enrollmentErrors } from './errors';
import { linkTraineeAccountBodySchema, registerTraineeBodySchema, traineeIdSchema, traineeViewSchema } from './trainee';

export const registerTraineeRoute = defineRoute({
  method: 'POST',
  path: '/trainees',
  operationId: 'registerTrainee',
  summary: '学员实名登记',
  tags: ['学员'],
  access: { trainee: 'own-record', institution: 'own-institution', admin: 'any' },
  body: registerTraineeBodySchema,
  response: { status: 201, schema: traineeViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'TRAINEE_ALREADY_REGISTERED', 'TRAINEE_ACCOUNT_ALREADY_LINKED', 'FORBIDDEN'),
});

export const getTraineeRoute = defineRoute({
  method: 'GET',
  path: '/trainees/{traineeId}',
  operationId: 'getTrainee',
  summary: '查看学员信息',
  tags: ['学员'],
  access: { trainee: 'own-record', institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: z.object({ traineeId: traineeIdSchema }),
  response: { status: 200, schema: traineeViewSchema },
  errors: enrollmentErrors('NOT_FOUND', 'FORBIDDEN'),
});

/**
 * A trainee registered by a school has no login; signed in, they claim the record here. One record
 * is linked to one account and one account to one record; a mismatch answers the same refusal
 * whether or not the ID number is registered.
 */
export const linkTraineeAccountRoute = defineRoute({
  method: 'POST',
  path: '/trainees/me/account',
  operationId: 'linkTraineeAccount',
  summary: '学员账号绑定本人实名记录',
  tags: ['学员'],
  access: { trainee: 'own-record' },
  body: linkTraineeAccountBodySchema,
  response: { status: 200, schema: traineeViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'FORBIDDEN', 'TRAINEE_IDENTITY_NOT_MATCHED', 'TRAINEE_ALREADY_CLAIMED', 'TRAINEE_ACCOUNT_ALREADY_LINKED', 'TRAINEE_CLAIM_LOCKED_OUT'),
});

/**
 * Withdraws the separate consent to face processing (PIPL Art. 15, 28–29), by the person or an
 * administrator acting for them. Withdrawing again answers the same state.
 */
export const withdrawBiometricConsentRoute = defineRoute({
  method: 'DELETE',
  path: '/trainees/{traineeId}/biometric-consent',
  operationId: 'withdrawBiometricConsent',
  summary: '撤回人脸识别单独同意',
  tags: ['学员'],
  access: { trainee: 'own-record', admin: 'any' },
  params: z.object({ traineeId: traineeIdSchema }),
  response: { status: 200, schema: traineeViewSchema },
  errors: enrollmentErrors('NOT_FOUND', 'FORBIDDEN'),
});
