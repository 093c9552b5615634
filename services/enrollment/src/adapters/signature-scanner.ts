import type { DocumentScanner, ScanVerdict } from '../documents/scanner';

/**
 * The EICAR anti-virus test file's signature, the string every scanner reports as
 * "EICAR-Test-File". Kept in two halves so that a scanner looking at this source does not
 * quarantine it.
 */
const EICAR = Buffer.from(`X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-` + `TEST-FILE!$H+H*`, 'latin1');

/**
 * The scanner `npm start` and the default deployment run: it recognises the EICAR test signature
 * anywhere in the file, so the refusal path is exercised end to end with a harmless file. It knows
 * no real malware; a deployment that needs it puts a real engine behind `DocumentScanner` (see
 * docs/architecture.md, "Application documents").
 */
export class SignatureScanner implements DocumentScanner {
  scan(bytes: Uint8Array): Promise<ScanVerdict> {
    return Promise.resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(EICAR) ? { clean: false, threat: 'EICAR-Test-File' } : { clean: true });
  }
}
