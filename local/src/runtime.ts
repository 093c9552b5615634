import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { ServiceManifest } from '@peixun/shared';
import { startDynamoDbAccessProxy } from './access/dynamodb-access-proxy';
import { LocalAccess } from './access/function-access';
import { apiReferenceEndpoints } from './api-reference';
import { bankEndpoints, bankRatesFromEnv } from './bank/bank-endpoints';
import { DeliveryJournal } from './bus/delivery-journal';
import { DEFAULT_RETRY, LocalEventBus, targetsOf, type RetryPolicy } from './bus/event-bus';
import { busInspectionEndpoints } from './bus/inspection-endpoints';
import { putEventsEndpoint } from './bus/put-events-endpoint';
import { dataPaths, loadPiiKey } from './data-dir';
import { lockDataDir } from './data-dir-lock';
import { startDynamoDbLocal } from './engines/dynamodb-local';
import { startS3Emulator } from './engines/s3-emulator';
import { devClockEndpoints } from './dev-clock/clock-endpoints';
import { DevClock } from './dev-clock/dev-clock';
import { corsPolicy, DEFAULT_CONSOLE_DEV_ORIGIN } from './gateway/cors';
import { createGateway, DEFAULT_MAX_BODY_BYTES } from './gateway/gateway';
import { createJwtAuthorizer } from './gateway/jwt-authorizer';
import { routesOf } from './gateway/router';
import { identityEndpoints } from './identity/endpoints';
import { identityAuthorityEndpoints } from './identity-authority/authority-endpoints';
import { demoPopulation } from './identity-authority/demo-population';
import { embeddedFaceComparer } from './identity-authority/embedded-face-comparer';
import { SimulatedIdentityAuthority } from './identity-authority/simulated-authority';
import { DevIssuer } from './identity/issuer';
import { loadSigningKey } from './identity/signing-key';
import { functionEnvironment } from './lambda/environment';
import { createFunctionHost } from './lambda/function-host';
import { consoleLog, silentLog, type RuntimeLog } from './log';
import { closeServer, listen, LOOPBACK, type PortPurpose } from './net';
import { buildOpenApiDocument } from './openapi';
import { provision, type ProvisionedResources } from './provision';
import { Readiness, readinessGate } from './readiness/readiness';
import { startScheduler, type LocalScheduler } from './schedules/scheduler';
import { startOutboxRelayPollers } from './streams/outbox-relay-poller';

export interface RuntimePorts {
  api: number;
  dynamodb: number;
  s3: number;
  events: number;
}

export interface LocalRuntimeOptions {
  /** Keep tables, objects and dev keys here across restarts; without it nothing outlives the run (S3 objects go to a temporary directory). */
  dataDir?: string;
  /** 0 (the default for each) picks a free port. */
  ports?: Partial<RuntimePorts>;
  /** Defaults to every deployed service (services/manifests.ts). */
  manifests?: readonly ServiceManifest[];
  /** No console output (tests); `log` takes precedence. */
  quiet?: boolean;
  log?: RuntimeLog;
  /** Delivery attempts and backoff of the event bus. */
  retry?: RetryPolicy;
  maxBodyBytes?: number;
  /** How long a client may take to send a request body (408 after); 15 s by default. */
  bodyTimeoutMs?: number;
  /** Parts to report as starting; `npm start` passes one that also waits for the demo world. */
  readiness?: Readiness;
  /** The built web console's folder (`web/dist`), served at the API's origin; none when absent. */
  consoleDir?: string;
  /**
   * Origins besides the gateway's own whose pages may read the API's answers (CORS): the Vite dev
   * server's by default (`PEIXUN_CONSOLE_DEV_ORIGIN` for `npm start`).
   */
  consoleOrigins?: readonly string[];
}

export interface MissingEntry {
  service: string;
  function: string;
  entry: string;
}

