import {
  areaPrefix,
  type AuthContext,
  certificateRecorded,
  hasRole,
  type CertificateView,
  type DeclareCertificateBody,
  type DeclaredCertificate,
  maskNumberForPublic,
  maskResidentId,
  NotFound,
  now,
  outboxItem,
  type RecordCertificateBody,
} from '@peixun/shared';
import { scanKeyOf } from '../adapters/scan-store';
import type { ClaimsDependencies, ScanDependencies } from '../dependencies';
import { inspectCertificateNumber } from '../domain/certificate-number';
import { shanghaiDate } from '../domain/claim-deadline';
import { certificateDateInFuture, certificateNotHolder, certificateScanMissing, certificateNotPending, certificateNumberInvalid, certificateNumberTaken } from '../domain/errors';
import type { CertificateRecord } from '../domain/model';

export function certificateView(record: CertificateRecord): CertificateView {
  const { personFingerprint: _fp, idNumberSealed: _sealed, idNumberPublic: _public, scanReference: _scan, ...view } = record;
  return view;
}

function recordedEvent(record: CertificateRecord, at: Date) {
  return outboxItem(
    certificateRecorded,
    {
      certificateNumber: record.certificateNumber,
      holderName: record.holderName,
      idNumberMasked: record.idNumberMasked,
      ...(record.traineeId === undefined ? {} : { traineeId: record.traineeId }),
      occupationCode: record.occupationCode,
      occupationName: record.occupationName,
      level: record.level,
      issuedOn: record.issuedOn,
      ...(record.issuingBody === undefined ? {} : { issuingBody: record.issuingBody }),
      source: record.source,
      recordedAt: at.toISOString(),
    },
    at,
  );
}

/** The number's published format and level digit, and an issue date not after today. */
export function checkCertificateFacts(body: RecordCertificateBody, at: Date): void {
  const number = inspectCertificateNumber(body.certificateNumber, body.level, body.issuingBody);
  if (!number.ok) throw certificateNumberInvalid(number.problem);
  if (body.issuedOn > shanghaiDate(at)) throw certificateDateInFuture(body.issuedOn);
}

function validated(deps: ClaimsDependencies, body: RecordCertificateBody, at: Date, extra: Pick<CertificateRecord, 'source' | 'status' | 'recordedBy' | 'traineeId' | 'scanReference'>): CertificateRecord {
  checkCertificateFacts(body, at);
  return {
    certificateNumber: body.certificateNumber,
    personFingerprint: deps.cipher.fingerprint(body.idNumber),
    idNumberSealed: deps.cipher.encrypt(body.idNumber),
    idNumberMasked: maskResidentId(body.idNumber),
    idNumberPublic: maskNumberForPublic(body.idNumber),
    holderName: body.holderName,
    occupationCode: body.occupationCode,
    occupationName: body.occupationName,
    level: body.level,
    issuedOn: body.issuedOn,
    ...(body.issuingBody === undefined ? {} : { issuingBody: body.issuingBody }),
    recordedAt: at.toISOString(),
    ...extra,
  };
}

/** An evaluation body's result: verified at once, unique by number, announced with `Certificate.Recorded`. */
export async function recordCertificate(deps: ClaimsDependencies, auth: AuthContext, body: RecordCertificateBody): Promise<CertificateView> {
  const at = now();
  const record = validated(deps, body, at, { source: 'EVALUATION', status: 'VERIFIED', recordedBy: auth.username, traineeId: undefined, scanReference: undefined });
  if (!(await deps.ledger.recordCertificate(record, [recordedEvent(record, at)]))) throw certificateNumberTaken(record.certificateNumber);
  return certificateView(record);
}

/**
 * A trainee's own certificate (Art. 22, also from outside the province): counts once a reviewer
 * verified it against the scan, which the trainee uploads through the presigned PUT answered here.
 */
export async function declareCertificate(deps: ScanDependencies, auth: AuthContext, body: DeclareCertificateBody): Promise<DeclaredCertificate> {
  const at = now();
  const trainee = await deps.projections.traineeOfAccount(auth.sub);
  if (trainee === undefined || trainee.name !== body.holderName || trainee.idNumberMasked !== maskResidentId(body.idNumber)) throw certificateNotHolder();
  const record = validated(deps, body, at, {
    source: 'SELF_DECLARED',
    status: 'PENDING_VERIFICATION',
    recordedBy: auth.username,
    traineeId: trainee.traineeId,
    scanReference: scanKeyOf(body.certificateNumber),
  });
  if (!(await deps.ledger.recordCertificate(record, []))) throw certificateNumberTaken(record.certificateNumber);
  const upload = await deps.scans.presignUpload(scanKeyOf(body.certificateNumber), body.scan.contentType, body.scan.size);
  return { ...certificateView(record), scanUpload: { url: upload.url, method: 'PUT', contentType: body.scan.contentType, expiresAt: upload.expiresAt } };
}

export async function decideDeclaration(
  deps: ScanDependencies,
  auth: AuthContext,
  number: string,
  body: { decision: 'VERIFY' | 'REFUSE'; reason: string },
  /** The caller's access to this certificate, checked before its state is looked at. */
  assertMayDecide: (record: CertificateRecord) => void,
): Promise<CertificateView> {
  const at = now();
  const current = await deps.ledger.certificate(number);
  if (current === undefined) throw new NotFound('证书', number);
  assertMayDecide(current);
  if (body.decision === 'VERIFY' && (current.scanReference === undefined || !(await deps.scans.exists(current.scanReference)))) throw certificateScanMissing();
  const record: CertificateRecord = {
    ...current,
    status: body.decision === 'VERIFY' ? 'VERIFIED' : 'REFUSED',
    verification: { decision: body.decision, reason: body.reason, by: auth.username, at: at.toISOString() },
  };
  const events = body.decision === 'VERIFY' ? [recordedEvent(record, at)] : [];
  if (!(await deps.ledger.decideDeclaration(record, events))) throw certificateNotPending();
  return certificateView(record);
}

/**
 * `GET /certificates`: a trainee's own certificates (matched as the registry matches a holder: name
 * and masked ID number of the trainee record this login claimed), and for a reviewer the area's
 * declarations waiting for verification, each with its scan's presigned GET. Newest first.
 */
export async function listCertificates(deps: ScanDependencies, auth: AuthContext): Promise<CertificateView[]> {
  const found: CertificateView[] = [];
  if (hasRole(auth, 'trainee')) {
    const trainee = await deps.projections.traineeOfAccount(auth.sub);
    if (trainee !== undefined) found.push(...(await deps.ledger.certificatesOfHolder(trainee.name, trainee.idNumberMasked)).map(certificateView));
  }
  const prefix = hasRole(auth, 'reviewer') && auth.areaCode !== undefined ? areaPrefix(auth.areaCode) : undefined;
  if (prefix !== undefined) {
    for (const record of await deps.ledger.pendingDeclarations(prefix)) {
      found.push({ ...certificateView(record), ...(record.scanReference === undefined ? {} : { scanUrl: await deps.scans.presignView(record.scanReference) }) });
    }
  }
  return found.sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0));
}
