/**
 * Single-table layout of the recordings service:
 * - `SESSION#<sessionId>` / `SESSION`: the session as projected from enrollment's events; in gsi1
 *   under its class, and — while a recording is still expected — in gsi2 under `MISSING_CHECK`,
 *   sorted by its end in UTC, so the schedule reads only the sessions that may be overdue;
 * - `SESSION#<sessionId>` / `RECORDING#<recordingId>`: one uploaded segment, also in gsi1 under
 *   its class (coverage reads a class in one query);
 * - `SESSION#<sessionId>` / `VIEW#<recordingId>#<viewedAt>#<viewId>`: the viewing log;
 * - `SESSION#<sessionId>` / `REPLACEMENT#<requestId>`: a request to replace a completed recording;
 * - `SESSION#<sessionId>` / `REPLACEMENT_OPEN`: sentinel naming the session's one replacement not yet
 *   rejected or carried out, so two requests for one session cannot both be open.
 */
export const sessionKey = (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' });
export const recordingKey = (sessionId: string, recordingId: string) => ({ pk: `SESSION#${sessionId}`, sk: `RECORDING#${recordingId}` });
export const viewKey = (sessionId: string, recordingId: string, viewedAt: string, viewId: string) => ({
  pk: `SESSION#${sessionId}`,
  sk: `VIEW#${recordingId}#${viewedAt}#${viewId}`,
});

export const replacementKey = (sessionId: string, requestId: string) => ({ pk: `SESSION#${sessionId}`, sk: `REPLACEMENT#${requestId}` });
export const openReplacementKey = (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'REPLACEMENT_OPEN' });

export const classPartition = (classId: string): string => `CLASS#${classId}`;
export const sessionInClass = (sessionId: string): string => `SESSION#${sessionId}`;
export const recordingInClass = (sessionId: string, recordingId: string): string => `SESSION#${sessionId}#RECORDING#${recordingId}`;

export const MISSING_CHECK_PARTITION = 'MISSING_CHECK';

/** Lexical order equals time order only for one fixed zone and format: UTC with milliseconds. */
export const utcSortKey = (iso: string): string => new Date(iso).toISOString();
