import type { CertificateLevel, SubsidyKind } from '@peixun/shared';

/**
 * Single-table layout of the claims service.
 * Registry and invariants (the items DynamoDB refuses a second write of):
 * - `CERT#<number>` / `CERT`: the certificate — its own uniqueness sentinel; gsi1 under the person's
 *   fingerprint, gsi2 under holder name + masked ID number (how roster members are matched);
 * - `PERSON#<fingerprint>` / `HELD#<occupation>`: the highest verified level rank the person holds;
 * - `SUBSIDY#<fingerprint>#<occupation>#<level>` / `SUBSIDY`: one subsidy per person, occupation
 *   and level, whichever kind took it (training, direct, or the imported skill-upgrade list);
 * - `COUNT#<fingerprint>#<kind>#<period>` / `COUNT`: subsidies of a kind in a policy period;
 * - `CLASSCLAIM#<classId>` / `CLAIM`: one training claim per class.
 * Queue: `DECLARATIONS` / `<areaCode>#<number>`: a copy of each self-declared certificate while it
 *   waits for a reviewer (written with the declaration, deleted with the decision), queried by the
 *   prefix of the reviewer's area, so a city's office sees its counties' declarations.
 * Claims: `CLAIM#<id>` / `CLAIM` (gsi1 by owner, gsi2 by approving area) and `CLAIM#<id>` /
 * `LINE#<lineId>` (gsi1 `DISCLOSURE` / `<until>#<claimId>#<lineId>` while on the public list).
 * Projections: `TRAINEE#<id>`, `ACCOUNT#<sub>` (the trainee a login acts as, with a copy of its facts), `INSTITUTION#<id>`, `CLASS#<id>` / `CLASS`,
 * `…/ATTENDANCE`, `…/MANUAL#<traineeId>#<recordId>`, `…/MISSING#<sessionId>`, `STANDARD#<occupation>#<level>`
 * (the catalogue's subsidy as the latest approved class carried it), `RATE#<source>#<hour>`.
 * Reference: `WORKCAL#<year>` / `VERSION#<v>` (a published working calendar, written once) and
 * `WORKCAL#<year>` / `CURRENT` (the version in force).
 */
export const certificateKey = (number: string) => ({ pk: `CERT#${number}`, sk: 'CERT' });
export const DECLARATIONS_PARTITION = 'DECLARATIONS';
export const pendingDeclarationKey = (areaCode: string, number: string) => ({ pk: DECLARATIONS_PARTITION, sk: `${areaCode}#${number}` });
export const personPartition = (fingerprint: string) => `PERSON#${fingerprint}`;
export const holderPartition = (name: string, idNumberMasked: string) => `HOLDER#${name}#${idNumberMasked}`;
export const heldKey = (fingerprint: string, occupationCode: string) => ({ pk: personPartition(fingerprint), sk: `HELD#${occupationCode}` });
export const subsidyKey = (fingerprint: string, occupationCode: string, level: CertificateLevel) => ({
  pk: `SUBSIDY#${fingerprint}#${occupationCode}#${level}`,
  sk: 'SUBSIDY',
});
export const counterKey = (fingerprint: string, kind: SubsidyKind, period: string) => ({ pk: `COUNT#${fingerprint}#${kind}#${period}`, sk: 'COUNT' });
export const classClaimKey = (classId: string) => ({ pk: `CLASSCLAIM#${classId}`, sk: 'CLAIM' });
export const claimKey = (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'CLAIM' });
export const lineKey = (claimId: string, lineId: string) => ({ pk: `CLAIM#${claimId}`, sk: `LINE#${lineId}` });
export const DISCLOSURE_PARTITION = 'DISCLOSURE';
export const disclosureSort = (until: string, claimId: string, lineId: string) => `${until}#${claimId}#${lineId}`;
export const traineeKey = (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'TRAINEE' });
export const accountKey = (sub: string) => ({ pk: `ACCOUNT#${sub}`, sk: 'ACCOUNT' });
export const institutionKey = (institutionId: string) => ({ pk: `INSTITUTION#${institutionId}`, sk: 'INSTITUTION' });
export const classKey = (classId: string) => ({ pk: `CLASS#${classId}`, sk: 'CLASS' });
export const attendanceKey = (classId: string) => ({ pk: `CLASS#${classId}`, sk: 'ATTENDANCE' });
export const manualRecordKey = (classId: string, traineeId: string, recordId: string) => ({ pk: `CLASS#${classId}`, sk: `MANUAL#${traineeId}#${recordId}` });
export const missingRecordingKey = (classId: string, sessionId: string) => ({ pk: `CLASS#${classId}`, sk: `MISSING#${sessionId}` });
export const standardKey = (occupationCode: string, level: CertificateLevel) => ({ pk: `STANDARD#${occupationCode}#${level}`, sk: 'STANDARD' });
export const rateKey = (source: string, hour: string) => ({ pk: `RATE#${source}#${hour}`, sk: 'RATE' });
export const ownerPartition = (payee: { kind: 'INSTITUTION'; institutionId: string } | { kind: 'TRAINEE'; traineeId: string }) =>
  payee.kind === 'INSTITUTION' ? `OWNER#INSTITUTION#${payee.institutionId}` : `OWNER#TRAINEE#${payee.traineeId}`;
export const areaPartition = (areaCode: string) => `AREA#${areaCode}`;
export const calendarVersionKey = (year: number, version: string) => ({ pk: `WORKCAL#${year}`, sk: `VERSION#${version}` });
export const currentCalendarKey = (year: number) => ({ pk: `WORKCAL#${year}`, sk: 'CURRENT' });
/** A stored item as the record it holds: without its keys and entity name. */
export const withoutKeys = <T>(item: Record<string, unknown> | undefined): T | undefined => {
  if (item === undefined) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, entity: _e, ...rest } = item;
  return rest as T;
};

