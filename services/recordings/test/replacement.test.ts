import { describe, expect, it } from 'vitest';
import { assertOpensUpload, decide, newReplacementRequest, type ReplacementRequest } from '../src/domain/replacement';
import { completesSession } from '../src/domain/session-recording';
import type { Recording } from '../src/domain/recording';

const AT = new Date('2026-03-02T10:00:00+08:00');
const completed = { recordingId: 'rec_1', sessionId: 'ses_1', status: 'completed' as const, replaced: undefined };
const expected = { sessionId: 'ses_1', recordingId: 'rec_1', requestId: 'rpl_1' };
const requested = newReplacementRequest({ requestId: 'rpl_1', recording: completed, reason: '画面花屏，需要替换。', requestedBy: 'school1', at: AT });
const approve = (reviewer = 'reviewer1') => ({ decision: 'APPROVE' as const, note: '同意替换。', reviewer, at: AT });

describe('replacing a completed recording (Art. 24, issue 15 item 7)', () => {
  it('Art. 24: only a completed recording not yet replaced can be asked to be replaced', () => {
    expect(() => newReplacementRequest({ requestId: 'r', recording: { ...completed, status: 'uploading' }, reason: 'x', requestedBy: 's', at: AT })).toThrow(
      expect.objectContaining({ code: 'RECORDING_NOT_REPLACEABLE' }),
    );
    const replaced = { ...completed, replaced: { byRecordingId: 'rec_2' } as Recording['replaced'] };
    expect(() => newReplacementRequest({ requestId: 'r', recording: replaced, reason: 'x', requestedBy: 's', at: AT })).toThrow(expect.objectContaining({ code: 'RECORDING_NOT_REPLACEABLE' }));
    expect(requested).toMatchObject({ status: 'requested', recordingId: 'rec_1', requestedBy: 'school1' });
  });

  it('Art. 24: a decision moves a pending request once; the same reviewer deciding the same again is a retry, anything else is refused', () => {
    const { request: approved, unchanged } = decide(requested, expected, approve());
    expect([approved.status, approved.decidedBy, unchanged]).toEqual(['approved', 'reviewer1', false]);
    expect(decide(approved, expected, approve())).toEqual({ request: approved, unchanged: true });
    expect(decide({ ...approved, status: 'uploading' }, expected, approve()).unchanged).toBe(true);
    expect(() => decide(approved, expected, approve('reviewer9'))).toThrow(expect.objectContaining({ code: 'RECORDING_REPLACEMENT_NOT_PENDING' }));
    expect(() => decide(approved, expected, { ...approve(), decision: 'REJECT' })).toThrow(expect.objectContaining({ code: 'RECORDING_REPLACEMENT_NOT_PENDING' }));
    expect(() => decide(undefined, expected, approve())).toThrow(expect.objectContaining({ code: 'RECORDING_REPLACEMENT_NOT_PENDING' }));
    expect(() => decide(requested, { ...expected, recordingId: 'rec_other' }, approve())).toThrow(expect.objectContaining({ code: 'RECORDING_REPLACEMENT_NOT_PENDING' }));
  });

  it('Art. 24: only an approved request opens an upload, and only one', () => {
    const statuses: Array<[ReplacementRequest['status'], string | undefined]> = [
      ['requested', 'RECORDING_REPLACEMENT_NOT_APPROVED'],
      ['rejected', 'RECORDING_REPLACEMENT_NOT_APPROVED'],
      ['uploading', 'RECORDING_REPLACEMENT_USED'],
      ['completed', 'RECORDING_REPLACEMENT_USED'],
      ['approved', undefined],
    ];
    for (const [status, code] of statuses) {
      const attempt = () => assertOpensUpload({ ...requested, status }, 'rpl_1');
      if (code === undefined) expect(attempt().status).toBe('approved');
      else expect(attempt, status).toThrow(expect.objectContaining({ code }));
    }
    expect(() => assertOpensUpload(undefined, 'rpl_x')).toThrow(expect.objectContaining({ code: 'RECORDING_REPLACEMENT_NOT_APPROVED' }));
  });

  it('Art. 24: a replacement counts for coverage instead of the recording it replaces', () => {
    const session = { startsAt: '2026-03-02T08:00:00+08:00', endsAt: '2026-03-02T10:00:00+08:00' };
    const segment = (recordingId: string, from: string, to: string, extra: Partial<Recording> = {}) =>
      ({ recordingId, status: 'completed', recordedFrom: from, recordedTo: to, ...extra }) as Recording;
    const first = segment('rec_1', session.startsAt, session.endsAt);
    // A replacement covering only the first hour leaves the session partly covered: the first no longer counts.
    const short = segment('rec_2', session.startsAt, '2026-03-02T09:00:00+08:00', { replaces: 'rec_1', status: 'verifying' });
    expect(completesSession(session, [first], { ...short, status: 'completed' })).toBe(false);
    const whole = segment('rec_3', session.startsAt, session.endsAt, { replaces: 'rec_1' });
    expect(completesSession(session, [first], whole)).toBe(true);
  });
});
