import { describe, expect, it } from 'vitest';
import { sniffContainer } from '../src/domain/container-sniff';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((char) => char.charCodeAt(0)) : part)));

const u32 = (value: number): number[] => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

/** An `ftyp` box: size, type, major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]): Uint8Array =>
  bytes(u32(16 + 4 * compatible.length), 'ftyp', major, u32(0), ...compatible, u32(8), 'free');

const packets = (pitch: number, offset: number, count: number): Uint8Array => {
  const data = new Uint8Array(pitch * count);
  for (let index = 0; index < count; index += 1) data[offset + index * pitch] = 0x47;
  return data;
};

/** EBML header with a DocType element (0x42 0x82). */
const ebml = (docType: string): Uint8Array => {
  const docTypeElement = bytes([0x42, 0x82, 0x80 | docType.length], docType);
  const version = bytes([0x42, 0x86, 0x81, 0x01]);
  const body = new Uint8Array([...version, ...docTypeElement]);
  return bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length], [...body], [0x18, 0x53, 0x80, 0x67]);
};

describe('container sniffing of the first bytes', () => {
  it('accepts MP4 by its ftyp box and brand', () => {
    expect(sniffContainer(ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'))).toEqual({ accepted: true, container: 'mp4', brand: 'isom' });
    expect(sniffContainer(ftyp('mp42', 'mp42', 'isom'))).toMatchObject({ accepted: true, container: 'mp4' });
  });

  it('accepts MOV (brand "qt  ") and 3GP', () => {
    expect(sniffContainer(ftyp('qt  ', 'qt  '))).toMatchObject({ accepted: true, container: 'quicktime' });
    expect(sniffContainer(ftyp('3gp4', '3gp4', 'isom'))).toMatchObject({ accepted: true, container: '3gpp' });
  });

  it('accepts an unknown major brand when a compatible brand is a video brand', () => {
    expect(sniffContainer(ftyp('xyz1', 'isom', 'mp42'))).toMatchObject({ accepted: true, container: 'mp4', brand: 'isom' });
  });

  it('accepts legacy QuickTime files that start with a wide/mdat/moov atom', () => {
    expect(sniffContainer(bytes(u32(8), 'wide', u32(1000), 'mdat'))).toMatchObject({ accepted: true, container: 'quicktime' });
    expect(sniffContainer(bytes(u32(5000), 'moov'))).toMatchObject({ accepted: true, container: 'quicktime' });
  });

  it('refuses phone photos (HEIC/AVIF) and voice memos (M4A) that share the ftyp structure', () => {
    expect(sniffContainer(ftyp('heic', 'mif1', 'heic'))).toMatchObject({ accepted: false, reason: 'not-video' });
    expect(sniffContainer(ftyp('avif', 'avif', 'mif1', 'miaf'))).toMatchObject({ accepted: false, reason: 'not-video' });
    expect(sniffContainer(ftyp('M4A ', 'M4A ', 'mp42', 'isom'))).toMatchObject({ accepted: false, reason: 'not-video' });
  });

  it('accepts Matroska and WebM by the EBML DocType', () => {
    expect(sniffContainer(ebml('matroska'))).toEqual({ accepted: true, container: 'matroska', brand: 'matroska' });
    expect(sniffContainer(ebml('webm'))).toEqual({ accepted: true, container: 'webm', brand: 'webm' });
    expect(sniffContainer(ebml('other'))).toMatchObject({ accepted: false, reason: 'unsupported-container' });
  });

  it('accepts MPEG transport streams of 188-byte (.ts) and 192-byte (.m2ts) packets', () => {
    expect(sniffContainer(packets(188, 0, 8))).toEqual({ accepted: true, container: 'mpeg-ts', brand: 'ts' });
    expect(sniffContainer(packets(192, 4, 8))).toEqual({ accepted: true, container: 'mpeg-ts', brand: 'm2ts' });
  });

  it('refuses legacy and vendor formats with a named container, so the school can be told to export MP4', () => {
    expect(sniffContainer(bytes('RIFF', u32(100), 'AVI LIST'))).toEqual({ accepted: false, reason: 'unsupported-container', container: 'AVI' });
    expect(sniffContainer(bytes('FLV', [0x01, 0x05]))).toMatchObject({ reason: 'unsupported-container', container: 'FLV' });
    expect(sniffContainer(bytes([0x00, 0x00, 0x01, 0xba, 0x44]))).toMatchObject({ reason: 'unsupported-container', container: 'MPEG-PS' });
    expect(sniffContainer(bytes('DHAV', [0xfd, 0, 0]))).toMatchObject({ reason: 'unsupported-container', container: '大华 DAV' });
    expect(sniffContainer(bytes('IMKH', [1, 1, 0]))).toMatchObject({ reason: 'unsupported-container', container: '海康录像' });
  });

  it('names common non-video files', () => {
    expect(sniffContainer(bytes('%PDF-1.7\n'))).toEqual({ accepted: false, reason: 'not-video', detected: 'PDF 文档' });
    expect(sniffContainer(bytes([0x50, 0x4b, 0x03, 0x04, 0x14]))).toMatchObject({ detected: '压缩包或 Office 文档' });
    expect(sniffContainer(bytes([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ detected: 'JPEG 图片' });
  });

  it('refuses text and unknown bytes', () => {
    expect(sniffContainer(bytes('hello, this is a lesson plan'))).toEqual({ accepted: false, reason: 'not-video' });
    expect(sniffContainer(new Uint8Array(0))).toEqual({ accepted: false, reason: 'not-video' });
  });
});
