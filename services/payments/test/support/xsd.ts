import { readFileSync } from 'node:fs';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

/** The official ISO 20022 schemas, committed next to the tests (test/xsd/), checked by libxml2 itself. */
const validators = new Map<string, XsdValidator>();

function validatorFor(name: string): XsdValidator {
  let validator = validators.get(name);
  if (validator === undefined) {
    validator = XsdValidator.fromDoc(XmlDocument.fromBuffer(readFileSync(new URL(`../xsd/${name}.xsd`, import.meta.url))));
    validators.set(name, validator);
  }
  return validator;
}

/** The schema errors of `bytes` against the named schema; empty when the document is valid. */
export function schemaErrors(schema: 'pain.001.001.09' | 'pain.002.001.11' | 'camt.054.001.08', bytes: Buffer): string[] {
  const document = XmlDocument.fromBuffer(bytes);
  try {
    validatorFor(schema).validate(document);
    return [];
  } catch (error) {
    const details = (error as { details?: { message: string; line: number }[] }).details;
    return details?.map((detail) => `${detail.line}: ${detail.message.trim()}`) ?? [String(error)];
  } finally {
    document.dispose();
  }
}
