import { DomainError } from '../errors';

/**
 * Errors the HTTP preset (`http-handler.ts`) and its idempotency store answer by themselves,
 * around any service's handler. Kept free of AWS imports so the route contracts (browser-safe)
 * read their status and title from the classes themselves.
 */

/** Stripe's limit; also keeps the idempotency record's key far below DynamoDB's 2,048 bytes. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 422,
      title: '幂等键重复使用',
      detail: '同一个 Idempotency-Key 已用于内容不同的请求，请为新的请求生成新的键。',
    });
  }
}

export class IdempotentRequestInProgress extends DomainError {
  constructor() {
    super({
      code: 'IDEMPOTENCY_IN_PROGRESS',
      status: 409,
      title: '请求正在处理',
      detail: '相同 Idempotency-Key 的请求正在处理中，请稍后重试。',
    });
  }
}

export class IdempotencyKeyInvalid extends DomainError {
  constructor() {
    super({
      code: 'IDEMPOTENCY_KEY_INVALID',
      status: 400,
      title: '幂等键格式错误',
      detail: `Idempotency-Key 须为 1 至 ${MAX_IDEMPOTENCY_KEY_LENGTH} 个可见 ASCII 字符（建议使用 UUID）。`,
    });
  }
}

/**
 * DynamoDB refuses what no contract should let through (an item over 400 KB, a key over 2,048
 * bytes, a malformed start key): the caller's input, so a 400 with a code, never a 500.
 */
export class InputNotStorable extends DomainError {
  constructor(reason: string) {
    super({
      code: 'INPUT_NOT_STORABLE',
      status: 400,
      title: '请求内容无法处理',
      detail: '请求中的某些取值超出系统允许的长度或格式，请检查后重试。',
      context: { reason },
    });
  }
}
