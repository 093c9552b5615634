import type { AuthContext } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/classes/actors';
import { ClassApplicationRejected, validateClassApplication } from '../../src/classes/validate-class-application';
import { type ClassLifecycle, newClassLifecycle, transitionClass } from '../../src/classes/workflow';
import { application, context, INSTITUTION_ID } from '../support/issue3-fixtures';

const user = (auth: Partial<AuthContext> & { sub: string }): Actor => ({
  kind: 'user',
  auth: { username: auth.sub, roles: [], ...auth },
});
const school = user({ sub: 'staff_li', roles: ['institution'], institutionId: INSTITUTION_ID });
const otherSchool = user({ sub: 'staff_zhao', roles: ['institution'], institutionId: 'ins_other' });
const reviewer = user({ sub: 'reviewer_nm', roles: ['reviewer'], areaCode: '520102' });
const cityReviewer = user({ sub: 'reviewer_gy', roles: ['reviewer'], areaCode: '520100' });
const scheduler: Actor = { kind: 'system', name: 'class-starter' };

const draft = (): ClassLifecycle =>
  newClassLifecycle({
    classId: 'cls_001',
    institutionId: INSTITUTION_ID,
    approvingAreaCode: '520102',
    firstSessionStartsAt: '2025-06-02T09:00:00+08:00',
    lastSessionEndsAt: '2025-06-21T17:00:00+08:00',
  });

const clean = { violations: [] };
const submitted = () => transitionClass(draft(), 'SUBMIT', { actor: school, at: '2025-05-20T10:00:00+08:00', ...clean });
const approved = () => transitionClass(submitted(), 'APPROVE', { actor: reviewer, at: '2025-05-25T10:00:00+08:00', ...clean });

function refusal(run: () => unknown): { code: string; status: number; detail: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; status: number; detail: string };
  }
  throw new Error('expected a refusal');
}

