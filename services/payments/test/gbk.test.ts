/**
 * Bank files stay byte-identical to what iconv-lite's `gbk` wrote before: the platform-based codec
 * (src/domain/bank-files/gbk.ts) is compared with iconv-lite over every UTF-16 code unit and every
 * GBK code. The one difference is GB18030-2022's: 18 codes that iconv-lite maps to private-use
 * characters are standard characters now.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeGbk, encodeGbk } from '../src/domain/bank-files/gbk';

/** The codes GB18030-2022 took out of the private-use area: vertical punctuation forms, CJK components. */
const GB18030_2022: ReadonlyMap<number, string> = new Map([
  [0xa6d9, '\ufe10'], [0xa6da, '\ufe12'], [0xa6db, '\ufe11'], [0xa6dc, '\ufe13'], [0xa6dd, '\ufe14'], [0xa6de, '\ufe15'],
  [0xa6df, '\ufe16'], [0xa6ec, '\ufe17'], [0xa6ed, '\ufe18'], [0xa6f3, '\ufe19'], [0xfe59, '\u9fb4'], [0xfe61, '\u9fb5'],
  [0xfe66, '\u9fb6'], [0xfe67, '\u9fb7'], [0xfe6d, '\u9fb8'], [0xfe7e, '\u9fb9'], [0xfe90, '\u9fba'], [0xfea0, '\u9fbb'],
]);
const twoBytes = (code: number): Buffer => Buffer.from([code >> 8, code & 0xff]);
/** What iconv-lite has at those codes instead, and U+E7C7, which it writes as GB18030's four bytes 81 35 F4 37 (GBK has no code for it). */
const PRIVATE_USE_IN_ICONV = new Set([...[...GB18030_2022.keys()].map((code) => iconv.decode(twoBytes(code), 'gbk')), '\ue7c7']);

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('GBK without code tables of our own', () => {
  it('encodes every character (BMP code unit) as iconv-lite does, unencodable ones as ?', () => {
    const standard = new Set(GB18030_2022.values());
    const differing: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit += 1) {
      const character = String.fromCharCode(unit);
      if (standard.has(character) || PRIVATE_USE_IN_ICONV.has(character)) continue;
      const [ours, theirs] = [hex(encodeGbk(character)), hex(iconv.encode(character, 'gbk'))];
      if (ours !== theirs) differing.push(`U+${unit.toString(16)} ${ours} ≠ ${theirs}`);
    }
    expect(differing).toEqual([]);
  });

  it('encodes names with CJK Extension A characters, €, and surrogate pairs as iconv-lite does', () => {
    for (const text of ['王䶮', '李㑇华', '付款 € 100', '😀张三', 'a\udc00b\ud800', '张&李<合伙>,"引号"\r\n']) {
      expect(hex(encodeGbk(text)), text).toBe(hex(iconv.encode(text, 'gbk')));
    }
  });

  it('decodes every single byte and two-byte code as iconv-lite does', () => {
    const differing: string[] = [];
    const codes = [
      ...Array.from({ length: 0x81 }, (_, byte) => Uint8Array.of(byte)),
      ...Array.from({ length: 0x7e }, (_, lead) => Array.from({ length: 0xbf }, (__, trail) => Uint8Array.of(lead + 0x81, trail + 0x40)))
        .flat()
        .filter((bytes) => bytes[1] !== 0x7f && !GB18030_2022.has((bytes[0]! << 8) | bytes[1]!)),
    ];
    for (const bytes of codes) {
      const [ours, theirs] = [decodeGbk(bytes), iconv.decode(Buffer.from(bytes), 'gbk')];
      if (ours !== theirs) differing.push(`${hex(bytes)} ${ours} ≠ ${theirs}`);
    }
    expect(codes.length).toBe(0x81 + 126 * 190 - GB18030_2022.size);
    expect(differing).toEqual([]);
  });

  it('GB18030-2022: the 18 former private-use codes are their standard characters both ways', () => {
    for (const [code, character] of GB18030_2022) {
      expect(decodeGbk(twoBytes(code))).toBe(character);
      expect(hex(encodeGbk(character))).toBe(hex(twoBytes(code)));
    }
  });

  it('decodes what it encodes, and a malformed byte to U+FFFD', () => {
    const text = '收款账号名称,王䶮,⺁〾€,金额 12.30\r\n';
    expect(decodeGbk(encodeGbk(text))).toBe(text);
    expect(decodeGbk(Uint8Array.of(0x41, 0xff, 0x42))).toBe('A\uFFFDB');
  });
});
