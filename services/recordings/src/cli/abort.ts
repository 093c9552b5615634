import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RecordingsApi } from './api-client';
import { UploadStateFile } from './state-file';

/**
 * `--abort`: discards this file's unfinished upload, found through the local state or, failing
 * that, the service's list of the session's unfinished uploads. Returns whether one was found.
 */
export async function abortUpload(input: {
  api: RecordingsApi;
  apiUrl: string;
  filePath: string;
  sessionId: string;
  stateDir: string;
}): Promise<boolean> {
  const filePath = await realpath(input.filePath);
  const file = await stat(filePath);
  const stateFile = new UploadStateFile(input.stateDir, {
    apiUrl: input.apiUrl,
    sessionId: input.sessionId,
    filePath,
    fileSize: file.size,
    fileMtimeMs: file.mtimeMs,
  });
  const saved = await stateFile.load();
  let recordingId = saved?.recordingId;
  if (recordingId === undefined) {
    const { recordings } = await input.api.list(input.sessionId);
    recordingId = recordings.find(
      (r) => (r.status === 'initiated' || r.status === 'uploading') && r.fileName === basename(filePath) && r.size === file.size,
    )?.recordingId;
  }
  if (recordingId !== undefined) await input.api.abort(input.sessionId, recordingId);
  await stateFile.remove();
  return recordingId !== undefined;
}
