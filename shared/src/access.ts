import type { AuthContext } from './auth';
import { Forbidden } from './errors';
import type { Role } from './roles';

/**
 * The access model: every route contract declares, per role allowed to call it, on whose data
 * that role may act. One policy (`assertAccess`) enforces the declaration in the handlers, and
 * `test/access/authorization-matrix.test.ts` walks every route × role × {own, other
 * institution, other area} against the local runtime and compares each answer with it.
 *
 * - `own-record`: the person's own record (a trainee login and the trainee it is linked to);
 * - `own-institution`: records of the caller's training institution;
 * - `area`: records whose office (approving office of a class, area of an institution or of a
 *   teacher registry) lies inside the caller's administrative division;
 * - `any`: every record (administrators; reference data everyone reads).
 */
export const DATA_SCOPES = ['own-record', 'own-institution', 'area', 'any'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export const DATA_SCOPE_LABELS: Record<DataScope, string> = {
  'own-record': '本人的记录',
  'own-institution': '本机构的记录',
  area: '本辖区的记录',
  any: '全部记录',
};

/** Who may call a route (the keys) and on whose data (the values). */
export type RouteAccess = Readonly<Partial<Record<Role, DataScope>>>;

/** Whose data a request touches, as the handler found it; a field left out matches no scope. */
export interface DataOwner {
  /** The caller is the person the record is about. */
  readonly self?: boolean;
  readonly institutionId?: string | readonly string[] | undefined;
  /** The office area(s) holding the record. */
  readonly areaCode?: string | readonly string[] | undefined;
}

const list = (value: string | readonly string[] | undefined): readonly string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : value);

/**
 * Administrative division codes (GB/T 2260) nest by prefix: province `520000` ⊃ city `520100` ⊃
 * county `520102`; an office covers its own division and every division below it.
 */
export function areaCovers(officeAreaCode: string, recordAreaCode: string): boolean {
  const prefix = areaPrefix(officeAreaCode);
  return prefix !== undefined && recordAreaCode.startsWith(prefix);
}

/** The leading digits every division an office covers starts with (`520100` → `5201`); undefined for a malformed code. */
export function areaPrefix(officeAreaCode: string): string | undefined {
  let prefix = officeAreaCode;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return /^\d{2,6}$/.test(prefix) ? prefix : undefined;
}

export function scopeAllows(scope: DataScope, auth: AuthContext, owner: DataOwner): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'own-record':
      return owner.self === true;
    case 'own-institution':
      return auth.institutionId !== undefined && list(owner.institutionId).includes(auth.institutionId);
    case 'area': {
      const { areaCode } = auth;
      return areaCode !== undefined && list(owner.areaCode).some((code) => areaCovers(areaCode, code));
    }
  }
}

/** The declared scopes of the caller's roles on this route. */
export function scopesOf(access: RouteAccess, auth: AuthContext): DataScope[] {
  return auth.roles.flatMap((role) => {
    const scope = access[role];
    return scope === undefined ? [] : [scope];
  });
}

/** True when one of the caller's roles may act on data of this owner. */
export function accessAllows(access: RouteAccess, auth: AuthContext, owner: DataOwner): boolean {
  return scopesOf(access, auth).some((scope) => scopeAllows(scope, auth, owner));
}

/** Refuses (403) before anything about the record's state is revealed. */
export function assertAccess(access: RouteAccess, auth: AuthContext, owner: DataOwner, detail = '您无权访问该记录。'): void {
  if (!accessAllows(access, auth, owner)) throw new Forbidden(detail, { scopes: scopesOf(access, auth) });
}
