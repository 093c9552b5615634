/**
 * The route fuzz test (issue 13): every route the manifests wire (`services/manifests.ts`, the list
 * the authorization matrix walks, so a new route is fuzzed without an edit here) gets generated
 * malformed requests through the local gateway, sent by a role its declared access lets in so that
 * they reach the handler's validation and use case, on top of the demo world `npm start` seeds
 * (real ids in paths, and more found in the answers as the run goes). Any 5xx, or a connection the
 * gateway drops, fails the route's test with the request and the seed to reproduce it.
 *
 * Seeded and bounded: `FUZZ_SEED` (default below) seeds fast-check; `FUZZ_RUNS_PER_ROUTE` requests
 * per route at most, within `FUZZ_BUDGET_MS` for all routes together (each route gets its share);
 * `FUZZ_ROUTE=<operationId>` with `FUZZ_PATH=<path>` replays one counterexample. The figures —
 * requests per route and `fuzz: N requests over R routes, 5xx = 0, seed = S` — are printed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, type Role, type RouteContract } from '@peixun/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classesStep } from '../../local/src/demo/classes';
import { institutionsStep } from '../../local/src/demo/institutions';
import { projectsStep } from '../../local/src/demo/projects';
import { seedDemoWorld } from '../../local/src/demo/seed';
import { teacherStep } from '../../local/src/demo/teacher';
import { traineesStep } from '../../local/src/demo/trainees';
import type { DemoWorld } from '../../local/src/demo/world';
import { creditCode, residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { serviceManifests } from '../../services/manifests';
import { useLocalRuntime } from '../support/runtime';
import {
  applyMutation,
  contentType,
  forgedCursor,
  fromSchema,
  garbage,
  headerText,
  idempotencyKey,
  type JsonSchema,
  malformedJson,
  type PropertyHint,
  mutation,
  nastyString,
  rawQueryTail,
  textValue,
} from './generators';

const DEFAULT_SEED = 20_261_203;
const SEED = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 60);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 90_000);
const ONLY_ROUTE = process.env.FUZZ_ROUTE;
const REPLAY_PATH = process.env.FUZZ_PATH;
/** One request may take long on a busy machine (a cold function, a 400 KB item); past this it counts as hung. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * What the runtime and the functions log, kept so that a 5xx is reported with its cause. Handlers
 * log unexpected failures at ERROR; the expected refusals (INFO) stay silent.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const logged: string[] = [];
let loggedCount = 0;
const loggedSince = (mark: number): string[] => logged.slice(Math.max(0, logged.length - (loggedCount - mark)));
const keep = (line: string): void => {
  loggedCount += 1;
  logged.push(line);
  if (logged.length > 500) logged.splice(0, logged.length - 500);
};
const runtime = useLocalRuntime({
  log: {
    info: () => undefined,
    warn: keep,
    error: (message, cause) => keep(cause instanceof Error ? `${message}: ${cause.stack ?? cause.message}` : `${message} ${cause === undefined ? '' : String(cause)}`),
    output: keep,
  },
});

/** The seeded user each role sends its requests as (the demo world is built for them). */
const CALLER: Record<Role, string> = { trainee: 'trainee1', institution: 'school1', reviewer: 'reviewer1', finance: 'finance1', admin: 'admin', evaluator: 'evaluator1' };

const ALL_ROUTES: ReadonlyArray<{ service: string; contract: RouteContract }> = serviceManifests
  .flatMap((manifest) => manifest.routes.map((route) => ({ service: manifest.name, contract: route.contract })))
  // Deleting routes last, as in the matrix: the others should still find the records they remove.
  .sort((a, b) => Number(a.contract.method === 'DELETE') - Number(b.contract.method === 'DELETE'));
const ROUTES = ALL_ROUTES.filter((route) => ONLY_ROUTE === undefined || route.contract.operationId === ONLY_ROUTE);

const PER_ROUTE_MS = Math.floor(BUDGET_MS / Math.max(1, ROUTES.length));
/** Sent to every route whatever the clock says, so that a slow route early on cannot leave the last ones unfuzzed. */
const MIN_RUNS_PER_ROUTE = Math.min(RUNS_PER_ROUTE, 3);
let fuzzStart: number | undefined;

