import { open, type FileHandle } from 'node:fs/promises';

/**
 * The length of an MP4/MOV video from its own header: the movie header box (`moov/mvhd`) holds a
 * timescale and a duration in its units. Only box headers are read, wherever `moov` sits (at the
 * front of "fast start" files, at the end of what cameras write), so a 2 GB file costs a few reads.
 * `undefined` when the file is not an ISO media file or has no usable movie header.
 */
export async function mp4DurationSeconds(filePath: string): Promise<number | undefined> {
  const file = await open(filePath, 'r');
  try {
    const { size } = await file.stat();
    const moov = await findBox(file, 0, size, 'moov');
    if (moov === undefined) return undefined;
    const mvhd = await findBox(file, moov.contentStart, moov.end, 'mvhd');
    if (mvhd === undefined) return undefined;
    return await movieDuration(file, mvhd.contentStart);
  } finally {
    await file.close();
  }
}

interface Box {
  contentStart: number;
  end: number;
}

/** Up to `length` bytes at `position` (fewer at the end of the file). */
async function read(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Walks the boxes between `start` and `end` for the first of `type` (size 1: a 64-bit size follows; 0: to the end). */
async function findBox(file: FileHandle, start: number, end: number, type: string): Promise<Box | undefined> {
  let position = start;
  while (position + 8 <= end) {
    const header = await read(file, position, 16);
    if (header.length < 8) return undefined;
    const size32 = header.readUInt32BE(0);
    const large = size32 === 1;
    if (large && header.length < 16) return undefined;
    const headerSize = large ? 16 : 8;
    const size = large ? Number(header.readBigUInt64BE(8)) : size32 === 0 ? end - position : size32;
    if (size < headerSize || position + size > end) return undefined;
    if (header.toString('latin1', 4, 8) === type) return { contentStart: position + headerSize, end: position + size };
    position += size;
  }
  return undefined;
}

/** mvhd: version (1 byte), flags (3), then times, timescale and duration: 32-bit in version 0, 64-bit in version 1. */
async function movieDuration(file: FileHandle, contentStart: number): Promise<number | undefined> {
  const body = await read(file, contentStart, 32);
  if (body.length < 32) return undefined;
  const version = body.readUInt8(0);
  const timescale = version === 1 ? body.readUInt32BE(20) : body.readUInt32BE(12);
  const duration = version === 1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16);
  if (timescale === 0 || duration === 0 || (version === 0 && duration === 0xffffffff)) return undefined;
  return Math.round(duration / timescale);
}
