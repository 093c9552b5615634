/**
 * Art. 27: the liveness challenges in DynamoDB Local, with the clock injected: every transition is
 * a conditional write, so a challenge is judged once, a passed burst's frames never pass again
 * (even when two copies race), and a passed result is consumed by exactly one check.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { isConditionFailure } from '../src/adapters/keys';
import { consumeLiveness, LivenessRepository, photoFromBurst } from '../src/adapters/liveness-repository';
import { subjectKey } from '../src/face/liveness/challenge-store';
import type { LivenessChallenge, LivenessResult } from '../src/face/liveness/liveness-check';
import { attendanceManifest } from '../src/manifest';

const runtime = useLocalRuntime({ manifests: [attendanceManifest] });
const T0 = Date.parse('2026-12-03T08:00:00Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
let counter = 0;

function documents(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }), { marshallOptions: { removeUndefinedValues: true } });
}

function repository(): LivenessRepository {
  return new LivenessRepository(documents(), tableName('attendance'));
}

function challenge(sessionId = 'ses_1'): LivenessChallenge {
  counter += 1;
  return {
    challengeId: `challenge${String(counter).padStart(13, '0')}`,
    sessionId,
    subject: { kind: 'TRAINEE', traineeId: 'trn_1' },
    mode: 'embedded',
    action: 'TURN_LEFT',
    instruction: '请向左转头',
    providerSessionId: undefined,
    issuedAt: at(0).toISOString(),
    expiresAt: at(60).toISOString(),
  };
}

const result = (challengeId: string, passed: boolean): LivenessResult => ({
  challengeId,
  passed,
  failure: passed ? undefined : 'ACTION_MISSING',
  message: passed ? '活体检测通过。' : '未检测到要求的动作',
  mode: 'embedded',
  confidence: undefined,
});
const hashes = (prefix: string): string[] => Array.from({ length: 6 }, (_, i) => `${prefix}${i}`.padEnd(64, '0'));

async function consume(challengeId: string, use: { sessionId?: string; subject?: string; now: Date; photoSha256?: string }): Promise<boolean> {
  try {
    await documents().send(
      new TransactWriteCommand({
        TransactItems: [
          consumeLiveness(tableName('attendance'), {
            challengeId,
            sessionId: use.sessionId ?? 'ses_1',
            subjectKey: use.subject ?? subjectKey({ kind: 'TRAINEE', traineeId: 'trn_1' }),
            recordId: `chk_${challengeId}`,
            now: use.now,
          }),
          ...(use.photoSha256 === undefined ? [] : [photoFromBurst(tableName('attendance'), { challengeId, photoSha256: use.photoSha256 })]),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

describe('Art. 27: liveness challenges are judged once, by conditional writes (DynamoDB Local)', () => {
  it('created only once; judged only while pending and before its deadline', async () => {
    const store = repository();
    const first = challenge();
    await store.create(first);
    await expect(store.create(first)).rejects.toThrow();
    expect(await store.judge(first.challengeId, result(first.challengeId, false), [], at(10))).toBe('RECORDED');
    expect(await store.judge(first.challengeId, result(first.challengeId, true), hashes('a'), at(11))).toBe('NOT_PENDING');
    expect(await store.get(first.challengeId)).toMatchObject({ status: 'FAILED', usableUntil: undefined });
    const late = challenge();
    await store.create(late);
    expect(await store.judge(late.challengeId, result(late.challengeId, true), hashes('b'), at(60))).toBe('EXPIRED');
    expect((await store.get(late.challengeId))?.status).toBe('PENDING');
  });

  it("a passed burst claims its frames: another challenge with one of them is refused, and two copies racing pass once", async () => {
    const store = repository();
    const passed = challenge();
    await store.create(passed);
    expect(await store.judge(passed.challengeId, result(passed.challengeId, true), hashes('c'), at(5))).toBe('RECORDED');
    expect(await store.get(passed.challengeId)).toMatchObject({ status: 'PASSED', usableUntil: at(125).toISOString() });
    const replay = challenge();
    await store.create(replay);
    expect(await store.judge(replay.challengeId, result(replay.challengeId, true), [...hashes('d').slice(0, 5), hashes('c')[2] ?? ''], at(6))).toBe('FRAMES_SEEN');
    expect((await store.get(replay.challengeId))?.status).toBe('PENDING');

    const racers = [challenge(), challenge()];
    for (const racer of racers) await store.create(racer);
    const outcomes = await Promise.allSettled(racers.map((racer) => store.judge(racer.challengeId, result(racer.challengeId, true), hashes('e'), at(7))));
    const recorded = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value === 'RECORDED');
    expect(recorded).toHaveLength(1);
    // The loser saw the frames claimed, or its transaction conflicted (its retry then sees them claimed).
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') expect(['RECORDED', 'FRAMES_SEEN']).toContain(outcome.value);
    }
  });

  it('a passed result is consumed by one check only, of its session and subject, before its deadline', async () => {
    const store = repository();
    const passed = challenge();
    await store.create(passed);
    await store.judge(passed.challengeId, result(passed.challengeId, true), hashes('f'), at(5));
    expect(await consume(passed.challengeId, { sessionId: 'ses_other', now: at(10) })).toBe(false);
    expect(await consume(passed.challengeId, { subject: subjectKey({ kind: 'DEVICE', deviceId: 'ins_1/kiosk' }), now: at(10) })).toBe(false);
    expect(await consume(passed.challengeId, { now: at(125) })).toBe(false);
    const twice = await Promise.all([consume(passed.challengeId, { now: at(10) }), consume(passed.challengeId, { now: at(10) })]);
    expect(twice.filter(Boolean)).toHaveLength(1);
    expect((await store.get(passed.challengeId))?.status).toBe('CONSUMED');

    const failed = challenge();
    await store.create(failed);
    await store.judge(failed.challengeId, result(failed.challengeId, false), [], at(5));
    expect(await consume(failed.challengeId, { now: at(10) })).toBe(false);
  });

  it("the check's photo must be a frame of the burst that passed: another burst's frame or an unseen photo does not consume it", async () => {
    const store = repository();
    const [mine, other] = [challenge(), challenge()];
    for (const [passed, prefix] of [[mine, 'g'], [other, 'h']] as const) {
      await store.create(passed);
      await store.judge(passed.challengeId, result(passed.challengeId, true), hashes(prefix), at(5));
    }
    expect(await store.burstOfFrame(hashes('g')[3] ?? '')).toBe(mine.challengeId);
    expect(await store.burstOfFrame(hashes('z')[0] ?? '')).toBeUndefined();
    expect(await consume(mine.challengeId, { now: at(10), photoSha256: hashes('h')[0] ?? '' })).toBe(false);
    expect(await consume(mine.challengeId, { now: at(10), photoSha256: hashes('z')[0] ?? '' })).toBe(false);
    expect((await store.get(mine.challengeId))?.status).toBe('PASSED');
    expect(await consume(mine.challengeId, { now: at(10), photoSha256: hashes('g')[0] ?? '' })).toBe(true);
  });
});
