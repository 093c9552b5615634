import { z } from 'zod';

/**
 * What the browser remembers of an unfinished upload, so that after a closed tab, a reload or a
 * lost network the same file continues: which recording it is and the Idempotency-Key of its
 * start (a start retried after a cut gets the same recording). Which parts have arrived is not
 * remembered here: the service's list of uploaded parts (S3 ListParts) is the authority.
 */
const savedSchema = z.object({
  sessionId: z.string(),
  fileName: z.string(),
  size: z.number(),
  lastModified: z.number(),
  startKey: z.string(),
  recordingId: z.string().optional(),
  maxPartUrls: z.number().int().positive().optional(),
  savedAt: z.string(),
});
export type SavedUpload = z.infer<typeof savedSchema>;

const PREFIX = 'peixun.upload.';

export interface FileFacts {
  name: string;
  size: number;
  lastModified: number;
}

const keyOf = (sessionId: string, file: FileFacts): string => `${PREFIX}${sessionId}|${file.name}|${file.size}|${file.lastModified}`;

export function savedUploadFor(sessionId: string, file: FileFacts): SavedUpload | undefined {
  const raw = localStorage.getItem(keyOf(sessionId, file));
  if (raw === null) return undefined;
  const parsed = savedSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}

export function saveUpload(upload: SavedUpload): void {
  localStorage.setItem(keyOf(upload.sessionId, { name: upload.fileName, size: upload.size, lastModified: upload.lastModified }), JSON.stringify(upload));
}

export function forgetUpload(sessionId: string, file: FileFacts): void {
  localStorage.removeItem(keyOf(sessionId, file));
}

/** Unfinished uploads of a session, to offer "choose the same file again to continue". */
export function unfinishedUploads(sessionId: string): SavedUpload[] {
  const found: SavedUpload[] = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key === null || !key.startsWith(`${PREFIX}${sessionId}|`)) continue;
    const parsed = savedSchema.safeParse(JSON.parse(localStorage.getItem(key) ?? 'null'));
    if (parsed.success) found.push(parsed.data);
  }
  return found;
}
