import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { enrollmentErrors } from './errors';
import { identityAnomalySchema, linkTraineeAccountBodySchema, registerTraineeBodySchema, traineeIdSchema, traineeViewSchema, verifyTraineeBodySchema } from './trainee';

export const registerTraineeRoute = defineRoute({
  method: 'POST',
  path: '/trainees',
  operationId: 'registerTrainee',
  idempotent: true,
  summary: '学员实名登记',
  tags: ['学员'],
  access: { trainee: 'own-record', institution: 'own-institution', admin: 'any' },
  body: registerTraineeBodySchema,
  response: { status: 201, schema: traineeViewSchema },
  errors: enrollmentErrors(
    'VALIDATION_FAILED',
    'TRAINEE_ALREADY_REGISTERED',
    'TRAINEE_ACCOUNT_ALREADY_LINKED',
    'TRAINEE_IDENTITY_NOT_VERIFIED',
    'TRAINEE_REGISTRATION_LOCKED_OUT',
    'FORBIDDEN',
  ),
});

/**
 * Runs the real-name check (实名核验) of a record again: after the authority was unavailable, or
 * with the person's face for a self-registration the ID photo could not yet confirm.
 */
export const verifyTraineeRoute = defineRoute({
  method: 'POST',
  path: '/trainees/{traineeId}/verification',
  operationId: 'verifyTrainee',
  idempotent: true,
  summary: '学员实名核验（重新核验）',
  tags: ['学员'],
  access: { trainee: 'own-record', institution: 'own-institution', admin: 'any' },
  params: z.object({ traineeId: traineeIdSchema }),
  body: verifyTraineeBodySchema,
  response: { status: 200, schema: traineeViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'TRAINEE_IDENTITY_NOT_VERIFIED', 'TRAINEE_FROZEN', 'TRAINEE_REGISTRATION_LOCKED_OUT'),
});

/**
 * Identity anomalies for reviewers: records frozen because a verified registration took their ID
 * number over, in the caller's area (administrators: all), newest first.
 */
export const listIdentityAnomaliesRoute = defineRoute({
  method: 'GET',
  path: '/identity-anomalies',
  operationId: 'listIdentityAnomalies',
  summary: '实名核验异常列表（身份被冒用而冻结的学员记录）',
  tags: ['学员'],
  access: { reviewer: 'area', admin: 'any' },
  response: { status: 200, schema: z.object({ anomalies: z.array(identityAnomalySchema) }) },
  errors: enrollmentErrors('FORBIDDEN'),
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
  idempotent: true,
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
  idempotent: true,
  summary: '撤回人脸识别单独同意',
  tags: ['学员'],
  access: { trainee: 'own-record', admin: 'any' },
  params: z.object({ traineeId: traineeIdSchema }),
  response: { status: 200, schema: traineeViewSchema },
  errors: enrollmentErrors('NOT_FOUND', 'FORBIDDEN'),
});
