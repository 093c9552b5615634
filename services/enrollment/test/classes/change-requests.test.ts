import type { AuthContext } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/classes/actors';
import { applyClassChange, assertDirectEditAllowed, type ClassChange, decideClassChange, requestClassChange } from '../../src/classes/change-requests';
import { ClassApplicationRejected, validateClassApplication } from '../../src/classes/validate-class-application';
import { type ClassLifecycle, newClassLifecycle, transitionClass } from '../../src/classes/workflow';
import { application, context, INSTITUTION_ID, trainee, traineesFor } from '../support/issue3-fixtures';

const user = (auth: Partial<AuthContext> & { sub: string }): Actor => ({ kind: 'user', auth: { username: auth.sub, roles: [], ...auth } });
const school = user({ sub: 'staff_li', roles: ['institution'], institutionId: INSTITUTION_ID });
const reviewer = user({ sub: 'reviewer_nm', roles: ['reviewer'], areaCode: '520102' });
const outsider = user({ sub: 'reviewer_zy', roles: ['reviewer'], areaCode: '520302' });

function approvedClass(): ClassLifecycle {
  const base = newClassLifecycle({
    classId: 'cls_001',
    institutionId: INSTITUTION_ID,
    approvingAreaCode: '520102',
    firstSessionStartsAt: '2025-06-02T09:00:00+08:00',
    lastSessionEndsAt: '2025-06-21T17:00:00+08:00',
  });
  const submitted = transitionClass(base, 'SUBMIT', { actor: school, at: '2025-05-20T10:00:00+08:00', violations: [] });
  return transitionClass(submitted, 'APPROVE', { actor: reviewer, at: '2025-05-25T10:00:00+08:00', violations: [] });
}

function refusal(run: () => unknown): { code: string; status: number; detail: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; status: number; detail: string };
  }
  throw new Error('expected a refusal');
}

const request = (change: ClassChange, at = '2025-06-04T08:00:00+08:00') =>
  requestClassChange({ lifecycle: approvedClass(), application: application(), change, changeRequestId: 'chg_1', reason: '学员因故调整', actor: school, at });

