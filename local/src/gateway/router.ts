import { routeKey, type RouteContract, type ServiceManifest } from '@peixun/shared';

export interface RouteTarget {
  service: string;
  function: string;
  contract: RouteContract;
  routeKey: string;
}

export interface RouteMatch {
  target: RouteTarget;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  target: RouteTarget;
  pattern: RegExp;
  names: string[];
  /** API Gateway prefers the most specific route: more literal segments first, greedy ones last. */
  rank: number;
}

const segmentPattern = (segment: string, names: string[]): { source: string; literal: boolean; greedy: boolean } => {
  const variable = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
  if (variable === null) return { source: segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), literal: true, greedy: false };
  names.push(variable[1] ?? '');
  return variable[2] === '+' ? { source: '(.+)', literal: false, greedy: true } : { source: '([^/]+)', literal: false, greedy: false };
};

function compile(target: RouteTarget): CompiledRoute {
  const names: string[] = [];
  const segments = target.contract.path.split('/').slice(1).map((segment) => segmentPattern(segment, names));
  const literals = segments.filter((segment) => segment.literal).length;
  const greedy = segments.some((segment) => segment.greedy);
  return {
    target,
    names,
    pattern: new RegExp(`^/${segments.map((segment) => segment.source).join('/')}$`),
    rank: literals * 2 + segments.length - (greedy ? 1_000 : 0),
  };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function routesOf(manifests: readonly ServiceManifest[]): RouteTarget[] {
  return manifests.flatMap((manifest) =>
    manifest.routes.map((binding) => ({
      service: manifest.name,
      function: binding.function,
      contract: binding.contract,
      routeKey: routeKey(binding.contract),
    })),
  );
}

/** Matches `METHOD /path` against the manifests' route contracts, API Gateway syntax (`{id}`, `{proxy+}`). */
export function createRouter(targets: readonly RouteTarget[]): (method: string, path: string) => RouteMatch | undefined {
  const seen = new Map<string, RouteTarget>();
  for (const target of targets) {
    const clash = seen.get(target.routeKey);
    // The HTTP API would refuse to deploy two integrations on one route key; fail as early here.
    if (clash !== undefined) throw new Error(`Route ${target.routeKey} is bound twice: ${clash.service}.${clash.function} and ${target.service}.${target.function}`);
    seen.set(target.routeKey, target);
  }
  const compiled = targets.map(compile).sort((a, b) => b.rank - a.rank);
  return (method, path) => {
    for (const route of compiled) {
      if (route.target.contract.method !== method) continue;
      const match = route.pattern.exec(path);
      if (match === null) continue;
      const pathParameters = Object.fromEntries(route.names.map((name, index) => [name, decode(match[index + 1] ?? '')]));
      return { target: route.target, pathParameters };
    }
    return undefined;
  };
}
