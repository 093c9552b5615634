import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import type { BucketType, MultipartPart, MultipartUpload, S3Object, S3PersistenceProvider, S3Store } from './fauxqs-internals';
import type { CompatState, TrackedPart } from './s3-compat';
import type { PartFiles } from './s3-part-writes';

/**
 * The local S3's state on disk, laid out for recordings of several GB:
 *
 *   buckets/<bucket>/bucket.json                         name, creation date, type, Object Lock
 *   buckets/<bucket>/lifecycle.xml
 *   buckets/<bucket>/objects/<sha256(key)>.data / .json  body / metadata (with the key, retention)
 *   buckets/<bucket>/objects/<sha256(key)>.parts/<part>-<uuid>.data   body of a multipart object, in
 *                                                        the parts its metadata lists (`segments`)
 *   uploads/<uploadId>/upload.json, <part>.json, <part>-<uuid>.data   (the .json names its .data)
 *
 * fauxqs's own FileS3Persistence keeps part bodies in memory until completion, reloads them all at
 * start and assembles an object in one buffer (RSS ~2× a recording); here parts stay on disk
 * (DiskS3Store drops them from memory) and UploadPart bodies are streamed into them as they arrive
 * (s3-part-writes.ts: `newPartFile`, `recordPart`). Completion copies nothing: the upload's
 * directory is renamed to the object's `.parts` directory and the object's metadata lists its part
 * files in order, so completing a 2 GiB recording costs a rename instead of 4 GiB of disk traffic
 * (it took 8–10 s, with the event loop blocked); reads stream the range asked for across the part
 * files (`readRange`, for s3-streamed-reads.ts). Object files are named by a hash of the key, so no
 * key can escape the directory or exceed a file name's length. Metadata is written beside its final name and renamed
 * into place, and a part's bytes go to a new file its metadata then names, so a crash (or the same
 * part sent twice at once) leaves the old version or the new, never half of one.
 * It also answers what the compat hooks need to know (CompatState), so that survives restarts too.
 */
const EMPTY = Buffer.alloc(0);

interface BucketMeta {
  readonly name: string;
  readonly creationDate: string;
  readonly type: BucketType;
  readonly objectLock?: boolean;
}

type ObjectMeta = Omit<S3Object, 'body' | 'lastModified'> & {
  readonly lastModified: string;
  readonly retained?: boolean;
  /** A completed multipart object: its part files in the `.parts` directory, in order (no `.data` file). */
  readonly segments?: readonly string[];
};
type UploadMeta = Omit<MultipartUpload, 'parts' | 'initiated'> & { readonly initiated: string };

interface PartMeta {
  readonly partNumber: number;
  readonly etag: string;
  readonly lastModified: string;
  readonly checksumValue?: string;
  /** The part's bytes, in the upload's directory. */
  readonly dataFile: string;
}

const fileNameOf = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Objects are face photos, ID scans and recordings: readable by the owner only (files 0600, folders
 * 0700), like the secrets beside them.
 */
export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_DIR = 0o700;

function writeAtomically(file: string, content: string | Uint8Array): void {
  writeFileSync(`${file}.tmp`, content, { mode: OWNER_ONLY_FILE });
  renameSync(`${file}.tmp`, file);
}

const writeJson = (file: string, value: unknown): void => writeAtomically(file, JSON.stringify(value));
const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);
const removeFile = (file: string): void => rmSync(file, { force: true });

/** Streams bytes `first`…`last` (inclusive) of files laid end to end, opening each only when it is reached. */
function readAcross(files: ReadonlyArray<{ readonly path: string; readonly size: number }>, first: number, last: number): Readable {
  return Readable.from(
    (async function* () {
      let offset = 0;
      for (const file of files) {
        const start = Math.max(first - offset, 0);
        const end = Math.min(last - offset, file.size - 1);
        offset += file.size;
        if (end < start) continue;
        for await (const chunk of createReadStream(file.path, { start, end })) yield chunk as Buffer;
      }
    })(),
    { objectMode: false },
  );
}

/** A written object starts unretained: retention is set on the stored object (PutObjectRetention). */
function objectMetaOf(object: S3Object): ObjectMeta {
  const { body: _body, lastModified, ...rest } = object;
  return { ...rest, lastModified: lastModified.toISOString() };
}

export class DiskS3Persistence implements S3PersistenceProvider, CompatState, PartFiles {
  /** Open uploads, the very objects fauxqs holds: their part maps say which parts arrived. */
  private readonly uploads = new Map<string, MultipartUpload>();
  private readonly bucketsDir: string;
  private readonly uploadsDir: string;

