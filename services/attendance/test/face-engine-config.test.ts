import { availableParallelism } from 'node:os';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { ConfigurationError } from '@peixun/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFaceEngine, FACE_ENV, faceEngineConfigFromEnv } from '../src/face/face-engine-config';
import { DEFAULT_QUALITY_POLICY, resolveQualityPolicy } from '../src/face/quality';
import { RekognitionFaceEngine } from '../src/face/rekognition/rekognition-face-engine';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('face engine configuration', () => {
  it('defaults to the embedded engine, which keeps biometric data on the machine', () => {
    vi.stubEnv(FACE_ENV.engine, '');
    expect(faceEngineConfigFromEnv()).toMatchObject({ engine: 'embedded', threshold: undefined });
  });

  it('issue 14: the embedded engine runs one inference thread per core unless FACE_ENGINE_WORKERS asks for fewer', () => {
    vi.stubEnv(FACE_ENV.engine, 'embedded');
    vi.stubEnv(FACE_ENV.workers, '');
    expect(faceEngineConfigFromEnv()).toMatchObject({ workers: availableParallelism() });
    vi.stubEnv(FACE_ENV.workers, '1');
    expect(faceEngineConfigFromEnv()).toMatchObject({ workers: 1 });
    vi.stubEnv(FACE_ENV.workers, '512');
    expect(faceEngineConfigFromEnv()).toMatchObject({ workers: availableParallelism() });
    for (const wrong of ['0', '1.5', 'many']) {
      vi.stubEnv(FACE_ENV.workers, wrong);
      expect(() => faceEngineConfigFromEnv()).toThrow(ConfigurationError);
    }
  });

  it('Rekognition needs its collection: a missing FACE_COLLECTION_ID stops the cold start', () => {
    vi.stubEnv(FACE_ENV.engine, 'rekognition');
    vi.stubEnv(FACE_ENV.collectionId, '');
    expect(() => faceEngineConfigFromEnv()).toThrow(ConfigurationError);
  });

  it('an unknown engine name or a non-numeric threshold is refused at start-up', () => {
    vi.stubEnv(FACE_ENV.engine, 'opencv');
    expect(() => faceEngineConfigFromEnv()).toThrow(ConfigurationError);
    vi.stubEnv(FACE_ENV.engine, 'embedded');
    vi.stubEnv(FACE_ENV.threshold, 'high');
    expect(() => faceEngineConfigFromEnv()).toThrow(ConfigurationError);
  });

  it('Rekognition decides identity at 99 unless configured otherwise', async () => {
    vi.stubEnv(FACE_ENV.engine, 'rekognition');
    vi.stubEnv(FACE_ENV.collectionId, 'peixun-faces');
    const client = new RekognitionClient({ region: 'cn-northwest-1' });
    const byDefault = await createFaceEngine(faceEngineConfigFromEnv(), { rekognitionClient: client });
    expect(byDefault).toBeInstanceOf(RekognitionFaceEngine);
    expect(byDefault.threshold).toBe(99);
    vi.stubEnv(FACE_ENV.threshold, '98.5');
    expect((await createFaceEngine(faceEngineConfigFromEnv(), { rekognitionClient: client })).threshold).toBe(98.5);
  });

  it('the second-photo band: none for Rekognition by default, never below its score floor, configurable, and refused when wider than the threshold', async () => {
    vi.stubEnv(FACE_ENV.engine, 'rekognition');
    vi.stubEnv(FACE_ENV.collectionId, 'peixun-faces');
    const client = new RekognitionClient({ region: 'cn-northwest-1' });
    expect((await createFaceEngine(faceEngineConfigFromEnv(), { rekognitionClient: client })).secondPhotoFrom).toBe(99);
    vi.stubEnv(FACE_ENV.secondPhotoBand, '4');
    expect((await createFaceEngine(faceEngineConfigFromEnv(), { rekognitionClient: client })).secondPhotoFrom).toBe(95);
    vi.stubEnv(FACE_ENV.secondPhotoBand, '40');
    expect((await createFaceEngine(faceEngineConfigFromEnv(), { rekognitionClient: client })).secondPhotoFrom).toBe(80);
    vi.stubEnv(FACE_ENV.secondPhotoBand, '120');
    await expect(createFaceEngine(faceEngineConfigFromEnv(), { rekognitionClient: client })).rejects.toThrow(RangeError);
  });

  it('quality limits come from the environment; unset ones keep the calibrated defaults', () => {
    vi.stubEnv(FACE_ENV.engine, 'embedded');
    vi.stubEnv(FACE_ENV.maxYaw, '20');
    const policy = resolveQualityPolicy(faceEngineConfigFromEnv().quality);
    expect(policy).toEqual({ ...DEFAULT_QUALITY_POLICY, maxYaw: 20 });
  });
});