describe('change requests on an approved class', () => {
  it('Art. 9: an approved class is not edited directly', () => {
    expect(() => assertDirectEditAllowed(newClassLifecycle({ ...approvedClass(), classId: 'cls_001' }))).not.toThrow();
    expect(refusal(() => assertDirectEditAllowed(approvedClass()))).toMatchObject({ code: 'CLASS_LOCKED_USE_CHANGE_REQUEST', status: 409 });
  });

  it('Art. 9: adding a trainee is requested by the school and approved by the office after the rules pass again', () => {
    const change: ClassChange = { kind: 'ADD_TRAINEE', entry: { traineeId: trainee(41).traineeId, applicationFormId: 'form_41' } };
    const pending = request(change);
    expect(pending).toMatchObject({ status: 'PENDING', requestedBy: { sub: 'staff_li', role: 'institution' } });
    const changed = applyClassChange(application(), change);
    expect(changed.roster).toHaveLength(41);
    const { request: decided, lifecycle } = decideClassChange({
      request: pending,
      lifecycle: approvedClass(),
      decision: 'APPROVE',
      reasons: [],
      actor: reviewer,
      at: '2025-06-04T15:00:00+08:00',
      changed: { application: changed, violations: validateClassApplication(changed, context()) },
    });
    expect(decided.status).toBe('APPROVED');
    expect(lifecycle.version).toBe(approvedClass().version + 1);
    expect(lifecycle.history.at(-1)).toMatchObject({ action: 'CHANGE_APPROVED', changeRequestId: 'chg_1', actor: { sub: 'reviewer_nm' } });
  });

  it('Art. 18(2): a change that breaks a class rule is not approved (a 70-year-old added)', () => {
    const change: ClassChange = { kind: 'ADD_TRAINEE', entry: { traineeId: trainee(41).traineeId, applicationFormId: 'form_41' } };
    const changed = applyClassChange(application(), change);
    const ctx = context({ trainees: traineesFor(80, (i) => (i === 41 ? { birthDate: '1955-01-01' } : {})) });
    expect(() =>
      decideClassChange({
        request: request(change),
        lifecycle: approvedClass(),
        decision: 'APPROVE',
        reasons: [],
        actor: reviewer,
        at: '2025-06-04T15:00:00+08:00',
        changed: { application: changed, violations: validateClassApplication(changed, ctx) },
      }),
    ).toThrow(ClassApplicationRejected);
  });

  it('Art. 9: only the approving office decides a change', () => {
    const change: ClassChange = { kind: 'WITHDRAW_TRAINEE', traineeId: trainee(1).traineeId };
    expect(
      refusal(() => decideClassChange({ request: request(change), lifecycle: approvedClass(), decision: 'REJECT', reasons: ['x'], actor: outsider, at: '2025-06-04T15:00:00+08:00' })),
    ).toMatchObject({ code: 'REVIEWER_OUTSIDE_AREA' });
    expect(
      refusal(() => decideClassChange({ request: request(change), lifecycle: approvedClass(), decision: 'REJECT', reasons: [], actor: reviewer, at: '2025-06-04T15:00:00+08:00' })),
    ).toMatchObject({ code: 'CHANGE_REASON_REQUIRED' });
  });

  it('Art. 28: a session that has begun cannot be moved, and nothing moves into the past', () => {
    const moveHeld: ClassChange = { kind: 'MOVE_SESSION', sessionId: 's1a', date: '2025-06-10', start: '09:00', end: '12:00' };
    expect(refusal(() => request(moveHeld))).toMatchObject({ code: 'SESSION_ALREADY_HELD' });
    const intoPast: ClassChange = { kind: 'MOVE_SESSION', sessionId: 's10a', date: '2025-06-03', start: '18:00', end: '21:00' };
    expect(refusal(() => request(intoPast))).toMatchObject({ code: 'SESSION_MOVED_INTO_PAST' });
    const fine: ClassChange = { kind: 'MOVE_SESSION', sessionId: 's10a', date: '2025-06-22', start: '09:00', end: '12:00' };
    expect(request(fine).status).toBe('PENDING');
    expect(applyClassChange(application(), fine).sessions.find((s) => s.sessionId === 's10a')).toMatchObject({ date: '2025-06-22' });
  });

  it('Art. 23: a moved session must exist and a replaced teacher must be on it', () => {
    expect(refusal(() => request({ kind: 'CANCEL_SESSION', sessionId: 'nope' }))).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect(refusal(() => request({ kind: 'REPLACE_TEACHER', sessionId: 's10a', fromTeacherId: 'tch_x', toTeacherId: 'tch_y' }))).toMatchObject({
      code: 'TEACHER_NOT_ON_SESSION',
    });
    expect(refusal(() => request({ kind: 'WITHDRAW_TRAINEE', traineeId: 'trn_999' }))).toMatchObject({ code: 'TRAINEE_NOT_IN_ROSTER' });
  });

  it('Art. 33: replacing a teacher by an unregistered one fails the re-validation', () => {
    const change: ClassChange = { kind: 'REPLACE_TEACHER', sessionId: 's10a', fromTeacherId: 'tch_wang', toTeacherId: 'tch_new' };
    const changed = applyClassChange(application(), change);
    expect(validateClassApplication(changed, context()).map((v) => v.code)).toEqual(['TEACHER_NOT_REGISTERED']);
  });

  it('a draft class has no change requests: it is simply edited', () => {
    const draft = newClassLifecycle({ ...approvedClass() });
    expect(
      refusal(() =>
        requestClassChange({ lifecycle: draft, application: application(), change: { kind: 'CANCEL_SESSION', sessionId: 's10a' }, changeRequestId: 'c', reason: 'r', actor: school, at: '2025-05-01T10:00:00+08:00' }),
      ),
    ).toMatchObject({ code: 'CHANGE_REQUEST_NOT_APPLICABLE' });
  });
});
