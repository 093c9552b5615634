/** The attendance rules that need no I/O: identity decisions, session windows, rates, areas. */
import { describe, expect, it } from 'vitest';
import { areaCovers } from '../src/domain/area';
import { attendanceOf, type SessionFacts } from '../src/domain/attendance-rate';
import { admitToDeviceWindow } from '../src/domain/device-window';
import { decideIdentity } from '../src/domain/identity-decision';
import { DEFAULT_WINDOW_POLICY, isWithinWindow } from '../src/domain/session-window';

const match = (subjectId: string, similarity: number) => ({ subjectId, templateId: `tpl-${subjectId}`, similarity });

const plain = { threshold: 50, secondPhotoFrom: 50 };

describe('identity decision from one roster search', () => {
  it('1:1 passes when the claimed trainee is the best match at or above the threshold', () => {
    expect(decideIdentity('a', [match('a', 80), match('b', 20)], plain)).toMatchObject({ outcome: 'MATCHED', traineeId: 'a', similarity: 80 });
  });

  it('1:1 fails below the threshold and keeps the score for the record', () => {
    expect(decideIdentity('a', [match('a', 40)], plain)).toEqual({ outcome: 'NO_MATCH', similarity: 40 });
  });

  it('anti-proxy: another roster member matching better is a proxy attempt, even when the claimed score also passes', () => {
    expect(decideIdentity('a', [match('a', 55), match('b', 90)], plain)).toMatchObject({ outcome: 'OTHER_TRAINEE', matchedTraineeId: 'b', similarity: 55 });
  });

  it('1:N identifies the best roster match, or nobody below the threshold', () => {
    expect(decideIdentity(undefined, [match('b', 70), match('a', 90)], plain)).toMatchObject({ outcome: 'MATCHED', traineeId: 'a' });
    expect(decideIdentity(undefined, [match('a', 30)], plain)).toEqual({ outcome: 'NO_MATCH', similarity: 30 });
  });
});

describe('grey zone: a score just below the threshold asks for a second photo', () => {
  const band = { threshold: 60, secondPhotoFrom: 52 };

  it.each([
    [51, 'NO_MATCH'],
    [52, 'SECOND_PHOTO'],
    [59, 'SECOND_PHOTO'],
    [60, 'MATCHED'],
  ])('1:1 with own score %i is %s', (similarity, outcome) => {
    expect(decideIdentity('a', [match('a', similarity), match('b', 20)], band)).toMatchObject({ outcome, similarity });
  });

  it('names the trainee the second photo is for, in 1:1 and at a kiosk (1:N)', () => {
    expect(decideIdentity('a', [match('a', 55)], band)).toEqual({ outcome: 'SECOND_PHOTO', traineeId: 'a', similarity: 55 });
    expect(decideIdentity(undefined, [match('b', 40), match('a', 55)], band)).toEqual({ outcome: 'SECOND_PHOTO', traineeId: 'a', similarity: 55 });
  });

  it('a classmate at or above the threshold is still a proxy attempt, whatever the claimed score', () => {
    expect(decideIdentity('a', [match('a', 55), match('b', 61)], band)).toMatchObject({ outcome: 'OTHER_TRAINEE', matchedTraineeId: 'b' });
  });

  it('a classmate in the grey zone scoring above the claimed trainee asks for a second photo, it does not pass', () => {
    expect(decideIdentity('a', [match('a', 53), match('b', 58)], band)).toMatchObject({ outcome: 'SECOND_PHOTO', traineeId: 'a', similarity: 53 });
  });

  it('two grey-zone photos in a row are two separate refusals: each photo is decided on its own scores only', () => {
    const first = decideIdentity('a', [match('a', 58)], band);
    const second = decideIdentity('a', [match('a', 59)], band);
    expect([first.outcome, second.outcome]).toEqual(['SECOND_PHOTO', 'SECOND_PHOTO']);
  });

  it('without a band (floor = threshold) there is no grey zone; a floor above the threshold is a configuration bug', () => {
    expect(decideIdentity('a', [match('a', 59)], { threshold: 60, secondPhotoFrom: 60 })).toMatchObject({ outcome: 'NO_MATCH' });
    expect(() => decideIdentity('a', [match('a', 59)], { threshold: 60, secondPhotoFrom: 61 })).toThrow(RangeError);
  });
});

