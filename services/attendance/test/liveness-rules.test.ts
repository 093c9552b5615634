/** Art. 27: the embedded liveness rules on numbers, one rule at a time (the real-video proof is in embedded-liveness.test.ts). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVENESS_POLICY, judgeBurst, type BurstEvidence, type FrameObservation } from '../src/face/liveness/burst-rules';

const policy = { ...DEFAULT_LIVENESS_POLICY, identityThreshold: 50 };

function burst(frames: FrameObservation[], overrides: Partial<BurstEvidence> = {}): BurstEvidence {
  return {
    frames,
    sha256: frames.map((_, i) => `sha${i}`),
    similarityToFirst: frames.map(() => 90),
    frameChange: frames.slice(1).map(() => 3),
    ...overrides,
  };
}
const yaws = (...values: number[]): FrameObservation[] => values.map((yaw) => ({ faces: 1, yaw, eyeOpenness: 0.3 }));
const eyes = (...values: number[]): FrameObservation[] => values.map((eyeOpenness) => ({ faces: 1, yaw: 0, eyeOpenness }));

describe('Art. 27: embedded liveness burst rules', () => {
  it('turn threshold: +12° from the start passes TURN_LEFT, +11.9° does not, and neither passes TURN_RIGHT', () => {
    expect(judgeBurst(burst(yaws(-10, -5, 0, 2, 1)), 'TURN_LEFT', policy)).toBeUndefined();
    expect(judgeBurst(burst(yaws(-10, -5, 0, 1.9, 1)), 'TURN_LEFT', policy)).toBe('ACTION_MISSING');
    expect(judgeBurst(burst(yaws(-10, -5, 0, 2, 1)), 'TURN_RIGHT', policy)).toBe('ACTION_MISSING');
    expect(judgeBurst(burst(yaws(8, 2, -2, -4, -5)), 'TURN_RIGHT', policy)).toBeUndefined();
  });

  it('a blink is open, closed below 0.6 of open, then open again above 0.85; closed eyes that never reopen fail', () => {
    expect(judgeBurst(burst(eyes(0.3, 0.3, 0.17, 0.2, 0.26)), 'BLINK', policy)).toBeUndefined();
    expect(judgeBurst(burst(eyes(0.3, 0.3, 0.19, 0.2, 0.26)), 'BLINK', policy)).toBe('ACTION_MISSING');
    expect(judgeBurst(burst(eyes(0.3, 0.3, 0.17, 0.2, 0.25)), 'BLINK', policy)).toBe('ACTION_MISSING');
    expect(judgeBurst(burst(eyes(0.15, 0.15, 0.3, 0.3, 0.3)), 'BLINK', policy)).toBe('ACTION_MISSING');
  });

  it('rules apply in order: frame count, one face each, same person, different pictures, then the action', () => {
    const good = yaws(-10, -5, 0, 2, 1);
    expect(judgeBurst(burst(good.slice(0, 4)), 'TURN_LEFT', policy)).toBe('FRAME_COUNT');
    expect(judgeBurst(burst(yaws(...Array.from({ length: 13 }, (_, i) => i * 2))), 'TURN_LEFT', policy)).toBe('FRAME_COUNT');
    expect(judgeBurst(burst([...good.slice(0, 4), { faces: 2, yaw: 5, eyeOpenness: 0.3 }]), 'TURN_LEFT', policy)).toBe('NO_SINGLE_FACE');
    expect(judgeBurst(burst(good, { similarityToFirst: [100, 90, 49, 90, 90] }), 'TURN_LEFT', policy)).toBe('IDENTITY_CHANGED');
    expect(judgeBurst(burst(good, { sha256: ['a', 'b', 'c', 'a', 'e'] }), 'TURN_LEFT', policy)).toBe('STATIC_FRAMES');
    expect(judgeBurst(burst(good, { frameChange: [0.1, 0.2, 3, 0.24] }), 'TURN_LEFT', policy)).toBe('STATIC_FRAMES');
    expect(judgeBurst(burst(good, { frameChange: [0.1, 0.25, 3, 0.24] }), 'TURN_LEFT', policy)).toBeUndefined();
  });
});
