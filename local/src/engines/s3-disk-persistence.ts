import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BucketType, MultipartPart, MultipartUpload, S3Object, S3PersistenceProvider, S3Store } from './fauxqs-internals';
import type { CompatState, TrackedPart } from './s3-compat';

/**
 * The local S3's state on disk, laid out for recordings of several GB:
 *
 *   buckets/<bucket>/bucket.json                         name, creation date, type, Object Lock
 *   buckets/<bucket>/lifecycle.xml
 *   buckets/<bucket>/objects/<sha256(key)>.data / .json  body / metadata (with the key, retention)
 *   uploads/<uploadId>/upload.json, <part>.json, <part>-<uuid>.data   (the .json names its .data)
 *
 * fauxqs's own FileS3Persistence keeps part bodies in memory until completion, reloads them all at
 * start and assembles an object in one buffer (RSS ~2× a recording); here parts stay on disk
 * (DiskS3Store drops them from memory) and are written off the event loop (`writePartBody`, from
 * s3-part-writes.ts), completion copies part files in 8 MiB steps, and reads stream from `dataFile`
 * (s3-streamed-reads.ts). Object files are named by a hash of the key, so no key can escape the
 * directory or exceed a file name's length. Metadata is written beside its final name and renamed
 * into place, and a part's bytes go to a new file its metadata then names, so a crash (or the same
 * part sent twice at once) leaves the old version or the new, never half of one.
 * It also answers what the compat hooks need to know (CompatState), so that survives restarts too.
 */
const COPY_CHUNK_BYTES = 8 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

interface BucketMeta {
  readonly name: string;
  readonly creationDate: string;
  readonly type: BucketType;
  readonly objectLock?: boolean;
}

type ObjectMeta = Omit<S3Object, 'body' | 'lastModified'> & { readonly lastModified: string; readonly retained?: boolean };
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

function writeAtomically(file: string, content: string | Uint8Array): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

const writeJson = (file: string, value: unknown): void => writeAtomically(file, JSON.stringify(value));
const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);
const removeFile = (file: string): void => rmSync(file, { force: true });

/** Appends `source` to the open file `target` through one reused buffer. */
function appendFile(target: number, source: string, buffer: Buffer): void {
  const input = openSync(source, 'r');
  try {
    for (let read = readSync(input, buffer); read > 0; read = readSync(input, buffer)) writeSync(target, buffer, 0, read);
  } finally {
    closeSync(input);
  }
}

/** A written object starts unretained: retention is set on the stored object (PutObjectRetention). */
function objectMetaOf(object: S3Object): ObjectMeta {
  const { body: _body, lastModified, ...rest } = object;
  return { ...rest, lastModified: lastModified.toISOString() };
}

export class DiskS3Persistence implements S3PersistenceProvider, CompatState {
  /** Open uploads, the very objects fauxqs holds: their part maps say which parts arrived. */
  private readonly uploads = new Map<string, MultipartUpload>();
  /** Request bodies already written by `writePartBody`, and the file they went to. */
  private readonly writtenBodies = new WeakMap<Buffer, string>();
  private readonly bucketsDir: string;
  private readonly uploadsDir: string;