export interface LocalRuntime {
  urls: { api: string; dynamodb: string; s3: string; events: string };
  bus: LocalEventBus;
  /** Manifest `schedules` on timers; `trigger` runs one now. */
  schedules: LocalScheduler;
  issuer: DevIssuer;
  manifests: readonly ServiceManifest[];
  provisioned: ProvisionedResources;
  /** Functions whose entry file does not exist yet; invoking them answers 500 with a clear log. */
  missingEntries: MissingEntry[];
  /**
   * Moves the time handlers read through `now()` (`@peixun/shared`) to `at`, from which it runs on;
   * `undefined` returns to the system time. For tests of date rules (a class starts on the day of
   * its first session); tests that set it reset it afterwards, since the runtime is shared by a file.
   */
  setClock(at: Date | undefined): void;
  /** The time the functions read (`POST /_local/clock` moves it too). */
  clock: DevClock;
  /** What is still starting, as `GET /_local/health` tells it; `npm start` adds the demo world. */
  readiness: Readiness;
  /**
   * The simulated provincial identity-verification authority (实名核验) the enrollment service
   * calls over HTTP; tests list people on it (`add`) or take it down (`unavailable = true`).
   */
  identityAuthority: SimulatedIdentityAuthority;
  /** Invokes a manifest function directly, in its own worker with its own access (tests of the local access checks). */
  invoke(service: string, fn: string, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

async function defaultManifests(): Promise<readonly ServiceManifest[]> {
  // Loaded lazily: a test with its own manifests should not depend on every service compiling.
  const { serviceManifests } = await import('../../services/manifests');
  return serviceManifests;
}

function missingEntriesOf(manifests: readonly ServiceManifest[]): MissingEntry[] {
  return manifests.flatMap((manifest) =>
    Object.entries(manifest.functions)
      .filter(([, spec]) => !existsSync(spec.entry))
      .map(([name, spec]) => ({ service: manifest.name, function: name, entry: spec.entry })),
  );
}

async function startHttpServer(port: number, purpose: PortPurpose, listener?: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  const bound = await listen(server, port, purpose);
  return { server, url: `http://${LOOPBACK}:${bound}` };
}

async function stopHttpServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await closeServer(server);
}

/** Answers the SDK with an AWS-style error instead of hanging when the bus endpoint itself fails. */
function guarded(listener: (...args: Parameters<RequestListener>) => Promise<void>, log: RuntimeLog): RequestListener {
  return (request, response) => {
    listener(request, response).catch((error: unknown) => {
      log.error('事件总线内部错误 / event bus endpoint failed', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ __type: 'InternalException', message: 'Local event bus failure' }));
    });
  };
}

