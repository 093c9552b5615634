import * as z from 'zod';

/**
 * The recordings HTTP API as zod schemas, shared by the handlers, the command-line uploader and
 * (later) the web console. Only zod is imported, so clients load nothing else (the uploader imports
 * `@peixun/shared/contracts/recordings`, not the package root); `routes.ts` binds them to paths
 * and roles.
 */

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确。');
export const sessionIdSchema = idSchema;
export const recordingIdSchema = idSchema;
const sha256Schema = z.string().regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 须为 64 位十六进制字符。');
const isoTimeSchema = z.iso.datetime({ offset: true });

export const uploadStatusSchema = z.enum(['initiated', 'uploading', 'verifying', 'completed', 'aborted', 'rejected']);

export const sessionParamsSchema = z.object({ sessionId: sessionIdSchema });
export const recordingParamsSchema = z.object({ sessionId: sessionIdSchema, recordingId: recordingIdSchema });

/** POST /sessions/{sessionId}/recordings */
export const startRecordingBodySchema = z.object({
  fileName: z.string().min(1).max(255),
  size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Only video types or "unknown"; the container is sniffed at completion either way. */
  contentType: z
    .string()
    .max(100)
    .regex(/^(video\/[\w.+-]+|application\/octet-stream)$/, '文件类型须为视频（video/*）。')
    .optional(),
  sha256: sha256Schema.optional(),
  /** Without both, the recording is dated by the session: from its start, to its end or for `durationSeconds`. */
  recordedFrom: isoTimeSchema.optional(),
  recordedTo: isoTimeSchema.optional(),
  /** The video's own length (the uploader reads it from the MP4 header), used only when the times are absent. */
  durationSeconds: z.number().int().positive().max(86_400).optional(),
  /**
   * For a session whose recording is complete: the approved replacement request this upload
   * carries out (one upload per approval). The new recording replaces the request's recording.
   */
  replacementRequestId: idSchema.optional(),
});
export type StartRecordingBody = z.infer<typeof startRecordingBodySchema>;

export const startRecordingResponseSchema = z.object({
  recordingId: recordingIdSchema,
  uploadId: z.string(),
  status: uploadStatusSchema,
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  /** How many part URLs one `part-urls` request may ask for. */
  maxPartUrlsPerRequest: z.number().int().positive(),
});
export type StartRecordingResponse = z.infer<typeof startRecordingResponseSchema>;

/** POST /sessions/{sessionId}/recordings/{recordingId}/part-urls — part numbers are 1-based, inclusive. */
export const partUrlsBodySchema = z
  .object({ from: z.number().int().min(1), to: z.number().int().min(1) })
  .refine((range) => range.to >= range.from, { message: '结束分片编号不能小于起始编号。', path: ['to'] });
export type PartUrlsBody = z.infer<typeof partUrlsBodySchema>;

export const partUrlsResponseSchema = z.object({
  urls: z.array(z.object({ partNumber: z.number().int().min(1), url: z.string() })),
  /** Re-ask before this time; a URL used later is refused by S3 with 403. */
  expiresAt: isoTimeSchema,
});
export type PartUrlsResponse = z.infer<typeof partUrlsResponseSchema>;

/** GET /sessions/{sessionId}/recordings/{recordingId}/parts */
export const uploadedPartsResponseSchema = z.object({
  recordingId: recordingIdSchema,
  status: uploadStatusSchema,
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  parts: z.array(z.object({ partNumber: z.number().int().min(1), size: z.number().int().min(0), etag: z.string() })),
});
export type UploadedPartsResponse = z.infer<typeof uploadedPartsResponseSchema>;

/** POST /sessions/{sessionId}/recordings/{recordingId}/complete */
export const completeRecordingBodySchema = z.object({ sha256: sha256Schema.optional() });
export type CompleteRecordingBody = z.infer<typeof completeRecordingBodySchema>;

/** What any client may see of a recording (no object key, no bucket). */
export const recordingViewSchema = z.object({
  recordingId: recordingIdSchema,
  sessionId: sessionIdSchema,
  fileName: z.string(),
  size: z.number().int(),
  status: uploadStatusSchema,
  partSize: z.number().int(),
  partCount: z.number().int(),
  recordedFrom: isoTimeSchema.optional(),
  recordedTo: isoTimeSchema.optional(),
  container: z.string().optional(),
  sha256: z.string().optional(),
  refusalCode: z.string().optional(),
  createdAt: isoTimeSchema,
  completedAt: isoTimeSchema.optional(),
  /** This recording was uploaded through an approved replacement of that recording. */
  replaces: recordingIdSchema.optional(),
  /** Replaced by a later recording: kept (Object Lock), no longer counted for coverage. */
  replaced: z
    .object({
      byRecordingId: recordingIdSchema,
      requestId: idSchema,
      reason: z.string(),
      requestedBy: z.string(),
      requestedAt: isoTimeSchema,
      approvedBy: z.string(),
      approvedAt: isoTimeSchema,
      approvalNote: z.string(),
      replacedAt: isoTimeSchema,
    })
    .optional(),
});
export type RecordingView = z.infer<typeof recordingViewSchema>;