const schemaOf = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Ids by path parameter name: from the demo world's facts, then from every successful answer. */
const knownIds = new Map<string, string[]>();
const PARAM_NAMES = new Set(ROUTES.flatMap(({ contract }) => [...contract.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] ?? '')));
const MAX_IDS_PER_NAME = 30;

function rememberId(name: string, value: string): void {
  if (!PARAM_NAMES.has(name) || value.length === 0 || value.length > 200) return;
  const ids = knownIds.get(name) ?? [];
  if (ids.includes(value) || ids.length >= MAX_IDS_PER_NAME) return;
  ids.push(value);
  knownIds.set(name, ids);
}

function harvest(value: unknown, budget = { nodes: 2_000 }): void {
  if (budget.nodes-- <= 0 || value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string') rememberId(key, child);
    else harvest(child, budget);
  }
}

/** `classId` ← DEMO_CLASS_ID, DEMO_CLAIMS_CLASS_ID, … */
function rememberWorld(world: DemoWorld): void {
  for (const name of PARAM_NAMES) {
    const suffix = `_${name.replace(/([A-Z])/g, '_$1').toUpperCase()}`;
    for (const fact of world.facts) if (fact.key.endsWith(suffix)) rememberId(name, fact.value);
  }
}

const knownId = (name: string): fc.Arbitrary<string> | undefined =>
  knownIds.has(name) ? fc.nat().map((index) => { const ids = knownIds.get(name) ?? []; return ids[index % ids.length] ?? ''; }) : undefined;

/**
 * Body fields the JSON Schema cannot describe well enough to pass: check characters, codes of the
 * reference tables, ids of records that exist (seen in the demo world or in answers).
 */
const hint: PropertyHint = (property) => {
  switch (property) {
    case 'idNumber':
      return fc.tuple(fc.constantFrom('520102', '520302', '520103'), fc.date({ min: new Date('1960-01-01'), max: new Date('2005-12-31'), noInvalidDate: true }), fc.nat(999)).map(([area, born, n]) => residentId(area, born.toISOString().slice(0, 10).replaceAll('-', ''), n));
    case 'phone':
      return fc.stringMatching(/^1[3-9]\d{9}$/);
    case 'creditCode':
      return fc.integer({ min: 10_000, max: 99_999 }).map((n) => creditCode(`MJY${n}A`));
    case 'areaCode':
    case 'cityCode':
      return fc.constantFrom('520102', '520302', '520103', '520100', '520300');
    case 'occupationCode':
      return fc.constantFrom('4-03-02-01', '4-10-01-01');
    case 'institutionId':
      return fc.constantFrom('ins_demo', 'ins_demo2');
    default:
      return knownId(property);
  }
};

/** Percent-encodes every byte but the unreserved ones; lone surrogates become U+FFFD rather than throwing. */
const encode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

interface FuzzRequest {
  readonly role: Role | undefined;
  readonly path: string;
  readonly query: string;
  readonly contentType: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly body: string | Uint8Array<ArrayBuffer> | undefined;
  /** How the body was made, for the report. */
  readonly shape: string;
}

