/**
 * Issue 13, item 5: no ID number, phone number or name the tests send shows up in the logs of the
 * local runtime. Every service runs as `npm start` wires it, with everything it writes captured
 * (the gateway's lines and each function's stdout/stderr); a registration flow that also goes
 * wrong in the usual ways (the same ID twice, a bad check digit, a reused idempotency key, another
 * role looking) runs through it, its events are delivered, and every captured line is scanned.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RuntimeLog } from '../../local/src/log';
import { serviceManifests } from '../../services/manifests';
import { residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { useLocalRuntime } from '../support/runtime';

const lines: string[] = [];
const captured: RuntimeLog = {
  info: (message) => lines.push(message),
  warn: (message) => lines.push(message),
  error: (message, cause) => lines.push(`${message} ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause ?? '')}`),
  output: (line) => lines.push(line),
};
// The registration's service and attendance, which keeps a projection of what it announces.
const runtime = useLocalRuntime({ log: captured, manifests: serviceManifests.filter((manifest) => ['enrollment', 'attendance'].includes(manifest.name)) });

/** People only this test knows: their numbers and names appear nowhere else. */
const PEOPLE = [
  { idNumber: residentId('520102', '19870412', 517), name: '欧阳明远', phone: '13987654321' },
  { idNumber: residentId('520102', '19920830', 628), name: '司马青岚', phone: '15876543210' },
] as const;

const registration = (person: (typeof PEOPLE)[number]) => ({
  idNumber: person.idNumber,
  name: person.name,
  phone: person.phone,
  targetGroups: ['RURAL_MIGRANT_WORKER'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
});

describe('log scan (issue 13): no personal data the tests send reaches the logs', () => {
  it('a registration flow with its refusals leaves no ID number, phone or name in any log line', async () => {
    const [first, second] = PEOPLE;
    const registered = await runtime().request('POST', '/trainees', { as: 'trainee1', body: registration(first) });
    expect(registered.status, lines.filter((line) => /✖|rror/.test(line)).join('\n').slice(0, 3000)).toBe(201);
    const traineeId = (registered.body as { traineeId: string }).traineeId;
    // Refusals are what gets logged with context: the same ID again, a bad check digit.
    expect((await runtime().request('POST', '/trainees', { as: 'school1', body: registration(first) })).status).toBe(409);
    expect((await runtime().request('POST', '/trainees', { as: 'school1', body: { ...registration(second), idNumber: `${second.idNumber.slice(0, 17)}0` } })).status).toBe(400);
    // Under an idempotency key: the answer replayed, then the key reused for another person.
    const key = randomUUID();
    const headers = { 'idempotency-key': key };
    expect((await runtime().request('POST', '/trainees', { as: 'school1', body: registration(second), headers })).status).toBe(201);
    expect((await runtime().request('POST', '/trainees', { as: 'school1', body: registration(second), headers })).status).toBe(201);
    expect((await runtime().request('POST', '/trainees', { as: 'school1', body: { ...registration(second), name: '司马青山' }, headers })).status).toBe(422);
    // Others looking: an administrator, a school with no claim to the record (403), the person.
    expect((await runtime().request('GET', `/trainees/${traineeId}`, { as: 'admin' })).status).toBe(200);
    expect((await runtime().request('GET', `/trainees/${traineeId}`, { as: 'school2' })).status).toBe(403);
    expect((await runtime().request('GET', `/trainees/${traineeId}`, { as: 'trainee1' })).status).toBe(200);
    // The events travel to every subscriber, whose handlers log too.
    await runtime().bus.waitFor({ source: ['peixun.enrollment'], 'detail-type': ['Trainee.Registered'], detail: { traineeId: [traineeId] } }, { timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const secrets = PEOPLE.flatMap((person) => [person.idNumber, person.phone, person.name, '司马青山']);
    const hits = lines.filter((line) => secrets.some((secret) => line.includes(secret)));
    console.log(`log scan: ${lines.length} lines scanned, PII hits = ${hits.length}`);
    expect(hits).toEqual([]);
    // The scan read what the functions wrote, refusals included, not an empty log.
    expect(lines.some((line) => line.includes('request refused'))).toBe(true);
    expect(lines.length).toBeGreaterThan(20);
  }, 180_000);
});