  constructor(root: string) {
    this.bucketsDir = join(root, 'buckets');
    this.uploadsDir = join(root, 'uploads');
    mkdirSync(this.bucketsDir, { recursive: true, mode: OWNER_ONLY_DIR });
    mkdirSync(this.uploadsDir, { recursive: true, mode: OWNER_ONLY_DIR });
  }

  private bucketDir(bucket: string): string {
    return join(this.bucketsDir, bucket);
  }

  private bucketMetaFile(bucket: string): string {
    return join(this.bucketDir(bucket), 'bucket.json');
  }

  private objectsDir(bucket: string): string {
    return join(this.bucketDir(bucket), 'objects');
  }

  private objectMetaFile(bucket: string, key: string): string {
    return join(this.objectsDir(bucket), `${fileNameOf(key)}.json`);
  }

  private uploadDir(uploadId: string): string {
    return join(this.uploadsDir, uploadId);
  }

  private partMetaFile(uploadId: string, partNumber: number): string {
    return join(this.uploadDir(uploadId), `${partNumber}.json`);
  }

  private partDataFile(uploadId: string, partNumber: number): string | undefined {
    const meta = readJson<PartMeta>(this.partMetaFile(uploadId, partNumber));
    return meta === undefined ? undefined : join(this.uploadDir(uploadId), meta.dataFile);
  }

  /** Where a single-file object's bytes are. */
  private dataFile(bucket: string, key: string): string {
    return join(this.objectsDir(bucket), `${fileNameOf(key)}.data`);
  }

  /** Where a multipart object's part files are. */
  private segmentsDir(bucket: string, key: string): string {
    return join(this.objectsDir(bucket), `${fileNameOf(key)}.parts`);
  }

  /** The object's files in order, with their sizes. */
  private filesOf(bucket: string, key: string): Array<{ path: string; size: number }> {
    const segments = readJson<ObjectMeta>(this.objectMetaFile(bucket, key))?.segments;
    const paths = segments === undefined ? [this.dataFile(bucket, key)] : segments.map((name) => join(this.segmentsDir(bucket, key), name));
    return paths.map((path) => ({ path, size: statSync(path).size }));
  }

  /** Bytes `first`…`last` (inclusive) of an object, streamed from its file or its part files. */
  readRange(bucket: string, key: string, first: number, last: number): Readable {
    const files = this.filesOf(bucket, key);
    const [only] = files;
    return files.length === 1 && only !== undefined ? createReadStream(only.path, { start: first, end: last }) : readAcross(files, first, last);
  }

  /** Removes an object's bytes, whichever way they are kept. */
  private removeBytes(bucket: string, key: string): void {
    removeFile(this.dataFile(bucket, key));
    rmSync(this.segmentsDir(bucket, key), { recursive: true, force: true });
  }

  upload(uploadId: string): MultipartUpload | undefined {
    return this.uploads.get(uploadId);
  }

  partSize(uploadId: string, partNumber: number): number | undefined {
    const file = this.partDataFile(uploadId, partNumber);
    return file !== undefined && existsSync(file) ? statSync(file).size : undefined;
  }

  // ── PartFiles: UploadPart bodies streamed to disk (s3-part-writes.ts) ──

  newPartFile(uploadId: string, partNumber: number): string {
    return join(this.uploadDir(uploadId), `${partNumber}-${randomUUID()}.data`);
  }

