import { describe, expect, it } from 'vitest';
import { classSnapshot } from '../../src/classes/class-snapshot';
import { classApproved, ENROLLMENT_CLASS_EVENTS, sessionIdFor, sessionScheduled, traineeEnrolled } from '@peixun/shared';
import { newClassLifecycle } from '../../src/classes/workflow';
import { application, context, INSTITUTION_ID, sessions } from '../support/issue3-fixtures';

const lifecycle = newClassLifecycle({
  classId: 'cls_001',
  institutionId: INSTITUTION_ID,
  approvingAreaCode: '520102',
  firstSessionStartsAt: '2025-06-02T09:00:00+08:00',
  lastSessionEndsAt: '2025-06-21T17:00:00+08:00',
});
const approver = { sub: 'reviewer_nm', role: 'reviewer' as const, areaCode: '520102' };

describe('proposed enrollment event contracts', () => {
  it('Class.Approved carries type, Art. 24 recording duty, +08:00 sessions, roster and catalogue figures', () => {
    const snapshot = classSnapshot(application(), lifecycle, context());
    const detail = classApproved.detail.parse({ class: snapshot, approvedAt: '2025-05-25T10:00:00+08:00', approvedBy: approver, reasons: [], schemaVersion: 1 });
    expect(detail.class).toMatchObject({
      trainingType: 'EMPLOYMENT_LONG_TERM',
      trainingMode: 'LONG_TERM',
      recordingRequired: true,
      completionAssessment: 'NATIONAL_SKILL_EVALUATION',
      completionAttendancePercent: 80,
      plannedHours: 160,
      catalogueIsSample: true,
      certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5', subsidyFen: 180000, subsidisedHoursCap: 240 }],
    });
    expect(detail.class.sessions[0]).toEqual({
      sessionId: sessionIdFor(detail.class.classId, 's1a'),
      label: 's1a',
      startsAt: '2025-06-02T09:00:00+08:00',
      endsAt: '2025-06-02T12:00:00+08:00',
      hours: 4,
      topic: '第1天理论',
      teacherIds: ['tch_wang'],
      siteId: 'site_nm_1',
    });
    expect(detail.class.roster).toHaveLength(40);
    expect(detail.class.roster[0]?.idNumberMasked).toMatch(/^520\*+\d{3}[\dX]$/);
    expect(detail.class.roster[0]?.certificate).toEqual({ occupationCode: '4-03-02-01', level: 'LEVEL_5' });
    expect(JSON.stringify(detail)).not.toMatch(/\d{17}[\dX]/);
  });

  it('Art. 24: a short course and an enterprise class with a secrecy waiver need no recording', () => {
    const short = application({ trainingType: 'EMPLOYMENT_SHORT', certificates: [], jobDemandId: undefined, sessions: sessions(3) });
    expect(classSnapshot(short, lifecycle, context()).recordingRequired).toBe(false);
    const secret = application({ trainingType: 'ENTERPRISE_ON_JOB', recordingWaiver: { reason: '军工涉密', evidenceDescription: '签到表与现场照片' } });
    expect(classSnapshot(secret, lifecycle, context()).recordingRequired).toBe(false);
    expect(classSnapshot({ ...secret, recordingWaiver: undefined }, lifecycle, context()).recordingRequired).toBe(true);
  });

  it('times without the +08:00 offset are refused', () => {
    const session = classSnapshot(application(), lifecycle, context()).sessions[0]!;
    const base = { classId: 'c', classVersion: 2, institutionId: 'i', approvingAreaCode: '520102', trainingType: 'EMPLOYMENT_LONG_TERM', recordingRequired: true, expectedTraineeIds: [], reason: 'CLASS_APPROVED', schemaVersion: 1 };
    expect(sessionScheduled.detail.safeParse({ ...base, session }).success).toBe(true);
    expect(sessionScheduled.detail.safeParse({ ...base, session: { ...session, startsAt: '2025-06-02T01:00:00Z' } }).success).toBe(false);
  });

  it('every contract follows the naming convention and matches on its own version', () => {
    for (const contract of ENROLLMENT_CLASS_EVENTS) {
      expect(contract.source).toBe('peixun.enrollment');
      expect(contract.detailType).toMatch(/^[A-Z][a-z]+\.[A-Z][a-z]+$/);
      expect(contract.pattern).toEqual({ source: ['peixun.enrollment'], 'detail-type': [contract.detailType], detail: { schemaVersion: [1] } });
    }
    expect(traineeEnrolled.detail.shape.via.options).toEqual(['CLASS_APPROVED', 'CHANGE_APPROVED']);
  });
});
