import type { ClaimView } from '@peixun/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser, type SeededUser } from '../../local/src/identity/users';
import { claimsManifest } from '../../services/claims/src/manifest';
import { useLocalRuntime } from '../support/runtime';
import { approvedClass, certificateBody, idNumber, type Person, registered, skillCertificateNumber } from './fixtures/claims';

/**
 * Seeded randomized test of the ledger's invariants under concurrent actors: two people race
 * claims (each request sent once or duplicated, in shuffled order) over certificates of a few
 * occupations and levels, then reviewers approve or reject them, some decisions sent twice.
 * Whatever the interleaving: at most one live subsidy per person + occupation + level and at most
 * 3 live direct subsidies per person and period. The seed is printed; a failing one goes into
 * REGRESSION_SEEDS, which run before the new seed on every run.
 */
const REGRESSION_SEEDS: number[] = [];
const seed = Number(process.env.CLAIMS_SEED ?? Date.now() % 1_000_000);

function mulberry32(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const runtime = useLocalRuntime({ manifests: [claimsManifest] });
const OCCUPATIONS = ['5-01-01-01', '5-01-01-02', '5-01-01-03'];
const LEVELS = ['LEVEL_5', 'LEVEL_4', 'LEVEL_3'] as const;
const people: Person[] = [
  { user: findUser('trainee1') as SeededUser, traineeId: 'trn_r1', name: '赵甲', idNumber: idNumber(501) },
  { user: findUser('trainee2') as SeededUser, traineeId: 'trn_r2', name: '钱乙', idNumber: idNumber(502) },
];

beforeAll(async () => {
  runtime().setClock(new Date('2025-07-01T10:00:00+08:00'));
  people.forEach((person) => runtime().bus.publish(registered(person)));
  runtime().bus.publish(approvedClass({ classId: 'cls_random_standards', roster: [] }, OCCUPATIONS));
  await runtime().bus.settled();
});
afterAll(() => runtime().setClock(undefined));

async function runRound(roundSeed: number, serialBase: number): Promise<void> {
  const random = mulberry32(roundSeed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const certificates: Array<{ person: Person; number: string; occupationCode: string; level: (typeof LEVELS)[number] }> = [];
  for (let i = 0; i < 10; i += 1) {
    const person = pick(people);
    const occupationCode = pick(OCCUPATIONS);
    const level = pick(LEVELS);
    const number = skillCertificateNumber(serialBase + i, level);
    const response = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(person, number, { occupationCode, level, issuedOn: '2025-06-01' }) });
    expect(response.status).toBe(201);
    certificates.push({ person, number, occupationCode, level });
  }
  // Each claim sent once or twice, all shuffled, all at once.
  const requests = certificates.flatMap((certificate) => (random() < 0.5 ? [certificate, certificate] : [certificate]));
  requests.sort(() => random() - 0.5);
  const filed = await Promise.all(
    requests.map((certificate) =>
      runtime().request('POST', '/direct-claims', {
        as: certificate.person.user.username,
        body: { certificateNumber: certificate.number, idNumber: certificate.person.idNumber, insuredEmployee: false },
      }),
    ),
  );
  const claims = filed.filter((response) => response.status === 201).map((response) => response.body as ClaimView);
  // Reviewers decide concurrently, some claims twice: approve or reject at random.
  const decisions = claims.flatMap((claim) => (random() < 0.3 ? [claim, claim] : [claim])).map((claim) => ({ claim, decision: random() < 0.6 ? 'APPROVE' : 'REJECT' }));
  await Promise.all(decisions.map(({ claim, decision }) => runtime().request('POST', `/claims/${claim.claimId}/decisions`, { as: 'reviewer1', body: { decision, reasons: ['随机审核'] } })));
}

async function liveLines(person: Person): Promise<ClaimView['lines']> {
  const list = await runtime().request('GET', '/claims', { as: person.user.username });
  const ids = (list.body as { claims: Array<{ claimId: string }> }).claims.map((claim) => claim.claimId);
  const views = await Promise.all(ids.map(async (id) => (await runtime().request('GET', `/claims/${id}`, { as: person.user.username })).body as ClaimView));
  return views.flatMap((view) => view.lines).filter((line) => !['REJECTED', 'RETURNED', 'NOT_ELIGIBLE'].includes(line.status));
}

describe('claims ledger invariants under concurrent, duplicated and reordered requests', () => {
  for (const [index, roundSeed] of [...REGRESSION_SEEDS, seed].entries()) {
    it(`seed ${roundSeed}: one live subsidy per person+occupation+level, at most 3 per period`, async () => {
      console.info(`claims invariants seed: ${roundSeed} (replay with CLAIMS_SEED=${roundSeed})`);
      await runRound(roundSeed, 70_000 + index * 100);
      for (const person of people) {
        const lines = await liveLines(person);
        const keys = lines.map((line) => `${line.occupationCode}#${line.level}`);
        expect(new Set(keys).size, `seed ${roundSeed}: ${keys.join(',')}`).toBe(keys.length);
        expect(lines.length, `seed ${roundSeed}`).toBeLessThanOrEqual(3);
      }
    });
  }
});
