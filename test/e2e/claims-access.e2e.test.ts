/**
 * Claims answer whose record it is before anything of its state (issue #9 item 2): another school,
 * or a reviewer of another area, gets 403 where the owner gets the state's answer (404 for a
 * cancelled class or an unknown objection, 409 for a declaration without its scan). Certificates
 * belong to the office of the holder's region, like the direct claim on them. The public, who may
 * object to lines on the disclosure list, learn nothing of lines that never were on it.
 */
import { type ClaimView, classCancelled, classCompleted } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { findUser, type SeededUser } from '../../local/src/identity/users';
import { claimsManifest } from '../../services/claims/src/manifest';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { approvedClass, certificateBody, idNumber, masked, type Person, registered, skillCertificateNumber } from './fixtures/claims';
import { deliver, SYSTEM_ACTOR } from './fixtures/enrollment-events';

const runtime = useLocalRuntime({ manifests: [claimsManifest] });
const code = (response: TestResponse): unknown => (response.body as { code?: unknown }).code;
const person: Person = { user: findUser('trainee1') as SeededUser, traineeId: 'trn_access', name: '王五', idNumber: idNumber(820) };
const closing = (classId: string) => ({ classId, classVersion: 1, institutionId: 'ins_demo', approvingAreaCode: '520102', at: '2025-06-10T18:00:00+08:00', by: SYSTEM_ACTOR, reasons: [], rosterTraineeIds: [person.traineeId] });
const roster = [{ traineeId: person.traineeId, name: person.name, idNumberMasked: masked(person.idNumber) }];
/** school1's training claim on the completed class: in review at 南明区 520102, never on the public list. */
let claimId = '';

beforeAll(async () => {
  runtime().setClock(new Date('2025-07-01T10:00:00+08:00'));
  runtime().bus.publish(registered(person));
  runtime().bus.publish(approvedClass({ classId: 'cls_access_cancelled', roster }));
  runtime().bus.publish(approvedClass({ classId: 'cls_access_done', roster }));
  await runtime().bus.settled();
  await deliver(runtime().bus, classCancelled, closing('cls_access_cancelled'));
  await deliver(runtime().bus, classCompleted, closing('cls_access_done'));
  const filed = await runtime().request('POST', '/classes/cls_access_done/training-claims', { as: 'school1' });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  claimId = (filed.body as ClaimView).claimId;
});

describe('claims: ownership before state', () => {
  it('another school’s training claim on a cancelled class is 403, not the class’s state (404)', async () => {
    const path = '/classes/cls_access_cancelled/training-claims';
    const foreign = await runtime().request('POST', path, { as: 'school2' });
    expect([foreign.status, code(foreign)]).toEqual([403, 'FORBIDDEN']);
    const own = await runtime().request('POST', path, { as: 'school1' });
    expect([own.status, code(own)]).toEqual([404, 'CLAIM_CLASS_UNKNOWN']);
  });

  it('a reviewer of another area resolving an objection is 403 whether or not the objection exists; the area’s own reviewer gets 404', async () => {
    const path = `/claims/${claimId}/lines/line_${person.traineeId}/objections/obj_none/resolution`;
    const body = { outcome: 'DISMISSED', reason: '试探' };
    const foreign = await runtime().request('POST', path, { as: 'reviewer2', body });
    expect([foreign.status, code(foreign)]).toEqual([403, 'CLAIM_OUTSIDE_AREA']);
    const own = await runtime().request('POST', path, { as: 'reviewer1', body });
    expect([own.status, code(own)]).toEqual([404, 'NOT_FOUND']);
  });

  it('Art. 29 public objections: a line that never was on the list is 404 like a missing one, and every attempt counts against the source (429 after 5 an hour)', async () => {
    const object = (path: string) => runtime().request('POST', path, { body: { reason: '该学员未实际参加培训', contact: '13800000000' } });
    const hidden = await object(`/disclosures/${claimId}/lines/line_${person.traineeId}/objections`);
    expect([hidden.status, code(hidden)]).toEqual([404, 'NOT_FOUND']);
    const missing = [];
    for (let probe = 0; probe < 4; probe += 1) missing.push((await object(`/disclosures/clm_probe${probe}/lines/line_1/objections`)).status);
    expect(missing).toEqual([404, 404, 404, 404]);
    const limited = await object(`/disclosures/${claimId}/lines/line_${person.traineeId}/objections`);
    expect([limited.status, code(limited)]).toEqual([429, 'OBJECTION_RATE_LIMITED']);
  });

  it('a certificate is read and verified by the reviewers of the holder’s region only, before its state is told', async () => {
    const recorded = skillCertificateNumber(8_201, 'LEVEL_5');
    expect((await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(person, recorded) })).status).toBe(201);
    expect((await runtime().request('GET', `/certificates/${recorded}`, { as: 'reviewer2' })).status).toBe(403);
    expect((await runtime().request('GET', `/certificates/${recorded}`, { as: 'reviewer1' })).status).toBe(200);

    const declared = skillCertificateNumber(8_202, 'LEVEL_4');
    const declaration = { ...certificateBody(person, declared, { level: 'LEVEL_4' }), scan: { contentType: 'image/jpeg', size: 2048 }, obtainedOutsideProvince: true };
    const made = await runtime().request('POST', '/certificates/declarations', { as: 'trainee1', body: declaration });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const verify = (as: string) => runtime().request('POST', `/certificates/${declared}/verification`, { as, body: { decision: 'VERIFY', reason: '与扫描件一致' } });
    const foreign = await verify('reviewer2');
    expect(foreign.status, JSON.stringify(foreign.body)).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain('扫描件');
    const own = await verify('reviewer1');
    expect([own.status, code(own)]).toEqual([409, 'CERTIFICATE_SCAN_MISSING']);
  });
});
