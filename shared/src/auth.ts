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

/**
 * In AWS trainees sign in to a user pool of their own (MFA optional there, required for staff), and
 * that pool has only the `trainee` group. Should a group be added to it by hand, a token it issues
 * still acts as a trainee and nothing more: its roles are cut to `trainee` here. `traineeIssuer` is
 * the trainee pool's issuer URL; absent (locally, one dev issuer for everyone) nothing is cut.
 */
export function limitTraineePoolRoles(auth: AuthContext | undefined, issuer: unknown, traineeIssuer: string | undefined): AuthContext | undefined {
  if (auth === undefined || traineeIssuer === undefined || traineeIssuer === '' || issuer !== traineeIssuer) return auth;
  return { ...auth, roles: auth.roles.filter((role) => role === 'trainee') };
}

export const hasRole = (auth: AuthContext, ...roles: Role[]): boolean => roles.some((role) => auth.roles.includes(role));
