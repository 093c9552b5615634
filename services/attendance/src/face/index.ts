/** What the attendance service uses of the face engine; adapters are picked by `createFaceEngine`. */
export * from './face-engine';
export * from './face-errors';
export { createFaceEngine, faceEngineConfigFromEnv, FACE_ENV, type FaceEngineConfig, type FaceEngineDependencies } from './face-engine-config';
export { EMBEDDED_DEFAULT_THRESHOLD, EMBEDDED_RETRY_BAND, EmbeddedFaceEngine } from './embedded/embedded-face-engine';
export { InMemoryTemplateStore, type FaceTemplate, type TemplateStore } from './embedded/template-store';
export { FaceSearchTruncated, REKOGNITION_DEFAULT_THRESHOLD, REKOGNITION_MAX_FACES, RekognitionFaceEngine } from './rekognition/rekognition-face-engine';
export { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image';
export { DEFAULT_QUALITY_POLICY, type FaceQuality, type HeadPose, type PixelBox, type QualityPolicy } from './quality';
export * from './liveness/liveness-check';
export { LivenessChallengeUnavailable, LivenessNotFinished } from './liveness/liveness-errors';
export { InMemoryLivenessChallengeStore, LIVENESS_RESULT_USABLE_SECONDS, subjectKey, type JudgeOutcome, type LivenessChallengeStore, type StoredChallenge } from './liveness/challenge-store';
export { DEFAULT_LIVENESS_POLICY, type LivenessPolicy } from './liveness/burst-rules';
export { EMBEDDED_LIVENESS_ACTIONS, EmbeddedLivenessCheck } from './liveness/embedded-liveness-check';
export { createLivenessCheck, LIVENESS_ENV, livenessConfigFromEnv, type LivenessConfig, type LivenessDependencies } from './liveness/liveness-config';
export { REKOGNITION_LIVENESS_DEFAULT_MIN_CONFIDENCE, REKOGNITION_LIVENESS_SESSION_SECONDS, RekognitionLivenessCheck } from './liveness/rekognition-liveness-check';
