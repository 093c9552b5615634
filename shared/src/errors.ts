/**
 * Expected failures carry a stable English `code` for programs and a Chinese `title`/`detail`
 * for people. The HTTP preset turns them into RFC 9457 problem documents; anything that is not
 * a DomainError is a bug and becomes a 500 without leaking its message.
 */
export interface ProblemField {
  /** JSON pointer-ish path of the offending input, e.g. `body.idNumber`. */
  path: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fields: ProblemField[];
  readonly context: Record<string, unknown>;
  /** Ids of the record that already exists (a 409's `existing`), set only where the caller may see it. */
  readonly existing: Record<string, string> | undefined;

  constructor(args: {
    code: string;
    status: number;
    title: string;
    detail: string;
    fields?: ProblemField[];
    context?: Record<string, unknown>;
    existing?: Record<string, string>;
  }) {
    super(`${args.code}: ${args.detail}`);
    this.name = new.target.name;
    this.code = args.code;
    this.status = args.status;
    this.title = args.title;
    this.detail = args.detail;
    this.fields = args.fields ?? [];
    this.context = args.context ?? {};
    this.existing = args.existing;
  }
}

export class ValidationFailed extends DomainError {
  constructor(fields: ProblemField[], detail = '请求内容不符合要求，请按提示修改后重试。') {
    super({ code: 'VALIDATION_FAILED', status: 400, title: '请求参数有误', detail, fields });
  }
}

export class Unauthenticated extends DomainError {
  constructor() {
    super({ code: 'UNAUTHENTICATED', status: 401, title: '未登录', detail: '请先登录后再操作。' });
  }
}

export class Forbidden extends DomainError {
  constructor(detail = '您的账号无权进行此操作。', context: Record<string, unknown> = {}) {
    super({ code: 'FORBIDDEN', status: 403, title: '无权访问', detail, context });
  }
}

export class NotFound extends DomainError {
  constructor(entity: string, id: string) {
    super({
      code: 'NOT_FOUND',
      status: 404,
      title: '记录不存在',
      detail: `未找到${entity}（${id}）。`,
      context: { entity, id },
    });
  }
}

export class ConfigurationError extends Error {
  constructor(variable: string, why = 'is not set') {
    super(`Configuration variable ${variable} ${why}`);
    this.name = 'ConfigurationError';
  }
}

export class EventContractViolation extends Error {
  constructor(detailType: string, issues: string) {
    super(`Event ${detailType} does not match its contract: ${issues}`);
    this.name = 'EventContractViolation';
  }
}