const excerpt = (text: string, max = 400): string => (text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`);

function describeRequest(method: string, request: FuzzRequest): string {
  const body = request.body === undefined ? '(none)' : typeof request.body === 'string' ? excerpt(JSON.stringify(request.body)) : `${request.body.length} bytes`;
  return [
    `${method} ${excerpt(request.path + request.query)}`,
    `  as ${request.role === undefined ? 'nobody' : CALLER[request.role]}, content-type ${String(request.contentType)}, idempotency-key ${request.idempotencyKey === undefined ? '(none)' : excerpt(request.idempotencyKey, 80)}`,
    `  body (${request.shape}): ${body}`,
  ].join('\n');
}

function pathArbitrary(contract: RouteContract): fc.Arbitrary<string> {
  const names = [...contract.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] ?? '');
  if (names.length === 0) return fc.constant(contract.path);
  const paramsSchema = contract.params === undefined ? undefined : schemaOf(contract.params);
  const properties = (paramsSchema?.properties ?? {}) as Record<string, JsonSchema>;
  const segment = (name: string): fc.Arbitrary<string> => {
    const schemaValue = properties[name] === undefined ? fc.string({ maxLength: 20 }) : fromSchema(properties[name]);
    return fc.oneof(
      // The pool grows as answers come in; a generated index picks from what is known when the request is made.
      { weight: 4, arbitrary: fc.nat().map((index) => { const ids = knownIds.get(name) ?? []; return ids.length === 0 ? 'unknown' : (ids[index % ids.length] ?? ''); }).map(encode) },
      { weight: 3, arbitrary: textValue(schemaValue).map(encode) },
      { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%2F', '%00', '..%2F..', '%2e%2e', '.', '~', '%C0%AF', 'a%2Fb') },
    );
  };
  return fc.tuple(...names.map(segment)).map((values) => {
    let index = 0;
    return contract.path.replace(/\{(\w+)\+?\}/g, () => values[index++] ?? '');
  });
}

function queryArbitrary(contract: RouteContract): fc.Arbitrary<string> {
  const schema = contract.query === undefined ? undefined : schemaOf(contract.query);
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const pairs = Object.entries(properties).map(([name, property]) => fc.option(textValue(fromSchema(property)).map((value) => [name, value] as const), { nil: undefined, freq: 3 }));
  const extra = fc.option(fc.tuple(fc.oneof(fc.constantFrom('cursor', 'limit', 'from', 'to', 'month', 'areaCode', 'status'), nastyString.map((text) => text.slice(0, 100))), fc.oneof(forgedCursor, nastyString.map((text) => text.slice(0, 3_000)))), { nil: undefined, freq: 2 });
  return fc.tuple(fc.tuple(...pairs), extra, rawQueryTail).map(([known, more, tail]) => {
    const entries = [...known, more].filter((entry): entry is readonly [string, string] => entry !== undefined);
    const query = entries.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&') + tail;
    return query === '' ? '' : `?${query}`;
  });
}

interface BodyChoice {
  readonly body: string | Uint8Array<ArrayBuffer> | undefined;
  readonly shape: string;
  readonly contentType: string | undefined;
}

const bytes = fc.uint8Array({ maxLength: 4_096 }).map((array) => new Uint8Array(array));
const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf', 'image/jpeg', 'video/mp4', 'application/octet-stream', 'application/json'];

function bodyArbitrary(contract: RouteContract): fc.Arbitrary<BodyChoice> {
  if (contract.method === 'GET') return fc.constant({ body: undefined, shape: 'none', contentType: undefined });
  if (contract.body === undefined) {
    // No JSON body: a file route or an action; either way bytes, text and JSON it should refuse calmly.
    const types = contract.upload?.mediaTypes ?? FILE_TYPES;
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant({ body: undefined, shape: 'none', contentType: undefined }) },
      { weight: 3, arbitrary: fc.tuple(bytes, fc.oneof(fc.constantFrom(...types), contentType)).map(([body, type]) => ({ body, shape: 'bytes', contentType: type })) },
      { weight: 2, arbitrary: fc.tuple(fc.array(fc.array(nastyString.map((text) => text.slice(0, 2_000)), { maxLength: 6 }), { maxLength: 40 }), fc.constantFrom(...types)).map(([rows, type]) => ({ body: rows.map((row) => row.join(',')).join('\n'), shape: 'csv', contentType: type })) },
      { weight: 1, arbitrary: fc.tuple(garbage, contentType).map(([value, type]) => ({ body: JSON.stringify(value) ?? 'null', shape: 'json garbage', contentType: type })) },
    );
  }
  const valid = fromSchema(schemaOf(contract.body), hint);
  const json = (value: unknown): string | undefined => (value === undefined ? undefined : JSON.stringify(value));
  return fc.oneof(
    { weight: 2, arbitrary: fc.tuple(valid, contentType).map(([value, type]) => ({ body: json(value), shape: 'from contract', contentType: type })) },
    {
      weight: 6,
      arbitrary: fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }), contentType).map(([value, changes, type]) => ({
        body: json(changes.reduce<unknown>((current, change) => applyMutation(current, change), value)),
        shape: `contract with ${changes.map((change) => change.kind).join(', ')}`,
        contentType: type,
      })),
    },
    { weight: 1, arbitrary: fc.tuple(garbage, contentType).map(([value, type]) => ({ body: json(value), shape: 'json garbage', contentType: type })) },
    { weight: 2, arbitrary: fc.tuple(malformedJson, contentType).map(([text, type]) => ({ body: text, shape: 'malformed json', contentType: type })) },
    { weight: 1, arbitrary: fc.tuple(bytes, contentType).map(([body, type]) => ({ body, shape: 'bytes', contentType: type })) },
    { weight: 1, arbitrary: fc.constant({ body: undefined, shape: 'none', contentType: 'application/json' }) },
  );
}

function requestArbitrary(contract: RouteContract): fc.Arbitrary<FuzzRequest> {
  const roles: ReadonlyArray<Role | undefined> = contract.public === true ? [undefined, ...ROLES] : contract.roles;
  return fc
    .record({
      role: fc.constantFrom(...roles),
      path: pathArbitrary(contract),
      query: queryArbitrary(contract),
      body: bodyArbitrary(contract),
      idempotencyKey: contract.idempotent === true ? idempotencyKey : fc.option(headerText(20), { nil: undefined, freq: 8 }),
    })
    .map(({ role, path, query, body, idempotencyKey: key }) => ({ role, path, query, idempotencyKey: key, body: body.body, contentType: body.contentType, shape: body.shape }));
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

const tokens = new Map<Role, string>();
async function tokenOf(role: Role): Promise<string> {
  const token = tokens.get(role) ?? (await runtime().issuer.tokenFor(CALLER[role]));
  tokens.set(role, token);
  return token;
}

async function send(method: string, request: FuzzRequest): Promise<Answer> {
  const token = request.role === undefined ? undefined : await tokenOf(request.role);
  const response = await fetch(`${runtime().urls.api}${request.path}${request.query}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
      ...(request.idempotencyKey === undefined ? {} : { 'idempotency-key': request.idempotencyKey }),
    },
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: response.status, text: await response.text() };
}

