import { createHash } from 'node:crypto';
import { S3Error, S3Store, type S3Object } from './fauxqs-internals';
import type { DiskS3Persistence } from './s3-disk-persistence';

const MIN_PART_SIZE = 5 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);
const INVALID_PART =
  "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.";

const unquoted = (etag: string): string => etag.replaceAll('"', '');

/**
 * fauxqs's S3 state over DiskS3Persistence, without part bodies in memory: fauxqs keeps every part's
 * bytes until completion and then joins them in one buffer, which for a 2 GiB recording took the
 * emulator to ~4.4 GB. Here a part's bytes are dropped once they are on disk (most parts never reach
 * this class: s3-part-writes.ts streams them to disk), and completion checks the parts as S3 does and
 * lets the persistence make the part files the object's bytes.
 */
export class DiskS3Store extends S3Store {
  constructor(private readonly disk: DiskS3Persistence) {
    super();
    // Loaded before the persistence is attached, so restoring writes nothing back (as startFauxqs does).
    disk.loadS3(this);
    this.persistence = disk;
  }

  override uploadPart(uploadId: string, partNumber: number, body: Buffer, checksumValue?: string): { etag: string; checksumValue?: string } {
    const result = super.uploadPart(uploadId, partNumber, body, checksumValue);
    const part = this.disk.upload(uploadId)?.parts.get(partNumber);
    if (part !== undefined) part.body = EMPTY;
    return result;
  }

  /**
   * S3's checks (ascending part numbers, known parts with matching ETags, every part but the last
   * at least 5 MiB) and its multipart ETag, on part sizes read from disk. Additional checksums are
   * not combined: the clients here send none (`requestChecksumCalculation: 'WHEN_REQUIRED'`).
   */
  override completeMultipartUpload(uploadId: string, partSpecs: Array<{ partNumber: number; etag: string }>): S3Object {
    const upload = this.disk.upload(uploadId);
    // fauxqs answers an unknown upload with its own NoSuchUpload.
    if (upload === undefined) return super.completeMultipartUpload(uploadId, partSpecs);
    const parts = partSpecs.map((spec, index) => {
      if (index > 0 && spec.partNumber <= (partSpecs[index - 1]?.partNumber ?? 0)) {
        throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', 400);
      }
      const part = upload.parts.get(spec.partNumber);
      const size = this.disk.partSize(uploadId, spec.partNumber);
      if (part === undefined || size === undefined || unquoted(part.etag) !== unquoted(spec.etag)) throw new S3Error('InvalidPart', INVALID_PART, 400);
      if (index < partSpecs.length - 1 && size < MIN_PART_SIZE) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400);
      }
      return { partNumber: spec.partNumber, etag: part.etag, size };
    });
    let offset = 0;
    const boundaries = parts.map((part) => {
      const boundary = { partNumber: part.partNumber, offset, length: part.size };
      offset += part.size;
      return boundary;
    });
    const digests = Buffer.concat(parts.map((part) => Buffer.from(unquoted(part.etag), 'hex')));
    const object: S3Object = {
      key: upload.key,
      body: EMPTY,
      contentType: upload.contentType,
      contentLength: offset,
      etag: `"${createHash('md5').update(digests).digest('hex')}-${parts.length}"`,
      lastModified: new Date(),
      metadata: upload.metadata,
      parts: boundaries,
      ...(upload.contentLanguage === undefined ? {} : { contentLanguage: upload.contentLanguage }),
      ...(upload.contentDisposition === undefined ? {} : { contentDisposition: upload.contentDisposition }),
      ...(upload.cacheControl === undefined ? {} : { cacheControl: upload.cacheControl }),
      ...(upload.contentEncoding === undefined ? {} : { contentEncoding: upload.contentEncoding }),
    };
    this.disk.completeMultipartUpload(uploadId, upload.bucket, object);
    this.restoreObject(upload.bucket, object);
    // Takes the finished upload out of fauxqs's own maps; its files are already gone.
    super.abortMultipartUpload(uploadId);
    return object;
  }
}
