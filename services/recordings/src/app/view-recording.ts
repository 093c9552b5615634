import { recordingNotViewable } from '../domain/errors';
import type { Recording } from '../domain/recording';
import { assertMayView, type Viewer, type ViewLogEntry } from '../domain/viewing';
import type { RecordingObjectStore } from './ports';

/** Browsers play and seek by byte range only when told what they are getting. */
const CONTAINER_MEDIA_TYPES: Record<NonNullable<Recording['container']>, string> = {
  mp4: 'video/mp4',
  quicktime: 'video/quicktime',
  '3gpp': 'video/3gpp',
  matroska: 'video/x-matroska',
  webm: 'video/webm',
  'mpeg-ts': 'video/mp2t',
};

export interface ViewLink {
  readonly url: string;
  readonly expiresAt: Date;
  /** To be stored by the caller: every viewing is logged. */
  readonly log: ViewLogEntry;
}

/** A short-lived link to watch a verified recording (range requests work on presigned GETs). */
export async function viewLink(store: RecordingObjectStore, recording: Recording, classAreaCode: string, viewer: Viewer, now: Date): Promise<ViewLink> {
  assertMayView(viewer, classAreaCode);
  if (recording.status !== 'completed' || recording.container === undefined) throw recordingNotViewable(recording.status);
  const { url, expiresAt } = await store.presignView({
    key: recording.objectKey,
    fileName: recording.fileName,
    contentType: CONTAINER_MEDIA_TYPES[recording.container],
  });
  return {
    url,
    expiresAt,
    log: {
      recordingId: recording.recordingId,
      objectKey: recording.objectKey,
      viewerSub: viewer.sub,
      viewedAt: now.toISOString(),
      linkExpiresAt: expiresAt.toISOString(),
    },
  };
}