interface RouteFigures {
  readonly route: string;
  requests: number;
  readonly statuses: Map<number, number>;
  failures: number;
  resent: number;
}

const figures: RouteFigures[] = [];

/**
 * The first call of a function loads its module graph through tsx, which on a busy machine can
 * outlast its timeout; one plain call per route first, so the fuzz figures measure the handlers.
 */
async function warmUp(): Promise<void> {
  const seen = new Set<string>();
  for (const { contract } of ALL_ROUTES) {
    const role = contract.public === true ? undefined : contract.roles[0];
    const key = `${role ?? '-'} ${contract.operationId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = contract.path.replace(/\{(\w+)\+?\}/g, 'warm-up');
    const request: FuzzRequest = { role, path, query: '', contentType: undefined, idempotencyKey: undefined, body: undefined, shape: 'none' };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const logMark = loggedCount;
      const answer = await send(contract.method, request).catch((error: unknown) => ({ status: 599, text: String(error) }));
      if (answer.status < 500) break;
      coldStarts.push(`${contract.method} ${contract.path} → ${answer.status} ${excerpt(answer.text, 200)}\n    ${excerpt(loggedSince(logMark).join('\n    '), 1_500)}`);
    }
  }
}

let scratch: string | undefined;
/** 5xx answers to the warm-up calls (a function's first call), reported apart from the fuzz figures. */
const coldStarts: string[] = [];

beforeAll(async () => {
  await warmUp();
  scratch = mkdtempSync(join(tmpdir(), 'peixun-fuzz-'));
  // The demo world up to its classes: institutions, a teacher, a project, trainees (trainee1's record linked), classes.
  const logMark = loggedCount;
  const { world } = await seedDemoWorld(
    runtime(),
    { marker: join(scratch, 'seeded.json'), shellEnv: join(scratch, 'demo.env') },
    { steps: [institutionsStep, teacherStep, projectsStep, traineesStep, classesStep], warn: () => undefined },
  ).catch((error: unknown) => {
    throw new Error(`the demo world was refused; logged:\n${loggedSince(logMark).join('\n')}`, { cause: error });
  });
  rememberWorld(world);
  await runtime().bus.settled();
}, 400_000);

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  const requests = figures.reduce((sum, route) => sum + route.requests, 0);
  const serverErrors = figures.reduce((sum, route) => sum + [...route.statuses].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0) + route.failures, 0);
  const width = Math.max(...figures.map((route) => route.route.length));
  console.log(
    [
      ...figures.map((route) => `  ${route.route.padEnd(width)}  ${String(route.requests).padStart(4)} requests  ${[...route.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}${route.failures > 0 ? `  dropped×${route.failures}` : ''}${route.resent > 0 ? `  resent×${route.resent}` : ''}`),
      ...(coldStarts.length === 0 ? [] : [`warm-up: ${coldStarts.length} first calls answered 5xx (retried):`, ...coldStarts.map((line) => `  ${line}`)]),
      `fuzz: ${requests} requests over ${figures.length} routes, 5xx = ${serverErrors}, seed = ${SEED}`,
    ].join('\n'),
  );
});

/** A route's own seed, derived from `FUZZ_SEED` so that adding a route does not change the others' requests. */
function routeSeed(operationId: string): number {
  let hash = SEED | 0;
  for (const char of operationId) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619);
  return hash | 0;
}

describe(`route fuzz: generated malformed requests never get a 5xx (seed ${SEED}, FUZZ_SEED to change)`, () => {
  it('fuzzes every route the manifests wire', () => {
    expect(ROUTES.length).toBe(ONLY_ROUTE === undefined ? serviceManifests.reduce((sum, manifest) => sum + manifest.routes.length, 0) : 1);
  });

  for (const [index, { service, contract }] of ROUTES.entries()) {
    it(`${service} ${contract.method} ${contract.path} (${contract.operationId})`, async () => {
      const route: RouteFigures = { route: `${contract.method} ${contract.path}`, requests: 0, statuses: new Map(), failures: 0, resent: 0 };
      figures.push(route);
      const seed = routeSeed(contract.operationId);
      // Each route's share of the budget; time a route leaves unused passes on to the next ones.
      fuzzStart ??= Date.now();
      const deadline = fuzzStart + (index + 1) * PER_ROUTE_MS;
      const serverErrors: Array<{ request: FuzzRequest; problem: string }> = [];
      const details = await fc.check(
        fc.asyncProperty(requestArbitrary(contract), async (request) => {
          if (route.requests >= MIN_RUNS_PER_ROUTE && Date.now() > deadline) return;
          route.requests += 1;
          const logMark = loggedCount;
          let answer: Answer;
          try {
            answer = await send(contract.method, request).catch(async (error: unknown) => {
              // A kept-alive socket the gateway closed after an earlier answer (413, 431) fails on reuse,
              // a fault of the connection, not of the route: once more on a new one, and counted.
              if (!(error instanceof TypeError)) throw error;
              route.resent += 1;
              return send(contract.method, request);
            });
          } catch (error) {
            route.failures += 1;
            const cause = error instanceof Error && error.cause !== undefined ? ` (${String(error.cause)})` : '';
            const problem = `no answer: ${String(error)}${cause}\n  logged: ${excerpt(loggedSince(logMark).join('\n'), 3_000)}`;
            serverErrors.push({ request, problem });
            throw new Error(problem);
          }
          route.statuses.set(answer.status, (route.statuses.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500) {
            const problem = `${answer.status}: ${excerpt(answer.text, 300)}\n  logged: ${excerpt(loggedSince(logMark).join('\n'), 3_000)}`;
            serverErrors.push({ request, problem });
            throw new Error(problem);
          }
          if (answer.status < 300 && answer.text !== '') {
            try {
              harvest(JSON.parse(answer.text));
            } catch {
              // A file, not JSON: nothing to learn ids from.
            }
          }
        }),
        {
          seed,
          numRuns: RUNS_PER_ROUTE,
          // Shrinking would send many more requests; the first failing one is reported as generated.
          endOnFailure: true,
          ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }),
        },
      );
      const [first] = serverErrors;
      if (details.failed || first !== undefined) {
        const error = first?.problem ?? (details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance));
        const request = first?.request ?? details.counterexample?.[0];
        throw new Error(
          [
            `${contract.operationId}: ${error}`,
            request === undefined ? '' : describeRequest(contract.method, request),
            `reproduce: FUZZ_SEED=${SEED} FUZZ_ROUTE=${contract.operationId} FUZZ_PATH=${details.counterexamplePath ?? ''} npx vitest run test/fuzz/routes.fuzz.test.ts`,
            `(fast-check seed ${details.seed}; the database holds what earlier requests of this file wrote)`,
          ].join('\n'),
        );
      }
    }, BUDGET_MS + REQUEST_TIMEOUT_MS * MIN_RUNS_PER_ROUTE);
  }
});
