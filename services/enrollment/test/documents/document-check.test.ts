import { DOCUMENT_MAX_BYTES } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { SignatureScanner } from '../../src/adapters/signature-scanner';
import { sniffContentType } from '../../src/documents/content-type';
import { judgeUpload } from '../../src/documents/document';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
/** A Windows program: "MZ" header. */
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]);
/** The EICAR test file, assembled here so that no scanner quarantines this source. */
const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1');
const clean = { clean: true } as const;

describe('application document upload check (Art. 23)', () => {
  it('recognises PDF, JPEG and PNG from their first bytes, and nothing else', () => {
    expect(sniffContentType(PDF)).toBe('application/pdf');
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(JPEG)).toBe('image/jpeg');
    expect(sniffContentType(EXE)).toBeUndefined();
    expect(sniffContentType(new Uint8Array())).toBeUndefined();
  });

  it('Art. 23: a file whose bytes match its declared type and size is accepted', () => {
    expect(judgeUpload({ size: PDF.length, contentType: 'application/pdf' }, { size: PDF.length, bytes: PDF }, clean)).toBeUndefined();
  });

  it('Art. 23: a PNG declared as a PDF, and a program declared as a PDF, are refused by what the bytes are', () => {
    expect(judgeUpload({ size: PNG.length, contentType: 'application/pdf' }, { size: PNG.length, bytes: PNG }, clean)).toMatchObject({
      code: 'DOCUMENT_TYPE_MISMATCH',
      message: expect.stringContaining('文件内容是PNG'),
    });
    expect(judgeUpload({ size: EXE.length, contentType: 'application/pdf' }, { size: EXE.length, bytes: EXE }, clean)?.code).toBe('DOCUMENT_TYPE_NOT_ALLOWED');
  });

  it('Art. 23: a size other than the declared one, or above the limit, is refused', () => {
    expect(judgeUpload({ size: PDF.length + 1, contentType: 'application/pdf' }, { size: PDF.length, bytes: PDF }, clean)?.code).toBe('DOCUMENT_SIZE_MISMATCH');
    expect(judgeUpload({ size: 10, contentType: 'application/pdf' }, { size: DOCUMENT_MAX_BYTES + 1, bytes: new Uint8Array() }, clean)?.code).toBe('DOCUMENT_TOO_LARGE');
  });

  it('the signature scanner finds the EICAR test file, also inside a PDF, and passes ordinary files', async () => {
    const scanner = new SignatureScanner();
    expect(await scanner.scan(EICAR)).toEqual({ clean: false, threat: 'EICAR-Test-File' });
    expect(await scanner.scan(Buffer.concat([PDF, EICAR]))).toEqual({ clean: false, threat: 'EICAR-Test-File' });
    expect(await scanner.scan(PDF)).toEqual(clean);
    expect(await scanner.scan(EICAR.subarray(0, 60))).toEqual(clean);
  });

  it('a virus verdict wins over every other finding', async () => {
    const infected = Buffer.concat([PDF, EICAR]);
    const verdict = await new SignatureScanner().scan(infected);
    expect(judgeUpload({ size: infected.length, contentType: 'application/pdf' }, { size: infected.length, bytes: infected }, verdict)?.code).toBe('DOCUMENT_MALWARE_FOUND');
  });
});
