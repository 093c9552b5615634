/**
 * Art. 27: Rekognition Face Liveness behind the liveness port, against aws-sdk-client-mock (there
 * is no local Face Liveness). Response shapes follow the API reference
 * (CreateFaceLivenessSession SessionId; GetFaceLivenessSessionResults Status, Confidence).
 */
import {
  CreateFaceLivenessSessionCommand,
  GetFaceLivenessSessionResultsCommand,
  RekognitionClient,
  SessionNotFoundException,
  ThrottlingException,
  type GetFaceLivenessSessionResultsCommandOutput,
} from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemoryLivenessChallengeStore } from '../src/face/liveness/challenge-store';
import { EmbeddedLivenessCheck } from '../src/face/liveness/embedded-liveness-check';
import type { LivenessBinding, LivenessSubject } from '../src/face/liveness/liveness-check';
import { createLivenessCheck, LIVENESS_ENV, livenessConfigFromEnv } from '../src/face/liveness/liveness-config';
import { LivenessChallengeUnavailable, LivenessNotFinished } from '../src/face/liveness/liveness-errors';
import { REKOGNITION_LIVENESS_DEFAULT_MIN_CONFIDENCE, RekognitionLivenessCheck } from '../src/face/liveness/rekognition-liveness-check';

const rekognition = mockClient(RekognitionClient);
const metadata = { httpStatusCode: 200, requestId: '9f0c7a53-3b1e-4c55-a1f4-6d8e2f7b9c10', attempts: 1, totalRetryDelay: 0 };
const AWS_SESSION = '0f1e2d3c-4b5a-4697-8877-665544332211';
const KIOSK: LivenessSubject = { kind: 'DEVICE', deviceId: 'kiosk-1' };
const BINDING: LivenessBinding = { sessionId: 'ses_1', subject: KIOSK };

function results(status: GetFaceLivenessSessionResultsCommandOutput['Status'], confidence?: number): GetFaceLivenessSessionResultsCommandOutput {
  return { $metadata: metadata, SessionId: AWS_SESSION, Status: status, Confidence: confidence };
}

