import type { DocumentContentType } from '@peixun/shared';

/**
 * What a file is, read from its first bytes (magic numbers), never from its name or the type the
 * uploader declared: a renamed program or a PNG sent as "application/pdf" is recognised as such.
 */
const SIGNATURES: ReadonlyArray<{ readonly type: DocumentContentType; readonly magic: readonly number[] }> = [
  // "%PDF-"
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // SOI marker followed by the start of another marker
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  // \x89PNG\r\n\x1a\n
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The longest signature: how many leading bytes the check needs. */
export const SNIFF_BYTES = Math.max(...SIGNATURES.map((signature) => signature.magic.length));

export function sniffContentType(head: Uint8Array): DocumentContentType | undefined {
  return SIGNATURES.find(({ magic }) => magic.every((byte, index) => head[index] === byte))?.type;
}
