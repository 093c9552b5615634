import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Personal numbers never reach the logs in clear: resident ID numbers (18 characters), mainland
 * mobile numbers and bank card numbers are masked wherever they appear inside a logged string.
 */
const RESIDENT_ID = /(?<!\d)(\d{3})\d{11}(\d{3}[\dXx])(?!\d)/g;
const BANK_ACCOUNT = /(?<!\d)(\d{4})\d{8,11}(\d{4})(?!\d)/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function redactPii(text: string): string {
  return text
    .replace(RESIDENT_ID, '$1***********$2')
    .replace(BANK_ACCOUNT, '$1********$2')
    .replace(MOBILE, '$1****$2');
}

const redactingReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? redactPii(value) : value;

export function createLogger(serviceName?: string): Logger {
  return new Logger({
    ...(serviceName === undefined ? {} : { serviceName }),
    jsonReplacerFn: redactingReplacer,
  });
}
