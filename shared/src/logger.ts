import { Logger } from '@aws-lambda-powertools/logger';
import { maskName } from './validation/person';

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

/** Fields that hold a person's name: masked as the public lists mask them (张*三), like ID numbers are. */
const NAME_KEY = /^(name|fullName|accountHolder|(trainee|teacher|holder|payee|contact|person|account|legalRepresentative)Name)$/i;

/**
 * A logged error's `name` is its class (`ConditionalCheckFailedException`), which says what went
 * wrong and is no person's: the replacer cannot see the value's parent, so the class shape tells.
 */
const ERROR_CLASS = /^[A-Z][A-Za-z0-9]*(Error|Exception|Fault)$/;

const redactingReplacer = (key: string, value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  if (!NAME_KEY.test(key)) return redactPii(value);
  return key === 'name' && ERROR_CLASS.test(value) ? value : maskName(redactPii(value));
};

/**
 * What a refusal's context may show in a log: ids, codes, numbers. Free text (a rule's message
 * may quote a trainee's name) is left out, since a name has no shape a pattern could find.
 */
export function loggableContext(value: unknown): unknown {
  if (typeof value === 'string') return /^[\x20-\x7e]*$/.test(value) ? value : '[text omitted]';
  if (Array.isArray(value)) return value.map(loggableContext);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, entry]) => [name, loggableContext(entry)]));
  }
  return value;
}

export function createLogger(serviceName?: string): Logger {
  return new Logger({
    ...(serviceName === undefined ? {} : { serviceName }),
    jsonReplacerFn: redactingReplacer,
  });
}