describe('session window (defaults: check-in 30 min before start to end; check-out 30 min before to 30 min after end)', () => {
  const session = { startsAt: '2026-11-26T09:00:00+08:00', endsAt: '2026-11-26T11:00:00+08:00' };
  const at = (time: string) => new Date(`2026-11-26T${time}+08:00`);
  it.each([
    ['CHECK_IN', '08:29:59', false],
    ['CHECK_IN', '08:30:00', true],
    ['CHECK_IN', '11:00:00', true],
    ['CHECK_IN', '11:00:01', false],
    ['CHECK_OUT', '10:29:59', false],
    ['CHECK_OUT', '10:30:00', true],
    ['CHECK_OUT', '11:30:00', true],
    ['CHECK_OUT', '11:30:01', false],
  ] as const)('%s at %s is %s', (kind, time, open) => {
    expect(isWithinWindow(kind, session, at(time), DEFAULT_WINDOW_POLICY)).toBe(open);
  });
});

describe('attendance rate', () => {
  const facts = (sessionId: string, inn: string[], out: string[], manual: string[] = []): SessionFacts => ({
    sessionId,
    checkedIn: new Set(inn),
    checkedOut: new Set(out),
    manualConfirmed: new Set(manual),
  });

  it('a session counts by face only with both check-in and check-out; confirmed manual records count apart', () => {
    const sessions = [facts('s1', ['a'], ['a']), facts('s2', ['a'], []), facts('s3', [], [], ['a']), facts('s4', ['a'], ['a'])];
    expect(attendanceOf('a', sessions, 80)).toEqual({
      traineeId: 'a', sessionsTotal: 4, sessionsByFace: 2, sessionsByManual: 1, ratePercent: 75, completed: false,
    });
  });

  it('completion at exactly the threshold (4 of 5 = 80 %) counts as completed', () => {
    const sessions = ['s1', 's2', 's3', 's4', 's5'].map((id, i) => (i < 4 ? facts(id, ['a'], ['a']) : facts(id, [], [])));
    expect(attendanceOf('a', sessions, 80)).toMatchObject({ ratePercent: 80, completed: true });
  });

  it('a class without sessions completes nobody', () => {
    expect(attendanceOf('a', [], 80)).toMatchObject({ sessionsTotal: 0, ratePercent: 0, completed: false });
  });
});

describe('device flood rule: a sliding 60-second window of different trainees per device', () => {
  const seconds = (s: number): number => s * 1000;

  it('N trainees at second 59 and one more at second 61 is refused, although a new minute began', () => {
    const recent = { a: seconds(59), b: seconds(59), c: seconds(59) };
    expect(admitToDeviceWindow(recent, 'd', seconds(61), 3)).toEqual({ admitted: false, othersInWindow: 3 });
  });

  it('a check exactly 60 s old has left the window, and is pruned from what is stored', () => {
    expect(admitToDeviceWindow({ a: seconds(0), b: seconds(10) }, 'c', seconds(60), 2)).toEqual({ admitted: true, recent: { b: seconds(10), c: seconds(60) } });
  });

  it('a trainee already in the window passes at the limit and their time moves forward (never back, whatever the clocks)', () => {
    expect(admitToDeviceWindow({ a: seconds(5), b: seconds(6) }, 'a', seconds(30), 2)).toEqual({ admitted: true, recent: { a: seconds(30), b: seconds(6) } });
    expect(admitToDeviceWindow({ a: seconds(40) }, 'a', seconds(30), 1)).toEqual({ admitted: true, recent: { a: seconds(40) } });
  });
});

describe('reviewer areas nest by division code', () => {
  it.each([
    ['520102', '520102', true],
    ['520100', '520102', true],
    ['520000', '520302', true],
    ['520102', '520103', false],
    ['520100', '520302', false],
  ])('reviewer %s sees records of %s: %s', (reviewer, record, covered) => {
    expect(areaCovers(reviewer, record)).toBe(covered);
  });
});
