/**
 * Recognises a video container from the first bytes of a file, so a completed upload that is not
 * a video (a PDF, a photo, a zip of documents) is refused instead of archived as a "recording".
 *
 * Accepted: what classroom cameras, phones, screen recorders and camcorders write natively and
 * what common players open with seeking by byte range:
 *   - ISO base media (MP4, MOV with an `ftyp` box, 3GP) with a known video brand;
 *   - legacy QuickTime MOV without `ftyp` (older cameras start with `wide`/`mdat`/`moov` atoms);
 *   - Matroska and WebM (EBML header, DocType `matroska` or `webm`; OBS records MKV by default);
 *   - MPEG transport stream, 188-byte packets (.ts) and 192-byte packets (.m2ts, AVCHD camcorders).
 * Refused with a hint to export as MP4: AVI, FLV, ASF/WMV, MPEG program stream, and the
 * proprietary dumps of NVR recorders (Dahua `DHAV`, Hikvision `IMKH`), which need vendor players.
 *
 * Limit: the sniff proves the container, not that it holds a video track (an MP4's `moov` box may
 * sit at the end of the file); audio-only brands (M4A) are refused by brand.
 */

/** Enough for every check below, small enough for one ranged GET. */
export const SNIFF_BYTES = 4096;

export type AcceptedContainer = 'mp4' | 'quicktime' | '3gpp' | 'matroska' | 'webm' | 'mpeg-ts';

export type ContainerVerdict =
  | { readonly accepted: true; readonly container: AcceptedContainer; readonly brand?: string }
  | { readonly accepted: false; readonly reason: 'unsupported-container'; readonly container: string }
  | { readonly accepted: false; readonly reason: 'not-video'; readonly detected?: string };

const MP4_BRANDS = new Set([
  'isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'iso8', 'iso9', 'mp41', 'mp42', 'mp71', 'avc1', 'M4V ', 'M4VH', 'M4VP',
  'f4v ', 'MSNV', 'XAVC', 'dash', 'mmp4', 'cmfc', 'NDAS', 'MiSV',
]);
const QUICKTIME_BRANDS = new Set(['qt  ']);
const THREE_GPP_BRANDS = new Set(['3gp4', '3gp5', '3gp6', '3gp7', '3ge6', '3ge7', '3gg6', '3g2a', '3g2b', '3g2c']);
/** Same box structure, but stills or sound: a phone photo (HEIC) or a voice memo (M4A) is no recording. */
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis', 'jp2 ', 'jpx ', 'crx ']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
/** Top-level atoms a QuickTime file without `ftyp` may start with. */
const LEGACY_QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];
const EBML_DOCTYPE_ID = 0x4282;
const TS_SYNC = 0x47;

export function sniffContainer(head: Uint8Array): ContainerVerdict {
  return (
    sniffIsoBmff(head) ??
    sniffLegacyQuickTime(head) ??
    sniffEbml(head) ??
    sniffTransportStream(head) ??
    sniffRefusedVideo(head) ??
    { accepted: false, reason: 'not-video', ...detectOther(head) }
  );
}

function ascii(bytes: Uint8Array, start: number, length: number): string | undefined {
  if (start + length > bytes.length) return undefined;
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function uint32(bytes: Uint8Array, offset: number): number | undefined {
  if (offset + 4 > bytes.length) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
}

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  return magic.every((byte, index) => bytes[offset + index] === byte);
}

function sniffIsoBmff(head: Uint8Array): ContainerVerdict | undefined {
  if (ascii(head, 4, 4) !== 'ftyp') return undefined;
  const boxSize = uint32(head, 0) ?? 0;
  const major = ascii(head, 8, 4);
  if (major === undefined || boxSize < 16) return { accepted: false, reason: 'not-video' };
  const brands = [major];
  const end = Math.min(boxSize, head.length);
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(head, offset, 4) ?? '');

  if (IMAGE_BRANDS.has(major)) return { accepted: false, reason: 'not-video', detected: '图片（HEIC/AVIF 等）' };
  if (AUDIO_BRANDS.has(major)) return { accepted: false, reason: 'not-video', detected: '音频（M4A 等）' };
  // The major brand names the format; compatible brands only rescue files whose major brand we do not know.
  for (const brand of brands) {
    if (QUICKTIME_BRANDS.has(brand)) return { accepted: true, container: 'quicktime', brand };
    if (THREE_GPP_BRANDS.has(brand)) return { accepted: true, container: '3gpp', brand };
    if (MP4_BRANDS.has(brand)) return { accepted: true, container: 'mp4', brand };
    if (IMAGE_BRANDS.has(brand) || AUDIO_BRANDS.has(brand)) break;
  }
  return { accepted: false, reason: 'unsupported-container', container: `ISO 媒体（品牌 ${major.trim()}）` };
}

