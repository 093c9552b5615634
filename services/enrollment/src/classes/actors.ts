import { type AuthContext, DomainError, hasRole, type Role } from '@peixun/shared';
import { article } from '../reference/articles';
import { defineRule, type Rule, type Subject } from '../reference/rules';

/**
 * Who acts on a class. People come with the JWT-derived AuthContext; the scheduler that starts
 * a class at its first session is a named system actor, so history never has a blank "who".
 */
export type Actor = { kind: 'user'; auth: AuthContext } | { kind: 'system'; name: string };

/** What history keeps about the actor (Art. 28: every step recorded with who did it). */
export interface ActorRecord {
  readonly sub: string;
  readonly role: Role | 'system';
  readonly institutionId?: string;
  readonly areaCode?: string;
}

export type ActingAs = 'institution' | 'reviewer' | 'system';

export const ACTOR_RULES = {
  roleNotAllowed: defineRule('ACTION_ROLE_NOT_ALLOWED', article(9), '开班申请由培训机构提交，由项目审批的人力资源社会保障部门审核'),
  notOwnInstitution: defineRule('NOT_CLASS_INSTITUTION', article(30), '按“谁组织、谁负责”，只有实施培训的机构可以办理本班事务'),
  outsideArea: defineRule('REVIEWER_OUTSIDE_AREA', article(9), '按“谁审批、谁监管、谁负责”，只有审批部门（班次所在区域）的审核人员可以审核'),
  applicantReviewer: defineRule('REVIEWER_IS_APPLICANT', article(31), '审核人员不得审核本人或本人所在机构提交的申请'),
} as const;

export class ActionRefused extends DomainError {
  constructor(rule: Rule, status: number, finding: string, subjects: readonly Subject[] = []) {
    const violation = rule.violation(finding, subjects);
    super({
      code: rule.code,
      status,
      title: '操作不被允许',
      detail: violation.message,
      context: { article: violation.article, subjects },
    });
  }
}

export interface ClassOwnership {
  readonly classId: string;
  readonly institutionId: string;
  /** Area code of the approving office (county or city). */
  readonly approvingAreaCode: string;
  /** `sub` of the staff member who submitted, to keep them from reviewing it. */
  readonly submittedBy?: string;
}

/**
 * Decides in which capacity the actor may act on this class, or refuses. A person holding
 * both an institution and a reviewer account is judged on the capacity the action needs.
 */
export function authorise(actor: Actor, allowed: readonly ActingAs[], owner: ClassOwnership): ActorRecord {
  const subject: Subject[] = [{ kind: 'class', id: owner.classId }];
  if (actor.kind === 'system') {
    if (allowed.includes('system')) return { sub: actor.name, role: 'system' };
    throw new ActionRefused(ACTOR_RULES.roleNotAllowed, 403, `系统任务“${actor.name}”不能执行此操作。`, subject);
  }
  const { auth } = actor;
  if (allowed.includes('reviewer') && hasRole(auth, 'reviewer')) {
    if (auth.institutionId === owner.institutionId || (owner.submittedBy !== undefined && auth.sub === owner.submittedBy)) {
      throw new ActionRefused(ACTOR_RULES.applicantReviewer, 403, `审核人员${auth.username}与申请机构${owner.institutionId}存在关联。`, subject);
    }
    if (auth.areaCode !== owner.approvingAreaCode) {
      throw new ActionRefused(
        ACTOR_RULES.outsideArea,
        403,
        `本班由区划${owner.approvingAreaCode}的人社部门审批，审核人员${auth.username}所属区划为${auth.areaCode ?? '未设置'}。`,
        subject,
      );
    }
    return { sub: auth.sub, role: 'reviewer', areaCode: auth.areaCode };
  }
  if (allowed.includes('institution') && hasRole(auth, 'institution')) {
    if (auth.institutionId !== owner.institutionId) {
      throw new ActionRefused(ACTOR_RULES.notOwnInstitution, 403, `用户${auth.username}不属于本班的培训机构。`, subject);
    }
    return { sub: auth.sub, role: 'institution', institutionId: auth.institutionId };
  }
  const wanted = allowed.map((role) => ({ institution: '培训机构工作人员', reviewer: '人社部门审核人员', system: '系统任务' })[role]).join('或');
  throw new ActionRefused(ACTOR_RULES.roleNotAllowed, 403, `此操作须由${wanted}办理。`, subject);
}
