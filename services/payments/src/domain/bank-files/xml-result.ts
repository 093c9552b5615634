import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { resultFileMalformed } from '../errors';

/** Elements that may repeat are always arrays, so one transaction and many read the same way. */
const REPEATED = new Set(['OrgnlPmtInfAndSts', 'TxInfAndSts', 'StsRsnInf', 'AddtlInf', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

export type XmlNode = Record<string, unknown>;

/** Parses the whole file or refuses it: a file that is not well-formed XML changes nothing. */
export function parseXml(bytes: Buffer): XmlNode {
  const text = bytes.toString('utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw resultFileMalformed(`不是格式正确的 XML（第 ${valid.err.line} 行：${valid.err.msg}）。`);
  return parser.parse(text) as XmlNode;
}

export const child = (node: unknown, name: string): unknown => (typeof node === 'object' && node !== null ? (node as XmlNode)[name] : undefined);
export const path = (node: unknown, ...names: string[]): unknown => names.reduce(child, node);
export const list = (node: unknown): unknown[] => (Array.isArray(node) ? node : node === undefined ? [] : [node]);

/** Text content, whether the element had attributes (`#text`) or not. */
export function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  const inner = child(node, '#text');
  return typeof inner === 'string' ? inner : undefined;
}

export function required(node: unknown, where: string): string {
  const value = text(node);
  if (value === undefined || value === '') throw resultFileMalformed(`缺少必填元素 ${where}。`);
  return value;
}

/** The namespace of the root Document tells the message and its version. */
export function documentNamespace(bytes: Buffer): string | undefined {
  return /<(?:\w+:)?Document\b[^>]*\bxmlns(?::\w+)?="(urn:iso:std:iso:20022:tech:xsd:[\w.]+)"/.exec(bytes.subarray(0, 4096).toString('utf8'))?.[1];
}