/** GET /sessions/{sessionId}/recordings — newest first. */
export const listRecordingsResponseSchema = z.object({ recordings: z.array(recordingViewSchema) });
export type ListRecordingsResponse = z.infer<typeof listRecordingsResponseSchema>;

/** Chinese free text, trimmed, bounded: a reason a reviewer reads and a note they answer with. */
const replacementTextSchema = (what: string) =>
  z
    .string()
    .trim()
    .min(4, `${what}至少 4 个字。`)
    .max(500, `${what}最多 500 个字。`);

export const replacementStatusSchema = z.enum(['requested', 'approved', 'rejected', 'uploading', 'completed']);

/** POST /sessions/{sessionId}/recordings/{recordingId}/replacement-requests */
export const requestReplacementBodySchema = z.object({ reason: replacementTextSchema('替换原因') });
export type RequestReplacementBody = z.infer<typeof requestReplacementBodySchema>;

/** POST /sessions/{sessionId}/recordings/{recordingId}/replacement-decision — names the pending request the reviewer read. */
export const decideReplacementBodySchema = z.object({
  requestId: idSchema,
  decision: z.enum(['APPROVE', 'REJECT']),
  note: replacementTextSchema('审核意见'),
});
export type DecideReplacementBody = z.infer<typeof decideReplacementBodySchema>;

/** A request to replace a session's completed recording, and what became of it. */
export const replacementRequestViewSchema = z.object({
  requestId: idSchema,
  sessionId: sessionIdSchema,
  recordingId: recordingIdSchema,
  status: replacementStatusSchema,
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: isoTimeSchema,
  decidedBy: z.string().optional(),
  decidedAt: isoTimeSchema.optional(),
  decisionNote: z.string().optional(),
  /** The upload the approval opened (one at most). */
  uploadRecordingId: recordingIdSchema.optional(),
  completedAt: isoTimeSchema.optional(),
});
export type ReplacementRequestView = z.infer<typeof replacementRequestViewSchema>;

/** GET /sessions/{sessionId}/replacement-requests — newest first. */
export const listReplacementRequestsResponseSchema = z.object({ requests: z.array(replacementRequestViewSchema) });
export type ListReplacementRequestsResponse = z.infer<typeof listReplacementRequestsResponseSchema>;

/** POST /sessions/{sessionId}/recordings/{recordingId}/view-url */
export const viewUrlResponseSchema = z.object({ url: z.string(), expiresAt: isoTimeSchema });
export type ViewUrlResponse = z.infer<typeof viewUrlResponseSchema>;

export const classParamsSchema = z.object({ classId: idSchema });

const gapSchema = z.object({ start: isoTimeSchema, end: isoTimeSchema, seconds: z.number().int() });

/** GET /classes/{classId}/recording-coverage — per session, in schedule order. */
export const classCoverageResponseSchema = z.object({
  classId: z.string(),
  sessions: z.array(
    z.object({
      sessionId: sessionIdSchema,
      startsAt: isoTimeSchema,
      endsAt: isoTimeSchema,
      status: z.enum(['complete', 'partial', 'missing']),
      windowSeconds: z.number().int(),
      coveredSeconds: z.number().int(),
      ratio: z.number(),
      gaps: z.array(gapSchema),
      completedSegments: z.number().int(),
      undatedSegments: z.number().int(),
    }),
  ),
  counts: z.object({ complete: z.number().int(), partial: z.number().int(), missing: z.number().int() }),
});
export type ClassCoverageResponse = z.infer<typeof classCoverageResponseSchema>;

/** Paths as clients build them; API Gateway templates are in `routes.ts`. */
export const recordingPaths = {
  collection: (sessionId: string): string => `/sessions/${encodeURIComponent(sessionId)}/recordings`,
  item: (sessionId: string, recordingId: string): string =>
    `${recordingPaths.collection(sessionId)}/${encodeURIComponent(recordingId)}`,
  partUrls: (sessionId: string, recordingId: string): string => `${recordingPaths.item(sessionId, recordingId)}/part-urls`,
  parts: (sessionId: string, recordingId: string): string => `${recordingPaths.item(sessionId, recordingId)}/parts`,
  complete: (sessionId: string, recordingId: string): string => `${recordingPaths.item(sessionId, recordingId)}/complete`,
  viewUrl: (sessionId: string, recordingId: string): string => `${recordingPaths.item(sessionId, recordingId)}/view-url`,
  replacementRequests: (sessionId: string, recordingId: string): string => `${recordingPaths.item(sessionId, recordingId)}/replacement-requests`,
  replacementDecision: (sessionId: string, recordingId: string): string => `${recordingPaths.item(sessionId, recordingId)}/replacement-decision`,
  sessionReplacementRequests: (sessionId: string): string => `/sessions/${encodeURIComponent(sessionId)}/replacement-requests`,
} as const;

/** RFC 9457 problem document as the service answers errors (same shape as `shared`'s). */
export const problemBodySchema = z.object({
  code: z.string(),
  title: z.string(),
  detail: z.string(),
  status: z.number().int(),
});
