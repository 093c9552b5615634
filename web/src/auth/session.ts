import { ROLES, type Role } from '@peixun/shared/browser';
import { reactive } from 'vue';
import { z } from 'zod';

/**
 * Who is signed in. Tokens live in sessionStorage (gone with the tab, never in localStorage where
 * another tab or a later user of a shared kiosk could find them) and in memory. The ID token is
 * what the API's JWT authorizer checks, locally and in AWS.
 */
const STORAGE_KEY = 'peixun.session';

const storedSchema = z.object({
  idToken: z.string(),
  refreshToken: z.string().optional(),
  expiresAt: z.number(),
  /** The user pool the tokens come from (`auth/config.ts`): where to refresh them, which API to call. */
  pool: z.enum(['staff', 'trainee']).optional(),
});
type StoredSession = z.infer<typeof storedSchema>;

export interface Identity {
  sub: string;
  username: string;
  name: string;
  roles: Role[];
  institutionId?: string;
  areaCode?: string;
}

const claimsSchema = z.object({
  sub: z.string(),
  name: z.string().optional(),
  'cognito:username': z.string().optional(),
  'cognito:groups': z.union([z.array(z.string()), z.string()]).optional(),
  'custom:institution_id': z.string().optional(),
  'custom:area_code': z.string().optional(),
});

function decodePayload(token: string): unknown {
  const part = token.split('.')[1] ?? '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function identityOf(idToken: string): Identity {
  const claims = claimsSchema.parse(decodePayload(idToken));
  const rawGroups = claims['cognito:groups'] ?? [];
  const groups = Array.isArray(rawGroups) ? rawGroups : rawGroups.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  const username = claims['cognito:username'] ?? claims.sub;
  return {
    sub: claims.sub,
    username,
    name: claims.name ?? username,
    roles: groups.filter((group): group is Role => (ROLES as readonly string[]).includes(group)),
    ...(claims['custom:institution_id'] === undefined ? {} : { institutionId: claims['custom:institution_id'] }),
    ...(claims['custom:area_code'] === undefined ? {} : { areaCode: claims['custom:area_code'] }),
  };
}

function load(): StoredSession | undefined {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (raw === null) return undefined;
  const parsed = storedSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}

const initial = load();

export const session = reactive<{ tokens: StoredSession | undefined; identity: Identity | undefined }>({
  tokens: initial,
  identity: initial === undefined ? undefined : identityOf(initial.idToken),
});

export function signIn(tokens: StoredSession): Identity {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
  session.tokens = tokens;
  session.identity = identityOf(tokens.idToken);
  return session.identity;
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  session.tokens = undefined;
  session.identity = undefined;
}

/** A minute of slack, so a token does not expire between reading it and the API checking it. */
export const isExpired = (tokens: StoredSession, now = Date.now()): boolean => tokens.expiresAt - 60_000 <= now;

/** The workspace each role lands in after login; roles without one yet (admin, evaluator) are told so at login. */
export const HOME_OF: Partial<Record<Role, string>> = {
  trainee: '/trainee',
  institution: '/school',
  reviewer: '/reviewer',
  finance: '/finance',
};

export function homeOf(identity: Identity): string | undefined {
  for (const role of identity.roles) {
    const home = HOME_OF[role];
    if (home !== undefined) return home;
  }
  return undefined;
}
