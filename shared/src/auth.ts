import * as z from 'zod';
import { ROLES, type Role } from './roles';

/**
 * Who is calling, read from the JWT claims API Gateway's authorizer passed on. Cognito puts
 * custom attributes under `custom:`; API Gateway HTTP APIs hand array claims to the function as
 * a string such as `[reviewer admin]`, so both shapes are accepted.
 */
export interface AuthContext {
  sub: string;
  username: string;
  roles: Role[];
  /** Staff of a training institution belong to exactly one. */
  institutionId?: string;
  /** Reviewers and finance belong to an office; its administrative division code. */
  areaCode?: string;
}

export const CLAIMS = {
  groups: 'cognito:groups',
  username: 'cognito:username',
  institutionId: 'custom:institution_id',
  areaCode: 'custom:area_code',
} as const;

function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string') return [];
  const trimmed = raw.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    return trimmed.slice(1, -1).split(/[\s,]+/).filter(Boolean);
  }
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

const roleSchema = z.enum(ROLES);

export function authContextFromClaims(claims: Record<string, unknown> | undefined): AuthContext | undefined {
  if (claims === undefined || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const roles = parseGroups(claims[CLAIMS.groups]).flatMap((group) => {
    const role = roleSchema.safeParse(group);
    return role.success ? [role.data] : [];
  });
  const institutionId = claims[CLAIMS.institutionId];
  const areaCode = claims[CLAIMS.areaCode];
  return {
    sub: claims.sub,
    username: typeof claims[CLAIMS.username] === 'string' ? (claims[CLAIMS.username] as string) : claims.sub,
    roles,
    ...(typeof institutionId === 'string' && institutionId !== '' ? { institutionId } : {}),
    ...(typeof areaCode === 'string' && areaCode !== '' ? { areaCode } : {}),
  };
}

export const hasRole = (auth: AuthContext, ...roles: Role[]): boolean => roles.some((role) => auth.roles.includes(role));
