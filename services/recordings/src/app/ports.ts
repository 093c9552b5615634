/**
 * What the use cases need from object storage. The S3 adapter implements it against AWS S3 and
 * the local emulator alike; nothing here names an AWS type.
 */
export interface UploadedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
}

export interface PresignedPartUrl {
  readonly partNumber: number;
  readonly url: string;
}

export interface PresignedUrls<T> {
  readonly urls: readonly T[];
  readonly expiresAt: Date;
}

export interface RecordingObjectStore {
  /** Starts a multipart upload; refuses a key that already holds an object (no overwrite, ever). */
  createUpload(input: { key: string; contentType: string; metadata: Readonly<Record<string, string>> }): Promise<{ uploadId: string }>;
  /** Short-lived UploadPart URLs; asking again simply signs again. */
  presignPartUrls(input: { key: string; uploadId: string; from: number; to: number }): Promise<PresignedUrls<PresignedPartUrl>>;
  /** Every part S3 holds for the upload, ascending, all pages read. */
  listParts(input: { key: string; uploadId: string }): Promise<UploadedPart[]>;
  /** Assembles the object; refuses when the key already holds one. */
  completeUpload(input: {
    key: string;
    uploadId: string;
    parts: ReadonlyArray<Pick<UploadedPart, 'partNumber' | 'etag'>>;
    expectedSize: number;
  }): Promise<{ etag: string }>;
  abortUpload(input: { key: string; uploadId: string }): Promise<void>;
  /** Size of the stored object, or undefined when there is none. */
  objectSize(key: string): Promise<number | undefined>;
  /** The first `bytes` bytes (fewer if the object is smaller). */
  readHead(key: string, bytes: number): Promise<Uint8Array>;
  /** SHA-256 (hex) of the stored object, streamed. */
  sha256(key: string): Promise<string>;
  /** Makes a verified recording immutable where the store supports it (S3 Object Lock). */
  protect(key: string): Promise<void>;
  /** Removes an object that failed verification. */
  discard(key: string): Promise<void>;
  presignView(input: { key: string; fileName: string; contentType: string }): Promise<{ url: string; expiresAt: Date }>;
}
