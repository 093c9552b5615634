import { MP4_HEADER } from './files';

const box = (type: string, content: Buffer): Buffer => {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + content.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, content]);
};

/** A movie header box (`mvhd`) saying the video lasts `seconds`, at a timescale of 600 like QuickTime's. */
function mvhd(seconds: number, version: 0 | 1): Buffer {
  const timescale = 600;
  const body = Buffer.alloc(version === 1 ? 112 : 100);
  body.writeUInt8(version, 0);
  if (version === 1) {
    body.writeUInt32BE(timescale, 20);
    body.writeBigUInt64BE(BigInt(seconds * timescale), 24);
  } else {
    body.writeUInt32BE(timescale, 12);
    body.writeUInt32BE(seconds * timescale, 16);
  }
  return box('mvhd', body);
}

/**
 * A small but well-formed MP4: `ftyp`, the media data, and the movie box — after the media, as
 * cameras write it, or before it ("fast start"). Only the boxes the duration reader walks are real.
 */
export function mp4Lasting(seconds: number, options: { version?: 0 | 1; moovFirst?: boolean; mediaBytes?: number } = {}): Buffer {
  const moov = box('moov', mvhd(seconds, options.version ?? 0));
  const mdat = box('mdat', Buffer.alloc(options.mediaBytes ?? 4096, 7));
  return Buffer.concat(options.moovFirst === true ? [MP4_HEADER, moov, mdat] : [MP4_HEADER, mdat, moov]);
}