  constructor(root: string) {
    this.bucketsDir = join(root, 'buckets');
    this.uploadsDir = join(root, 'uploads');
    mkdirSync(this.bucketsDir, { recursive: true });
    mkdirSync(this.uploadsDir, { recursive: true });
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

  /** Where an object's bytes are, for reads that stream a range of them. */
  dataFile(bucket: string, key: string): string {
    return join(this.objectsDir(bucket), `${fileNameOf(key)}.data`);
  }

  upload(uploadId: string): MultipartUpload | undefined {
    return this.uploads.get(uploadId);
  }

  partSize(uploadId: string, partNumber: number): number | undefined {
    const file = this.partDataFile(uploadId, partNumber);
    return file !== undefined && existsSync(file) ? statSync(file).size : undefined;
  }

  /**
   * Writes an UploadPart body to a new file before fauxqs handles the request, asynchronously:
   * fauxqs's store is synchronous, and parallel parts written in turn on the event loop cost about
   * a third of the parts phase's throughput. `upsertMultipartPart` then only records the file.
   */
  async writePartBody(uploadId: string, partNumber: number, body: Buffer): Promise<void> {
    const dataFile = `${partNumber}-${randomUUID()}.data`;
    await writeFile(join(this.uploadDir(uploadId), dataFile), body);
    this.writtenBodies.set(body, dataFile);
  }

  // ── S3PersistenceProvider: fauxqs calls these as its state changes ──

  insertBucket(name: string, creationDate: Date, type: BucketType): void {
    mkdirSync(this.objectsDir(name), { recursive: true });
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
  }

  deleteObject(bucket: string, key: string): void {
    removeFile(this.objectMetaFile(bucket, key));
    removeFile(this.dataFile(bucket, key));
  }

  deleteObjectsByBucket(bucket: string): void {
    rmSync(this.objectsDir(bucket), { recursive: true, force: true });
    mkdirSync(this.objectsDir(bucket), { recursive: true });
  }

  deleteAllObjects(): void {
    for (const bucket of readdirSync(this.bucketsDir)) this.deleteObjectsByBucket(bucket);
  }

  renameObject(bucket: string, sourceKey: string, destKey: string): void {
    const meta = readJson<ObjectMeta>(this.objectMetaFile(bucket, sourceKey));
    if (meta === undefined) return;
    renameSync(this.dataFile(bucket, sourceKey), this.dataFile(bucket, destKey));
    writeJson(this.objectMetaFile(bucket, destKey), { ...meta, key: destKey });
    removeFile(this.objectMetaFile(bucket, sourceKey));
  }

  /** The whole body, for what fauxqs still reads itself (CopyObject, GetObject by part number). */
  readBody(bucket: string, key: string): Buffer {
    return readFileSync(this.dataFile(bucket, key));
  }

  insertMultipartUpload(upload: MultipartUpload): void {
    mkdirSync(this.uploadDir(upload.uploadId), { recursive: true });
    const { parts: _parts, initiated, ...rest } = upload;
    writeJson(join(this.uploadDir(upload.uploadId), 'upload.json'), { ...rest, initiated: initiated.toISOString() } satisfies UploadMeta);
    this.uploads.set(upload.uploadId, upload);
  }

  upsertMultipartPart(uploadId: string, part: MultipartPart): void {
    let dataFile = this.writtenBodies.get(part.body);
    if (dataFile === undefined) {
      dataFile = `${part.partNumber}-${randomUUID()}.data`;
      writeFileSync(join(this.uploadDir(uploadId), dataFile), part.body);
    }
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

  deleteMultipartUpload(uploadId: string): void {
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true });
    this.uploads.delete(uploadId);
  }

  /** Concatenates the part files in `object.parts` order into the object's data file, then drops the upload. */
  completeMultipartUpload(uploadId: string, bucket: string, object: S3Object): void {
    const target = this.dataFile(bucket, object.key);
    const output = openSync(`${target}.tmp`, 'w');
    try {
      const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
      for (const part of object.parts ?? []) {
        const source = this.partDataFile(uploadId, part.partNumber);
        if (source === undefined) throw new Error(`Upload ${uploadId}: part ${part.partNumber} has no data file`);
        appendFile(output, source, buffer);
      }
    } finally {
      closeSync(output);
    }
    renameSync(`${target}.tmp`, target);
    writeJson(this.objectMetaFile(bucket, object.key), objectMetaOf(object));
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
        const { retained: _retained, lastModified, ...rest } = object;
        store.restoreObject(meta.name, { ...rest, body: EMPTY, lastModified: new Date(lastModified) });
      }
    }
    for (const uploadId of readdirSync(this.uploadsDir)) {
      const meta = readJson<UploadMeta>(join(this.uploadDir(uploadId), 'upload.json'));
      if (meta === undefined) continue;
      const parts = readdirSync(this.uploadDir(uploadId))
        .filter((name) => /^\d+\.json$/.test(name))
        .map((name) => readJson<PartMeta>(join(this.uploadDir(uploadId), name)))
        .filter((part) => part !== undefined)
        .map(({ dataFile: _dataFile, ...part }) => [part.partNumber, { ...part, body: EMPTY, lastModified: new Date(part.lastModified) }] as const);
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
