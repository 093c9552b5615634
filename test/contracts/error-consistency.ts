import { type DomainError, type ErrorCatalogue, type ErrorSpec, implicitErrors, MIDDLEWARE_ERRORS, type RouteContract, routeKey, SHARED_ERRORS } from '@peixun/shared';

/**
 * What a service promises about its errors (its catalogue in `shared/src/contracts/<service>/`
 * and the error lists of its route contracts) held against the errors it really throws.
 * Returns one sentence per disagreement; an empty list means the API reference is true.
 */
export interface ServiceErrorClaims {
  readonly service: string;
  readonly catalogue: ErrorCatalogue;
  readonly routes: readonly RouteContract[];
  /** Instances of the service's own error classes and factories. */
  readonly thrown: readonly DomainError[];
}

interface Observed {
  readonly statuses: ReadonlySet<number>;
  readonly titles: ReadonlySet<string>;
  readonly classes: ReadonlySet<string>;
}

function observe(thrown: readonly DomainError[]): ReadonlyMap<string, Observed> {
  const byCode = new Map<string, { statuses: Set<number>; titles: Set<string>; classes: Set<string> }>();
  for (const error of thrown) {
    const seen = byCode.get(error.code) ?? { statuses: new Set(), titles: new Set(), classes: new Set() };
    seen.statuses.add(error.status);
    seen.titles.add(error.title);
    seen.classes.add(error.name);
    byCode.set(error.code, seen);
  }
  return byCode;
}

const list = (values: Iterable<unknown>): string => [...values].map(String).join(' / ');
const isShared = (code: string): code is keyof typeof SHARED_ERRORS => Object.hasOwn(SHARED_ERRORS, code);
const isMiddleware = (code: string): code is keyof typeof MIDDLEWARE_ERRORS => Object.hasOwn(MIDDLEWARE_ERRORS, code);

/** `where` lists `spec`: is that what the service really answers? */
function disagreement(where: string, spec: ErrorSpec, service: string, observed: ReadonlyMap<string, Observed>): string[] {
  if (isShared(spec.code)) {
    const shared = SHARED_ERRORS[spec.code];
    return shared.status === spec.status && shared.title === spec.title
      ? []
      : [`${where} lists ${spec.code} as ${spec.status} “${spec.title}”, but the shared error is ${shared.status} “${shared.title}”`];
  }
  if (isMiddleware(spec.code)) {
    const preset = MIDDLEWARE_ERRORS[spec.code];
    return preset.status === spec.status && preset.title === spec.title
      ? []
      : [`${where} lists ${spec.code} as ${spec.status} “${spec.title}”, but the HTTP preset answers it with ${preset.status} “${preset.title}”`];
  }
  const seen = observed.get(spec.code);
  if (seen === undefined) return [`${where} lists ${spec.code}, which no error of ${service} has`];
  const problems: string[] = [];
  if (seen.statuses.size !== 1 || !seen.statuses.has(spec.status)) {
    problems.push(`${where} lists ${spec.code} as ${spec.status}, but ${service} throws it with ${list(seen.statuses)} (${list(seen.classes)})`);
  }
  if (seen.titles.size !== 1 || !seen.titles.has(spec.title)) {
    problems.push(`${where} titles ${spec.code} “${spec.title}”, but ${service} titles it “${list(seen.titles)}” (${list(seen.classes)})`);
  }
  return problems;
}

export function errorClaimProblems({ service, catalogue, routes, thrown }: ServiceErrorClaims): string[] {
  const observed = observe(thrown);
  const catalogued = Object.values<ErrorSpec>(catalogue);
  const problems: string[] = [];
  for (const spec of catalogued) {
    if (isShared(spec.code)) problems.push(`the ${service} catalogue redefines the shared error ${spec.code}`);
    else problems.push(...disagreement(`the ${service} catalogue`, spec, service, observed));
  }
  for (const code of observed.keys()) {
    if (!isShared(code) && !catalogued.some((spec) => spec.code === code)) {
      problems.push(`${service} throws ${code} (${list(observed.get(code)?.classes ?? [])}), which its catalogue does not list`);
    }
  }
  for (const route of routes) {
    for (const spec of route.errors) problems.push(...disagreement(routeKey(route), spec, service, observed));
    // What the preset answers around this route's handler is the service's answer too: its catalogue must say so.
    for (const spec of implicitErrors(route)) {
      if (isMiddleware(spec.code) && !catalogued.some((entry) => entry.code === spec.code)) {
        problems.push(`${routeKey(route)} can answer ${spec.code} (HTTP preset), which the ${service} catalogue does not list`);
      }
    }
  }
  return problems;
}