function sniffLegacyQuickTime(head: Uint8Array): ContainerVerdict | undefined {
  const atom = ascii(head, 4, 4);
  const size = uint32(head, 0);
  if (atom === undefined || size === undefined || !LEGACY_QUICKTIME_ATOMS.has(atom)) return undefined;
  // 0 means "to end of file", 1 means a 64-bit size follows; anything else must hold its own header.
  const plausible = size === 0 || size === 1 || size >= 8;
  return plausible ? { accepted: true, container: 'quicktime', brand: atom } : undefined;
}

/** EBML variable-length integer: the count of leading zero bits of the first byte gives the length. */
function readVint(bytes: Uint8Array, offset: number, keepMarker: boolean): { value: number; length: number } | undefined {
  const first = bytes[offset];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (length > 8 || offset + length > bytes.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let index = 1; index < length; index += 1) value = value * 256 + (bytes[offset + index] ?? 0);
  return { value, length };
}

function sniffEbml(head: Uint8Array): ContainerVerdict | undefined {
  if (!startsWith(head, EBML_MAGIC)) return undefined;
  const headerSize = readVint(head, 4, false);
  if (headerSize === undefined) return { accepted: false, reason: 'not-video' };
  const end = Math.min(head.length, 4 + headerSize.length + headerSize.value);
  let offset = 4 + headerSize.length;
  while (offset < end) {
    const id = readVint(head, offset, true);
    if (id === undefined) break;
    const size = readVint(head, offset + id.length, false);
    if (size === undefined) break;
    const dataStart = offset + id.length + size.length;
    if (id.value === EBML_DOCTYPE_ID) {
      const docType = ascii(head, dataStart, size.value)?.replace(/\0+$/, '');
      if (docType === 'webm') return { accepted: true, container: 'webm', brand: docType };
      if (docType === 'matroska') return { accepted: true, container: 'matroska', brand: docType };
      return { accepted: false, reason: 'unsupported-container', container: `EBML（${docType ?? '未知'}）` };
    }
    offset = dataStart + size.value;
  }
  return { accepted: false, reason: 'unsupported-container', container: 'EBML（无文档类型）' };
}

/** Four consecutive sync bytes at the packet pitch: one 0x47 alone is too common to mean anything. */
function hasSyncRun(head: Uint8Array, first: number, pitch: number, packets = 4): boolean {
  for (let packet = 0; packet < packets; packet += 1) {
    if (head[first + packet * pitch] !== TS_SYNC) return false;
  }
  return true;
}

function sniffTransportStream(head: Uint8Array): ContainerVerdict | undefined {
  if (hasSyncRun(head, 0, 188)) return { accepted: true, container: 'mpeg-ts', brand: 'ts' };
  if (hasSyncRun(head, 4, 192)) return { accepted: true, container: 'mpeg-ts', brand: 'm2ts' };
  return undefined;
}

function sniffRefusedVideo(head: Uint8Array): ContainerVerdict | undefined {
  const refused = (container: string): ContainerVerdict => ({ accepted: false, reason: 'unsupported-container', container });
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'AVI ') return refused('AVI');
  if (ascii(head, 0, 3) === 'FLV' && head[3] === 0x01) return refused('FLV');
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return refused('ASF/WMV');
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba])) return refused('MPEG-PS');
  if (ascii(head, 0, 4) === 'DHAV') return refused('大华 DAV');
  if (ascii(head, 0, 4) === 'IMKH') return refused('海康录像');
  return undefined;
}

/** Names the commonest wrong picks, so the message can say what was uploaded instead. */
function detectOther(head: Uint8Array): { detected?: string } {
  if (ascii(head, 0, 5) === '%PDF-') return { detected: 'PDF 文档' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { detected: '压缩包或 Office 文档' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { detected: 'JPEG 图片' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return { detected: 'PNG 图片' };
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return { detected: '音频（MP3）' };
  if (ascii(head, 0, 4) === 'Rar!' || startsWith(head, [0x37, 0x7a, 0xbc, 0xaf])) return { detected: '压缩包' };
  return {};
}