function liveness(options: { minConfidence?: number; now?: () => Date } = {}) {
  const store = new InMemoryLivenessChallengeStore();
  return { store, check: new RekognitionLivenessCheck({ client: new RekognitionClient({ region: 'ap-northeast-1' }), store, ...options }) };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

beforeEach(() => {
  rekognition.reset();
  rekognition.on(CreateFaceLivenessSessionCommand).resolves({ $metadata: metadata, SessionId: AWS_SESSION });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Art. 27: Rekognition Face Liveness adapter', () => {
  it('start creates the session server-side (the challenge id as idempotency token, no audit images) and stores the bound challenge', async () => {
    const { check, store } = liveness();
    const challenge = await check.start(BINDING);
    const create = rekognition.commandCalls(CreateFaceLivenessSessionCommand);
    expect(create).toHaveLength(1);
    expect(create[0]?.args[0].input).toEqual({ ClientRequestToken: challenge.challengeId, Settings: { AuditImagesLimit: 0 } });
    expect(challenge).toMatchObject({ mode: 'rekognition', providerSessionId: AWS_SESSION, action: undefined, sessionId: 'ses_1', subject: KIOSK });
    expect(Date.parse(challenge.expiresAt) - Date.parse(challenge.issuedAt)).toBe(180_000);
    expect((await store.get(challenge.challengeId))?.status).toBe('PENDING');
  });

  it(`passes SUCCEEDED at or above the threshold (default ${REKOGNITION_LIVENESS_DEFAULT_MIN_CONFIDENCE}), fails below it; the score stays server-side`, async () => {
    const cases: Array<[number, boolean]> = [
      [99.2, true],
      [90, true],
      [89.99, false],
      [12.5, false],
    ];
    for (const [confidence, passed] of cases) {
      rekognition.on(GetFaceLivenessSessionResultsCommand).resolves(results('SUCCEEDED', confidence));
      const { check, store } = liveness();
      const challenge = await check.start(BINDING);
      const result = await check.verify(challenge.challengeId, [], KIOSK);
      expect(result, String(confidence)).toMatchObject({ passed, failure: passed ? undefined : 'PROVIDER_LOW_CONFIDENCE', confidence, mode: 'rekognition' });
      expect(result.message).toMatch(passed ? /通过/ : /真人/);
      expect((await store.get(challenge.challengeId))?.status).toBe(passed ? 'PASSED' : 'FAILED');
    }
    expect(rekognition.commandCalls(GetFaceLivenessSessionResultsCommand).map((call) => call.args[0].input)).toEqual(
      Array.from({ length: 4 }, () => ({ SessionId: AWS_SESSION })),
    );
  });

  it('the threshold comes from configuration', async () => {
    rekognition.on(GetFaceLivenessSessionResultsCommand).resolves(results('SUCCEEDED', 85));
    vi.stubEnv(LIVENESS_ENV.engine, 'rekognition');
    vi.stubEnv(LIVENESS_ENV.minConfidence, '80');
    const store = new InMemoryLivenessChallengeStore();
    const check = await createLivenessCheck(livenessConfigFromEnv(), { store, rekognitionClient: new RekognitionClient({ region: 'ap-northeast-1' }) });
    expect(check).toBeInstanceOf(RekognitionLivenessCheck);
    const challenge = await check.start(BINDING);
    expect(await check.verify(challenge.challengeId, [], KIOSK)).toMatchObject({ passed: true, confidence: 85 });
  });

  it('FAILED, EXPIRED and a session Rekognition no longer knows are recorded as failures; CREATED and IN_PROGRESS record nothing', async () => {
    for (const status of ['FAILED', 'EXPIRED'] as const) {
      rekognition.on(GetFaceLivenessSessionResultsCommand).resolves(results(status));
      const { check } = liveness();
      const challenge = await check.start(BINDING);
      expect(await check.verify(challenge.challengeId, [], KIOSK), status).toMatchObject({ passed: false, failure: 'PROVIDER_FAILED' });
    }
    rekognition.on(GetFaceLivenessSessionResultsCommand).rejects(new SessionNotFoundException({ $metadata: metadata, message: 'session not found' }));
    const gone = liveness();
    const forgotten = await gone.check.start(BINDING);
    expect(await gone.check.verify(forgotten.challengeId, [], KIOSK)).toMatchObject({ passed: false, failure: 'PROVIDER_FAILED' });

    for (const status of ['CREATED', 'IN_PROGRESS'] as const) {
      rekognition.on(GetFaceLivenessSessionResultsCommand).resolves(results(status));
      const { check, store } = liveness();
      const challenge = await check.start(BINDING);
      expect(await caught(check.verify(challenge.challengeId, [], KIOSK)), status).toBeInstanceOf(LivenessNotFinished);
      expect((await store.get(challenge.challengeId))?.status).toBe('PENDING');
      rekognition.on(GetFaceLivenessSessionResultsCommand).resolves(results('SUCCEEDED', 97));
      expect(await check.verify(challenge.challengeId, [], KIOSK)).toMatchObject({ passed: true });
    }
  });

  it('single-use, bound to the device, short-lived; a throttled read records nothing', async () => {
    rekognition.on(GetFaceLivenessSessionResultsCommand).resolves(results('SUCCEEDED', 99));
    let now = new Date('2026-12-03T08:00:00Z');
    const { check, store } = liveness({ now: () => now });
    const challenge = await check.start(BINDING);
    expect(await caught(check.verify(challenge.challengeId, [], { kind: 'DEVICE', deviceId: 'kiosk-2' }))).toMatchObject({ context: { reason: 'NOT_FOUND' } });
    expect(await caught(check.verify(challenge.challengeId, [], { kind: 'TRAINEE', traineeId: 'kiosk-1' }))).toMatchObject({ context: { reason: 'NOT_FOUND' } });
    rekognition
      .on(GetFaceLivenessSessionResultsCommand)
      .rejectsOnce(new ThrottlingException({ $metadata: metadata, message: 'slow down' }))
      .resolves(results('SUCCEEDED', 99));
    expect(await caught(check.verify(challenge.challengeId, [], KIOSK))).toBeInstanceOf(ThrottlingException);
    expect((await store.get(challenge.challengeId))?.status).toBe('PENDING');
    expect(await check.verify(challenge.challengeId, [], KIOSK)).toMatchObject({ passed: true });
    expect(await caught(check.verify(challenge.challengeId, [], KIOSK))).toMatchObject({ context: { reason: 'NOT_PENDING' } });
    const late = await check.start(BINDING);
    now = new Date(now.getTime() + 180_000);
    const expired = await caught(check.verify(late.challengeId, [], KIOSK));
    expect(expired).toBeInstanceOf(LivenessChallengeUnavailable);
    expect(expired).toMatchObject({ context: { reason: 'EXPIRED' } });
  });
});

describe('liveness configuration', () => {
  it('follows FACE_ENGINE unless LIVENESS_ENGINE is set; an unknown name or a bad number stops the cold start', () => {
    vi.stubEnv('FACE_ENGINE', 'rekognition');
    vi.stubEnv(LIVENESS_ENV.engine, '');
    expect(livenessConfigFromEnv()).toMatchObject({ mode: 'rekognition', minConfidence: undefined });
    vi.stubEnv('FACE_ENGINE', '');
    expect(livenessConfigFromEnv().mode).toBe('embedded');
    vi.stubEnv(LIVENESS_ENV.engine, 'faceid');
    expect(() => livenessConfigFromEnv()).toThrow(/LIVENESS_ENGINE/);
    vi.stubEnv(LIVENESS_ENV.engine, 'rekognition');
    vi.stubEnv(LIVENESS_ENV.minConfidence, 'high');
    expect(() => livenessConfigFromEnv()).toThrow(/LIVENESS_MIN_CONFIDENCE/);
  });

  it('a threshold off the 0–100 scale is a configuration bug', () => {
    expect(() => new RekognitionLivenessCheck({ client: new RekognitionClient({}), store: new InMemoryLivenessChallengeStore(), minConfidence: 0.9 * 1000 })).toThrow(RangeError);
  });

  it('the embedded mode builds the embedded check', async () => {
    vi.stubEnv('FACE_ENGINE', 'embedded');
    vi.stubEnv(LIVENESS_ENV.engine, '');
    vi.stubEnv(LIVENESS_ENV.ttlSeconds, '45');
    const check = await createLivenessCheck(livenessConfigFromEnv(), { store: new InMemoryLivenessChallengeStore() });
    expect(check).toBeInstanceOf(EmbeddedLivenessCheck);
    const challenge = await check.start(BINDING);
    expect(Date.parse(challenge.expiresAt) - Date.parse(challenge.issuedAt)).toBe(45_000);
  }, 60_000);
});
