import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { DomainError, type ProblemField } from '../errors';

/** RFC 9457 problem document, extended with our stable `code` and per-field problems. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
    .optional(),
  /** RFC 9457 extension member: the ids of the record a 409 found already there, when the caller may see it. */
  existing: z.record(z.string(), z.string()).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemFor(error: DomainError, correlationId?: string): Problem {
  return {
    type: `https://peixun.example.gov.cn/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(error.fields.length > 0 ? { errors: error.fields } : {}),
    ...(error.existing === undefined ? {} : { existing: { ...error.existing } }),
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(problem),
  };
}

/** zod issues become field problems; a refinement may name its own code through `params.code`. */
export function fieldsFromZod(error: z.ZodError, prefix: string): ProblemField[] {
  return error.issues.map((issue) => {
    const params = 'params' in issue ? (issue.params as Record<string, unknown> | undefined) : undefined;
    const code = typeof params?.code === 'string' ? params.code : `INVALID_${issue.code.toUpperCase()}`;
    return {
      path: [prefix, ...issue.path.map(String)].join('.'),
      code,
      message: chineseMessage(issue),
    };
  });
}

/** Our schemas carry Chinese messages; zod's English defaults are replaced for the common cases. */
function chineseMessage(issue: z.core.$ZodIssue): string {
  const custom = issue.message;
  if (/[\u4e00-\u9fff]/.test(custom)) return custom;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '缺少必填项。' : `类型不正确，应为${issue.expected}。`;
    case 'too_small':
      return `取值过小或过短（最小：${String(issue.minimum)}）。`;
    case 'too_big':
      return `取值过大或过长（最大：${String(issue.maximum)}）。`;
    case 'invalid_value':
      return `取值不在允许范围内：${issue.values.map(String).join('、')}。`;
    case 'unrecognized_keys':
      return `包含未定义的字段：${issue.keys.join('、')}。`;
    case 'invalid_format':
      return `格式不正确（${issue.format}）。`;
    default:
      return '取值不符合要求。';
  }
}
