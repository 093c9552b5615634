import { z } from 'zod';
import { apiUrl, problemOf } from '../api/client';

/** The local dev issuer's password sign-in (`POST /auth/token`), standing in for Cognito's managed login. */
const answerSchema = z.object({ idToken: z.string(), expiresIn: z.number() });

export const devCredentialsSchema = z.object({
  username: z.string().trim().min(1, { message: '请输入用户名。' }),
  password: z.string().min(1, { message: '请输入密码。' }),
});
export type DevCredentials = z.infer<typeof devCredentialsSchema>;

export async function devSignIn(credentials: DevCredentials): Promise<{ idToken: string; expiresAt: number }> {
  const response = await fetch(await apiUrl('/auth/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    // A 401 here is a wrong password, not a lapsed session.
    if (response.status === 401) throw new Error('用户名或密码错误。');
    throw problemOf(response.status, json);
  }
  const answer = answerSchema.parse(json);
  return { idToken: answer.idToken, expiresAt: Date.now() + answer.expiresIn * 1_000 };
}