  /** Records a part whose bytes are in `file` (from `newPartFile`), in fauxqs's upload and on disk. */
  recordPart(uploadId: string, part: MultipartPart, file: string): boolean {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined) return false;
    upload.parts.set(part.partNumber, part);
    this.writePartMeta(uploadId, part, basename(file));
    return true;
  }

  /** Points the part's metadata at `dataFile` (renamed into place), then removes the bytes it replaces. */
  private writePartMeta(uploadId: string, part: MultipartPart, dataFile: string): void {
    const replaced = this.partDataFile(uploadId, part.partNumber);
    const meta: PartMeta = {
      partNumber: part.partNumber,
      etag: part.etag,
      lastModified: part.lastModified.toISOString(),
      ...(part.checksumValue === undefined ? {} : { checksumValue: part.checksumValue }),
      dataFile,
    };
    writeJson(this.partMetaFile(uploadId, part.partNumber), meta);
    if (replaced !== undefined && replaced !== join(this.uploadDir(uploadId), dataFile)) removeFile(replaced);
  }

  // ── S3PersistenceProvider: fauxqs calls these as its state changes ──

  insertBucket(name: string, creationDate: Date, type: BucketType): void {
    mkdirSync(this.objectsDir(name), { recursive: true, mode: OWNER_ONLY_DIR });
    writeJson(this.bucketMetaFile(name), { name, creationDate: creationDate.toISOString(), type } satisfies BucketMeta);
  }

  deleteBucket(name: string): void {
    rmSync(this.bucketDir(name), { recursive: true, force: true });
  }

  saveBucketLifecycleConfiguration(bucket: string, config: string): void {
    writeAtomically(join(this.bucketDir(bucket), 'lifecycle.xml'), config);
  }

  deleteBucketLifecycleConfiguration(bucket: string): void {
    removeFile(join(this.bucketDir(bucket), 'lifecycle.xml'));
  }

  upsertObject(bucket: string, object: S3Object): void {
    writeAtomically(this.dataFile(bucket, object.key), object.body);
    writeJson(this.objectMetaFile(bucket, object.key), objectMetaOf(object));
    rmSync(this.segmentsDir(bucket, object.key), { recursive: true, force: true });
  }

  deleteObject(bucket: string, key: string): void {
    removeFile(this.objectMetaFile(bucket, key));
    this.removeBytes(bucket, key);
  }

  deleteObjectsByBucket(bucket: string): void {
    rmSync(this.objectsDir(bucket), { recursive: true, force: true });
    mkdirSync(this.objectsDir(bucket), { recursive: true, mode: OWNER_ONLY_DIR });
  }

  deleteAllObjects(): void {
    for (const bucket of readdirSync(this.bucketsDir)) this.deleteObjectsByBucket(bucket);
  }

  renameObject(bucket: string, sourceKey: string, destKey: string): void {
    const meta = readJson<ObjectMeta>(this.objectMetaFile(bucket, sourceKey));
    if (meta === undefined) return;
    this.removeBytes(bucket, destKey);
    if (meta.segments === undefined) renameSync(this.dataFile(bucket, sourceKey), this.dataFile(bucket, destKey));
    else renameSync(this.segmentsDir(bucket, sourceKey), this.segmentsDir(bucket, destKey));
    writeJson(this.objectMetaFile(bucket, destKey), { ...meta, key: destKey });
    removeFile(this.objectMetaFile(bucket, sourceKey));
  }

  /** The whole body, for what fauxqs still reads itself (CopyObject, GetObject by part number). */
  readBody(bucket: string, key: string): Buffer {
    return Buffer.concat(this.filesOf(bucket, key).map((file) => readFileSync(file.path)));
  }

  insertMultipartUpload(upload: MultipartUpload): void {
    mkdirSync(this.uploadDir(upload.uploadId), { recursive: true, mode: OWNER_ONLY_DIR });
    const { parts: _parts, initiated, ...rest } = upload;
    writeJson(join(this.uploadDir(upload.uploadId), 'upload.json'), { ...rest, initiated: initiated.toISOString() } satisfies UploadMeta);
    this.uploads.set(upload.uploadId, upload);
  }

  /** Parts fauxqs still handles itself (copies, aws-chunked bodies): written here, synchronously. */
  upsertMultipartPart(uploadId: string, part: MultipartPart): void {
    const file = this.newPartFile(uploadId, part.partNumber);
    writeFileSync(file, part.body, { mode: OWNER_ONLY_FILE });
    this.writePartMeta(uploadId, part, basename(file));
  }

  deleteMultipartUpload(uploadId: string): void {
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true });
    this.uploads.delete(uploadId);
  }

  /**
   * Makes the upload's part files the object's bytes without copying them: the upload's directory
   * becomes the object's `.parts` directory (one rename), part files not in `object.parts` are
   * dropped (as S3 drops parts left out of the completion), and the object's metadata, written last,
   * lists the files in order. Replaces whatever bytes the key held.
   */
  completeMultipartUpload(uploadId: string, bucket: string, object: S3Object): void {
    const segments = (object.parts ?? []).map((part) => {
      const file = this.partDataFile(uploadId, part.partNumber);
      if (file === undefined) throw new Error(`Upload ${uploadId}: part ${part.partNumber} has no data file`);
      return basename(file);
    });
    removeFile(this.objectMetaFile(bucket, object.key));
    this.removeBytes(bucket, object.key);
    const dir = this.segmentsDir(bucket, object.key);
    renameSync(this.uploadDir(uploadId), dir);
    const kept = new Set(segments);
    for (const name of readdirSync(dir).filter((file) => !kept.has(file))) removeFile(join(dir, name));
    writeJson(this.objectMetaFile(bucket, object.key), { ...objectMetaOf(object), segments } satisfies ObjectMeta);
    this.deleteMultipartUpload(uploadId);
  }

  deleteAllMultipartUploads(): void {
    for (const uploadId of [...this.uploads.keys()]) this.deleteMultipartUpload(uploadId);
  }

  /** Restores buckets, object metadata and open uploads (part metadata only); bodies stay on disk. */
  loadS3(store: S3Store): void {
    for (const bucket of readdirSync(this.bucketsDir)) {
      const meta = readJson<BucketMeta>(this.bucketMetaFile(bucket));
      // A bucket whose deletion was cut short (no bucket.json, or no objects directory) is skipped.
      if (meta === undefined || !existsSync(this.objectsDir(bucket))) continue;
      store.createBucket(meta.name, meta.type);
      store.setBucketCreationDate(meta.name, new Date(meta.creationDate));
      const lifecycle = join(this.bucketDir(bucket), 'lifecycle.xml');
      if (existsSync(lifecycle)) store.restoreBucketLifecycleConfiguration(meta.name, readFileSync(lifecycle, 'utf8'));
      for (const file of readdirSync(this.objectsDir(bucket)).filter((name) => name.endsWith('.json'))) {
        const object = readJson<ObjectMeta>(join(this.objectsDir(bucket), file));
        if (object === undefined) continue;
        const { retained: _retained, segments: _segments, lastModified, ...rest } = object;
        store.restoreObject(meta.name, { ...rest, body: EMPTY, lastModified: new Date(lastModified) });
      }
    }
    for (const uploadId of readdirSync(this.uploadsDir)) {
      const meta = readJson<UploadMeta>(join(this.uploadDir(uploadId), 'upload.json'));
      if (meta === undefined) continue;
      const files = readdirSync(this.uploadDir(uploadId));
      const partMetas = files
        .filter((name) => /^\d+\.json$/.test(name))
        .map((name) => readJson<PartMeta>(join(this.uploadDir(uploadId), name)))
        .filter((part) => part !== undefined);
      // Bytes no part names: a part cut short by a stop or crash, or one replaced as the process died.
      const named = new Set(partMetas.map((part) => part.dataFile));
      for (const name of files.filter((file) => (file.endsWith('.data') && !named.has(file)) || file.endsWith('.tmp'))) removeFile(join(this.uploadDir(uploadId), name));
      const parts = partMetas.map(({ dataFile: _dataFile, ...part }) => [part.partNumber, { ...part, body: EMPTY, lastModified: new Date(part.lastModified) }] as const);
      const upload: MultipartUpload = { ...meta, initiated: new Date(meta.initiated), parts: new Map(parts) };
      store.restoreMultipartUpload(upload);
      this.uploads.set(uploadId, upload);
    }
  }

  purgeAll(): void {
    for (const bucket of readdirSync(this.bucketsDir)) this.deleteBucket(bucket);
    this.deleteAllMultipartUploads();
  }

  close(): void {
    // Every write is done when its call returns; nothing is held open.
  }

  // ── CompatState: what the compat hooks (s3-compat.ts) ask and record ──

  hasObject(bucket: string, key: string): boolean {
    return existsSync(this.objectMetaFile(bucket, key));
  }

  listParts(uploadId: string): TrackedPart[] | undefined {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined) return undefined;
    return [...upload.parts.values()].map((part) => ({
      partNumber: part.partNumber,
      etag: part.etag,
      size: this.partSize(uploadId, part.partNumber) ?? 0,
      lastModified: part.lastModified,
    }));
  }

  isObjectLockEnabled(bucket: string): boolean {
    return readJson<BucketMeta>(this.bucketMetaFile(bucket))?.objectLock === true;
  }

  enableObjectLock(bucket: string): void {
    const meta = readJson<BucketMeta>(this.bucketMetaFile(bucket));
    if (meta !== undefined) writeJson(this.bucketMetaFile(bucket), { ...meta, objectLock: true } satisfies BucketMeta);
  }

  isRetained(bucket: string, key: string): boolean {
    return readJson<ObjectMeta>(this.objectMetaFile(bucket, key))?.retained === true;
  }

  retain(bucket: string, key: string): void {
    const meta = readJson<ObjectMeta>(this.objectMetaFile(bucket, key));
    if (meta !== undefined) writeJson(this.objectMetaFile(bucket, key), { ...meta, retained: true } satisfies ObjectMeta);
  }
}
