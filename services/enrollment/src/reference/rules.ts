import { DomainError } from '@peixun/shared';
import type { Citation } from './articles';

/**
 * A broken rule, said so that the person who has to fix it knows what to fix: a stable English
 * `code` for programs, the article it comes from, a Chinese message that names the rule and the
 * trainee / session / teacher concerned, and those subjects as data for the UI.
 */
export type SubjectKind =
  | 'class'
  | 'trainee'
  | 'session'
  | 'teacher'
  | 'site'
  | 'institution'
  | 'project'
  | 'jobDemand'
  | 'occupation'
  | 'changeRequest'
  | 'document';

export interface Subject {
  readonly kind: SubjectKind;
  readonly id: string;
  /** What a person recognises: a name with a masked ID number, a session date and time. */
  readonly label?: string;
}

export interface Violation {
  readonly code: string;
  readonly article: string;
  readonly message: string;
  readonly subjects: readonly Subject[];
  /** Where in the submitted document, e.g. `roster[3]` or `sessions[12].teacherIds[0]`. */
  readonly path?: string;
}

export interface Rule {
  readonly code: string;
  readonly citation: Citation;
  /** The rule itself in Chinese, e.g. `中长期培训每班人数不得超过60人`. */
  readonly statement: string;
  violation(finding: string, subjects?: readonly Subject[], path?: string): Violation;
}

const catalogue = new Map<string, Rule>();

/**
 * Declares a rule once; codes are unique across the service, so a code seen in a log or a
 * problem document always means the same rule.
 */
export function defineRule(code: string, citation: Citation, statement: string): Rule {
  if (catalogue.has(code)) throw new Error(`Rule code ${code} is defined twice`);
  const rule: Rule = {
    code,
    citation,
    statement,
    violation(finding, subjects = [], path) {
      return {
        code,
        article: citation.en,
        message: `${citation.zh}规定：${statement}。${finding}`,
        subjects,
        ...(path === undefined ? {} : { path }),
      };
    },
  };
  catalogue.set(code, rule);
  return rule;
}

/** Every rule declared so far, for documentation and for tests that check codes stay unique. */
export function ruleCatalogue(): readonly Rule[] {
  return [...catalogue.values()];
}

/**
 * Thrown when a command meets broken rules. All violations travel together: a school fixes
 * a 60-person roster once, not one error per round trip.
 */
export class RulesViolated extends DomainError {
  readonly violations: readonly Violation[];

  constructor(code: string, title: string, violations: readonly Violation[]) {
    const first = violations[0]?.message ?? '';
    super({
      code,
      status: 422,
      title,
      detail: violations.length === 1 ? first : `共有${violations.length}项不符合规定，第一项：${first}`,
      fields: violations.map((v) => ({ path: v.path ?? '', code: v.code, message: v.message })),
      context: { violations },
    });
    this.violations = violations;
  }
}
