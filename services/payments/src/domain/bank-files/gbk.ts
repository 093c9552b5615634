/**
 * GBK, the encoding of most bank portals' batch files, without code tables of our own: Node's
 * `TextDecoder('gbk')` decodes it (WHATWG Encoding, by ICU), and the encoder is that decoder
 * reversed, built on first use (under 10 ms). iconv-lite did both before; its code tables (≈ 480 KB,
 * every CJK encoding) were most of the bank-file functions' bundles. The bytes are iconv-lite's but
 * for 18 codes that GB18030-2022 gave standard characters (vertical punctuation forms, CJK
 * components) where iconv-lite still has private-use ones; test/gbk.test.ts checks every character
 * and every code. It relies on Node 24's ICU (Lambda's nodejs24.x, the `node` our npm scripts run):
 * Node 20's maps 83 more codes, GB18030's CJK radicals and Extension A characters among them, to
 * private-use characters.
 */

const bytesOf = (code: number): Uint8Array => (code < 0x100 ? Uint8Array.of(code) : Uint8Array.of(code >> 8, code & 0xff));

/** GBK bytes as text; a malformed sequence becomes U+FFFD. */
export function decodeGbk(bytes: Uint8Array): string {
  return new TextDecoder('gbk').decode(bytes);
}

let encodeTable: Uint16Array | undefined;

/**
 * UTF-16 code unit → GBK code (one byte below 0x100), 0 where GBK has none. Built by decoding
 * every two-byte code, a lead byte's 190 codes per call; where two codes give the same character
 * the first keeps it (€ stays 0x80, the ideographic space 0xA1A1), as in iconv-lite.
 */
function gbkEncodeTable(): Uint16Array {
  if (encodeTable !== undefined) return encodeTable;
  const table = new Uint16Array(0x10000);
  const decoder = new TextDecoder('gbk');
  const assign = (character: string, code: number): void => {
    const unit = character.charCodeAt(0);
    if (character.length === 1 && unit !== 0xfffd && table[unit] === 0) table[unit] = code;
  };
  assign(decoder.decode(bytesOf(0x80)), 0x80);
  const row = new Uint8Array(190 * 2);
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    const codes: number[] = [];
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      row[codes.length * 2] = lead;
      row[codes.length * 2 + 1] = trail;
      codes.push((lead << 8) | trail);
    }
    const text = decoder.decode(row);
    // Every code of a row decodes to one code unit; should a platform ever differ, that row is decoded code by code.
    codes.forEach((code, index) => assign(text.length === codes.length ? text.charAt(index) : decoder.decode(bytesOf(code)), code));
  }
  encodeTable = table;
  return table;
}

const QUESTION_MARK = 0x3f;

/** Text as GBK bytes; a character GBK lacks (a surrogate pair, a lone surrogate) becomes one `?`, as in iconv-lite. */
export function encodeGbk(text: string): Buffer {
  const table = gbkEncodeTable();
  const bytes = Buffer.allocUnsafe(text.length * 2);
  let length = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const code = unit < 0x80 ? unit : (table[unit] ?? 0);
    if (code === 0 && unit !== 0) {
      bytes[length++] = QUESTION_MARK;
      const next = text.charCodeAt(index + 1);
      if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) index += 1;
    } else if (code < 0x100) {
      bytes[length++] = code;
    } else {
      bytes[length++] = code >> 8;
      bytes[length++] = code & 0xff;
    }
  }
  return bytes.subarray(0, length);
}
