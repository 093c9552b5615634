import * as z from 'zod';

// Apart from the attendance routes, which enrollment's trainee contracts would otherwise build
// in full (every route's schemas) at each cold start of an enrollment function, only for this one.

/**
 * Photos travel base64-encoded inside the JSON body. A Lambda function behind API Gateway
 * accepts at most 6 MB per synchronous request, and API Gateway base64-encodes binary bodies
 * anyway (a third larger), so a raw photo could never use the engine's full 5 MB; 4 MB of photo
 * (5.33 MB encoded) leaves room for the rest of the request. Kiosk and phone photos are far
 * smaller (a 640×480 JPEG is ~100 KB), and the whole request goes through the same JSON parsing,
 * validation and Idempotency-Key handling as every other route.
 */
export const MAX_PHOTO_BYTES_IN_REQUEST = 4 * 1024 * 1024;
const MAX_PHOTO_BASE64_CHARS = Math.ceil(MAX_PHOTO_BYTES_IN_REQUEST / 3) * 4;

/**
 * Whole base64 quanta, the last one padded or not: a length of 4n+1 (`g=`) holds no whole byte and
 * decodes to nothing, which the services would then send on as an empty photo.
 */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export const photoBase64Schema = z
  .string()
  .min(1, { message: '请上传照片。' })
  .max(MAX_PHOTO_BASE64_CHARS, { message: '照片不能超过 4 MB，请压缩后重试。' })
  .regex(BASE64, { message: '照片须为 Base64 编码。' });