/**
 * Starts the whole system on this machine: DynamoDB Local, the S3 emulator, tables and buckets
 * from the manifests, one worker per service, the event bus, the dev identity issuer and the
 * HTTP gateway. Whatever started is stopped again if a later step fails.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? (options.quiet === true ? silentLog : consoleLog);
  const ports: RuntimePorts = { api: 0, dynamodb: 0, s3: 0, events: 0, ...options.ports };
  const paths = options.dataDir === undefined ? undefined : dataPaths(options.dataDir);
  // Tables, objects (face photos) and keys live under it: the owner's only, even if it existed before.
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(options.dataDir, 0o700);
  }
  // One runtime per data directory, so one engine per database file (throws DataDirInUseError); released last.
  const unlock = options.dataDir === undefined || paths === undefined ? undefined : lockDataDir(options.dataDir, paths.runtimeLock);
  const cleanups: Array<() => Promise<void>> = unlock === undefined ? [] : [async () => unlock()];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log.error('停止组件时出错 / error while stopping', error));
    }
  };
  const started = <T>(value: T, cleanup: (value: T) => Promise<void>): T => {
    cleanups.push(() => cleanup(value));
    return value;
  };

  const readiness = options.readiness ?? new Readiness();
  const gate = readinessGate(readiness);
  const ready = <T>(part: string, value: T): T => {
    readiness.ready(part);
    return value;
  };

  // Local IAM: each function's key is checked against its access list (access/function-access.ts).
  const access = new LocalAccess();
  try {
    const starting = [
      options.manifests === undefined ? defaultManifests() : Promise.resolve(options.manifests),
      startDynamoDbLocal({ port: ports.dynamodb, ...(paths === undefined ? {} : { dataDir: paths.dynamodb }) }).then((engine) =>
        ready('dynamodb', started(engine, (e) => e.stop())),
      ),
      startS3Emulator({ port: ports.s3, access, ...(paths === undefined ? {} : { dataDir: paths.s3 }) }).then((engine) => ready('s3', started(engine, (e) => e.stop()))),
      // Open from the start: until the gateway is installed, the gate answers 503 instead of leaving requests hanging.
      startHttpServer(ports.api, { zh: 'HTTP 网关', en: 'HTTP gateway' }, gate.listener).then((http) => started(http, (h) => stopHttpServer(h.server))),
      startHttpServer(ports.events, { zh: '事件总线', en: 'event bus' }).then((http) => started(http, (h) => stopHttpServer(h.server))),
      loadSigningKey(paths?.issuerKey),
    ] as const;
    // On a failure, wait for the others to finish starting so that stop() reaches them too.
    const [manifests, dynamodb, s3, api, events, signingKey] = await Promise.all(starting).catch(async (error: unknown) => {
      await Promise.allSettled(starting);
      throw error;
    });
    const provisioned = ready('tables', await provision(manifests, { dynamodb: dynamodb.endpoint, s3: s3.endpoint }));

    access.register(manifests);
    const dynamodbProxy = started(await startDynamoDbAccessProxy(dynamodb.endpoint, access), (proxy) => proxy.stop());
    // Functions reach DynamoDB Local through the access check; provisioning, pollers and tests go straight to it.
    const endpoints = { dynamodb: dynamodbProxy.endpoint, s3: s3.endpoint, events: events.url, api: api.url };
    const piiKey = loadPiiKey(paths?.piiKey);
    const host = started(
      createFunctionHost(manifests, (manifest, fn) => functionEnvironment(manifest, fn, endpoints, piiKey), log),
      (h) => h.stop(),
    );
    const invoke = (service: string, fn: string, event: unknown) => host.invoke(service, fn, event);
    started(await startOutboxRelayPollers(manifests, dynamodb.endpoint, invoke, log, paths?.outboxCheckpoints), (pollers) => pollers.stop());
    const journal = paths === undefined ? undefined : DeliveryJournal.open(paths.busJournal, log);
    const bus = started(new LocalEventBus(targetsOf(manifests), invoke, log, options.retry ?? DEFAULT_RETRY, journal), async (b) => b.stop());
    events.server.on('request', guarded(putEventsEndpoint(bus, log), log));
    // What the last run accepted and had not delivered (it was killed, or stopped during retries).
    bus.resume();
    readiness.ready('events');
    const schedules = started(startScheduler(manifests, invoke, log), async (s) => s.stop());
    const clock = new DevClock((offsetMs) => host.setClockOffset(offsetMs));
    readiness.ready('functions');

    const issuer = new DevIssuer(api.url, signingKey);
    const identityAuthority = new SimulatedIdentityAuthority(embeddedFaceComparer(), demoPopulation());
    const authorize = createJwtAuthorizer({ issuer: issuer.issuerUrl, audience: issuer.clientId, jwks: issuer.jwks, isKnownUser: (payload) => issuer.knows(payload) });
    gate.install(
      createGateway({
        routes: routesOf(manifests),
        authorize,
        invoke,
        endpoints: [
          ...identityEndpoints(issuer),
          ...apiReferenceEndpoints(buildOpenApiDocument(manifests, api.url)),
          ...busInspectionEndpoints(bus),
          ...bankEndpoints(bankRatesFromEnv()),
          ...identityAuthorityEndpoints(identityAuthority),
          ...devClockEndpoints(clock),
        ],
        log,
        cors: corsPolicy([api.url, ...(options.consoleOrigins ?? [DEFAULT_CONSOLE_DEV_ORIGIN])]),
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        ...(options.bodyTimeoutMs === undefined ? {} : { bodyTimeoutMs: options.bodyTimeoutMs }),
        ...(options.consoleDir === undefined ? {} : { site: { root: options.consoleDir, objectStoreOrigins: [s3.endpoint] } }),
      }),
    );
    readiness.ready('gateway');

    const missingEntries = missingEntriesOf(manifests);
    for (const missing of missingEntries) {
      log.warn(`${missing.service}.${missing.function} 的入口文件尚不存在 / entry file missing: ${missing.entry}`);
    }
    return {
      urls: { api: api.url, dynamodb: dynamodb.endpoint, s3: s3.endpoint, events: events.url },
      bus,
      schedules,
      issuer,
      manifests,
      provisioned,
      missingEntries,
      setClock: (at) => clock.set(at),
      clock,
      readiness,
      identityAuthority,
      invoke,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
