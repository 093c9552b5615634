import type { RecordingView } from '@peixun/shared/contracts/recordings';
import type { Recording } from '../domain/recording';

/** The client's view of a recording: storage details (bucket key, S3 upload id) stay inside. */
export function toRecordingView(recording: Recording): RecordingView {
  return {
    recordingId: recording.recordingId,
    sessionId: recording.sessionId,
    fileName: recording.fileName,
    size: recording.size,
    status: recording.status,
    partSize: recording.partSize,
    partCount: recording.partCount,
    createdAt: recording.createdAt,
    ...(recording.recordedFrom === undefined ? {} : { recordedFrom: recording.recordedFrom }),
    ...(recording.recordedTo === undefined ? {} : { recordedTo: recording.recordedTo }),
    ...(recording.container === undefined ? {} : { container: recording.container }),
    ...(recording.sha256 === undefined ? {} : { sha256: recording.sha256 }),
    ...(recording.refusalCode === undefined ? {} : { refusalCode: recording.refusalCode }),
    ...(recording.completedAt === undefined ? {} : { completedAt: recording.completedAt }),
    ...(recording.replaces === undefined ? {} : { replaces: recording.replaces }),
    ...(recording.replaced === undefined ? {} : { replaced: recording.replaced }),
  };
}
