import * as z from 'zod';
import { chineseNameSchema } from '../../validation/person';
import { residentIdSchema } from '../../validation/resident-id';
import { photoBase64Schema } from '../attendance/photo';

/**
 * The HTTP protocol of the provincial identity-verification service (实名核验) as peixun speaks
 * it: one JSON request per check, `POST <base URL>/v1/identity-verifications`, authenticated by
 * an API key in `Authorization: Bearer <key>`. The enrollment service's adapter and the local
 * simulated authority (`local/src/identity-authority`) both validate against these schemas, so
 * the adapter that runs in AWS is the one that runs on a laptop. A province whose service speaks
 * another dialect gets a small gateway in front of it, not a second adapter.
 */
export const IDENTITY_AUTHORITY_PATH = '/v1/identity-verifications';

export const identityCheckRequestSchema = z
  .object({
    idNumber: residentIdSchema,
    name: chineseNameSchema,
    /** A live photo of the person, compared with the ID card's photo when sent. */
    facePhoto: photoBase64Schema.optional(),
  })
  .strict();
export type IdentityCheckRequest = z.infer<typeof identityCheckRequestSchema>;

/**
 * - `MATCH`: the number exists and the name is its holder's (and the face, when one was sent and
 *   the authority holds an ID photo, is the same person);
 * - `NAME_MISMATCH`: the number exists under another name;
 * - `NOT_FOUND`: no such number;
 * - `FACE_MISMATCH`: number and name agree, the face is someone else's.
 */
export const identityCheckResultSchema = z.enum(['MATCH', 'NAME_MISMATCH', 'NOT_FOUND', 'FACE_MISMATCH']);

export const identityCheckResponseSchema = z.object({
  result: identityCheckResultSchema,
  /** A face was sent and compared with the ID photo. */
  faceCompared: z.boolean(),
  /** The authority holds an ID photo of the number's holder (a face can be compared). */
  idPhotoOnFile: z.boolean(),
  /** The authority's reference for the check, kept for the audit trail. */
  checkId: z.string().min(1).max(128),
});
export type IdentityCheckResponse = z.infer<typeof identityCheckResponseSchema>;