describe('class review workflow', () => {
  it('Art. 9, 23: draft → submitted → approved → in progress → completed, each step recorded with who, when and why', () => {
    const started = transitionClass(approved(), 'START', { actor: scheduler, at: '2025-06-02T08:30:00+08:00' });
    const done = transitionClass(started, 'COMPLETE', { actor: school, at: '2025-06-21T17:30:00+08:00' });
    expect(done.status).toBe('COMPLETED');
    expect(done.version).toBe(5);
    expect(done.history.map((step) => [step.action, step.from, step.to, step.actor.sub, step.actor.role])).toEqual([
      ['SUBMIT', 'DRAFT', 'SUBMITTED', 'staff_li', 'institution'],
      ['APPROVE', 'SUBMITTED', 'APPROVED', 'reviewer_nm', 'reviewer'],
      ['START', 'APPROVED', 'IN_PROGRESS', 'class-starter', 'system'],
      ['COMPLETE', 'IN_PROGRESS', 'COMPLETED', 'staff_li', 'institution'],
    ]);
    expect(done.history[1]?.at).toBe('2025-05-25T10:00:00+08:00');
  });

  it('Art. 9: an application with violations can be neither submitted nor approved', () => {
    const violations = validateClassApplication(application({}, 61), context());
    expect(() => transitionClass(draft(), 'SUBMIT', { actor: school, at: '2025-05-20T10:00:00+08:00', violations })).toThrow(ClassApplicationRejected);
    expect(() => transitionClass(submitted(), 'APPROVE', { actor: reviewer, at: '2025-05-25T10:00:00+08:00', violations })).toThrow(ClassApplicationRejected);
  });

  it('Art. 28: rejection and return need reasons, which are kept', () => {
    expect(refusal(() => transitionClass(submitted(), 'REJECT', { actor: reviewer, at: '2025-05-25T10:00:00+08:00', reasons: ['  '] }))).toMatchObject({
      code: 'REASONS_REQUIRED',
    });
    const rejected = transitionClass(submitted(), 'REJECT', { actor: reviewer, at: '2025-05-25T10:00:00+08:00', reasons: ['场地实地核查不符'] });
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.history.at(-1)?.reasons).toEqual(['场地实地核查不符']);
  });

  it('Art. 9: a returned application is edited and submitted again', () => {
    const returned = transitionClass(submitted(), 'RETURN', { actor: reviewer, at: '2025-05-22T10:00:00+08:00', reasons: ['请补充师资证明'] });
    const again = transitionClass(returned, 'SUBMIT', { actor: school, at: '2025-05-23T10:00:00+08:00', ...clean });
    expect(again.status).toBe('SUBMITTED');
  });

  it('Art. 9: only a reviewer of the approving office may approve ("谁审批、谁监管、谁负责")', () => {
    const error = refusal(() => transitionClass(submitted(), 'APPROVE', { actor: cityReviewer, at: '2025-05-25T10:00:00+08:00', ...clean }));
    expect(error).toMatchObject({ code: 'REVIEWER_OUTSIDE_AREA', status: 403 });
    expect(error.detail).toContain('520102');
  });

  it('Art. 9: the applying institution never approves its own class', () => {
    expect(refusal(() => transitionClass(submitted(), 'APPROVE', { actor: school, at: '2025-05-25T10:00:00+08:00', ...clean }))).toMatchObject({
      code: 'ACTION_ROLE_NOT_ALLOWED',
      status: 403,
    });
    const doubleHatted = user({ sub: 'staff_li', roles: ['institution', 'reviewer'], institutionId: INSTITUTION_ID, areaCode: '520102' });
    expect(refusal(() => transitionClass(submitted(), 'APPROVE', { actor: doubleHatted, at: '2025-05-25T10:00:00+08:00', ...clean }))).toMatchObject({
      code: 'REVIEWER_IS_APPLICANT',
    });
  });

  it('Art. 30: staff of another institution cannot submit this class', () => {
    expect(refusal(() => transitionClass(draft(), 'SUBMIT', { actor: otherSchool, at: '2025-05-20T10:00:00+08:00', ...clean }))).toMatchObject({
      code: 'NOT_CLASS_INSTITUTION',
      status: 403,
    });
  });

  it('Art. 27 "先进后补": a class is not approved after its first session has begun', () => {
    expect(refusal(() => transitionClass(submitted(), 'APPROVE', { actor: reviewer, at: '2025-06-02T09:00:00+08:00', ...clean }))).toMatchObject({
      code: 'APPROVAL_AFTER_CLASS_START',
    });
    expect(refusal(() => transitionClass(draft(), 'SUBMIT', { actor: school, at: '2025-06-03T08:00:00+08:00', ...clean }))).toMatchObject({
      code: 'SUBMITTED_AFTER_CLASS_START',
    });
  });

  it('steps out of order are refused with the current status named', () => {
    const error = refusal(() => transitionClass(draft(), 'START', { actor: scheduler, at: '2025-06-02T09:00:00+08:00' }));
    expect(error).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', status: 409 });
    expect(error.detail).toContain('草稿');
    expect(refusal(() => transitionClass(approved(), 'START', { actor: scheduler, at: '2025-06-01T20:00:00+08:00' }))).toMatchObject({
      code: 'CLASS_NOT_YET_STARTED',
    });
    const started = transitionClass(approved(), 'START', { actor: scheduler, at: '2025-06-02T08:00:00+08:00' });
    expect(refusal(() => transitionClass(started, 'COMPLETE', { actor: school, at: '2025-06-21T16:00:00+08:00' }))).toMatchObject({
      code: 'CLASS_NOT_FINISHED',
    });
  });

  it('a school may cancel until the class starts; afterwards only the supervising office may', () => {
    expect(transitionClass(approved(), 'CANCEL', { actor: school, at: '2025-05-30T10:00:00+08:00', reasons: ['生源不足'] }).status).toBe('CANCELLED');
    const started = transitionClass(approved(), 'START', { actor: scheduler, at: '2025-06-02T08:00:00+08:00' });
    expect(refusal(() => transitionClass(started, 'CANCEL', { actor: school, at: '2025-06-05T10:00:00+08:00', reasons: ['x'] }))).toMatchObject({
      code: 'ACTION_ROLE_NOT_ALLOWED',
    });
    const stopped = transitionClass(started, 'CANCEL', { actor: reviewer, at: '2025-06-05T10:00:00+08:00', reasons: ['抽查发现虚假培训（第二十六条）'] });
    expect(stopped.status).toBe('CANCELLED');
  });
});
