import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { checksumHeaderName, extractChecksumFromHeaders, S3Error, type MultipartPart, type MultipartUpload } from './fauxqs-internals';
import { isPartPut, requestUrl } from './s3-compat';

/** What the streamed writes need of the storage (DiskS3Persistence). */
export interface PartFiles {
  upload(uploadId: string): MultipartUpload | undefined;
  /** A new file in the upload's directory for one sending of a part (a part sent twice gets two). */
  newPartFile(uploadId: string, partNumber: number): string;
  /** Makes `file` the part's bytes and `part` its record; false when the upload is gone meanwhile. */
  recordPart(uploadId: string, part: MultipartPart, file: string): boolean;
}

type FauxqsApp = Pick<FastifyInstance, 'addHook'>;

const EMPTY = Buffer.alloc(0);
/**
 * Bytes the file stream buffers before it holds the socket back: socket reads arrive in 64 KiB
 * chunks, and while one write is in progress the next ones gather into a single writev.
 */
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

const noSuchUpload = (): S3Error =>
  new S3Error(
    'NoSuchUpload',
    'The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
  );

function sendError(reply: FastifyReply, error: S3Error): FastifyReply {
  return reply.code(error.statusCode).header('content-type', 'application/xml').send(error.toXml());
}

/**
 * Streams `body` into `file` (a new file) while hashing it: one pass, never the whole part in
 * memory. The hash listens to the same chunks the file stream is piped (a second 'data' listener
 * sees every chunk, in order, and pausing for the file's backpressure pauses both).
 */
async function writePartFile(body: Readable, file: string): Promise<Buffer> {
  const hash = createHash('md5');
  body.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(body, createWriteStream(file, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BATCH_BYTES }));
  return hash.digest();
}

/** The Content-MD5 header as 16 bytes, undefined when absent, null when it is not an MD5 at all. */
function contentMd5Of(header: string | string[] | undefined): Buffer | undefined | null {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? (header[0] ?? '') : header;
  const digest = Buffer.from(value, 'base64');
  return digest.length === 16 && digest.toString('base64') === value.trim() ? digest : null;
}

/**
 * UploadPart answered here (a `preParsing` hook, which answers the request itself), its body
 * streamed from the socket to the part's file while its MD5 is computed. fauxqs buffers every
 * request body whole (its content parser, limited to 11 MiB), then hashes it, and the storage then
 * copied it to disk: each byte was copied and walked three times on the event loop, and every part
 * cost a fresh 8–11 MiB buffer.
 * The 200 (with the ETag, the part's MD5) is sent only once every write of the part has completed
 * and its record names the file, so an answered part is on disk; a body cut short, a client gone
 * before its answer, or a body that does not match its Content-MD5 (400 BadDigest, as S3) leaves no
 * part and no file behind.
 * Copies (UploadPartCopy), aws-chunked bodies (fauxqs decodes them) and unknown uploads (fauxqs
 * answers NoSuchUpload) go on to fauxqs as before.
 */
export function addStreamedPartWrites(app: FauxqsApp, files: PartFiles): void {
  // preParsing: after every onRequest hook (the compat refusals, and hooks added to the app later,
  // such as the uploader tests' fault injection), and before fauxqs's parser would read the body.
  app.addHook('preParsing', async (request, reply, payload) => {
    const url = requestUrl(request.url);
    if (!isPartPut(request.method, url) || request.headers['x-amz-copy-source'] !== undefined) return undefined;
    if (request.headers['content-encoding']?.includes('aws-chunked') === true) return undefined;
    const uploadId = url.searchParams.get('uploadId') ?? '';
    if (files.upload(uploadId) === undefined) return undefined;
    const partNumber = Number(url.searchParams.get('partNumber'));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      return sendError(reply, new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, 400));
    }
    const contentMd5 = contentMd5Of(request.headers['content-md5']);
    if (contentMd5 === null) return sendError(reply, new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400));

    const file = files.newPartFile(uploadId, partNumber);
    let md5: Buffer;
    try {
      md5 = await writePartFile(payload, file);
    } catch (error) {
      await rm(file, { force: true });
      // A connection cut mid-part, or taken down by the failed write (pipeline destroys its
      // streams), has nobody to answer; an upload aborted or completed meanwhile took the part's
      // directory along; anything else is the emulator's fault.
      if (request.socket.destroyed) return reply.code(400).send();
      if (files.upload(uploadId) === undefined) return sendError(reply, noSuchUpload());
      throw error;
    }
    // The whole body arrived but the client has gone (it gave up waiting, or was stopped): it never
    // learns the ETag and will send the part again, so the part is not kept. A part is kept exactly
    // when its 200 is written.
    if (request.socket.destroyed) {
      await rm(file, { force: true });
      return reply.code(400).send();
    }
    if (contentMd5 !== undefined && !contentMd5.equals(md5)) {
      await rm(file, { force: true });
      return sendError(reply, new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400));
    }
    const checksum = extractChecksumFromHeaders(request.headers);
    const part: MultipartPart = {
      partNumber,
      body: EMPTY,
      etag: `"${md5.toString('hex')}"`,
      lastModified: new Date(),
      ...(checksum === undefined ? {} : { checksumValue: checksum.value }),
    };
    if (!files.recordPart(uploadId, part, file)) {
      await rm(file, { force: true });
      return sendError(reply, noSuchUpload());
    }
    reply.header('etag', part.etag);
    if (checksum !== undefined) reply.header(checksumHeaderName(checksum.algorithm), checksum.value);
    return reply.code(200).send();
  });
}
