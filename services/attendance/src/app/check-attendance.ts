/**
 * One face check (check-in or check-out), in the order that keeps it cheap and fair: everything
 * that needs no face first (session, window, roster, lock-outs), then one 1:N search among the
 * roster's active templates (which also exposes a classmate's face used for someone else), then
 * the database-enforced rules (device rate, one check per kind, no photo replayed within the
 * session), then the record with its event in one transaction. The caller learns pass/fail and
 * a reason; score, threshold, engine and image hash go into the record only.
 */
import { createHash } from 'node:crypto';
import { attendanceRecorded, Forbidden, hasRole, newId, outboxItem, type AuthContext } from '@peixun/shared';
import type { NewAnomaly } from '../adapters/anomaly-repository';
import type { CheckRecord } from '../adapters/check-repository';
import type { LimitScope } from '../adapters/keys';
import type { ProjectedClass, ProjectedSession } from '../adapters/projection-repository';
import type { AttendanceDependencies } from '../dependencies';
import {
  AlreadyRecorded,
  ClassCancelled,
  DeviceRateLimited,
  FaceConsentWithdrawn,
  FaceMismatch,
  LockedOut,
  NotOnRoster,
  ProxySuspected,
  SessionCancelled,
  SessionNotFound,
  SessionNotOpen,
} from '../domain/errors';
import { decideIdentity } from '../domain/identity-decision';
import { checkWindow, isWithinWindow, type CheckKind } from '../domain/session-window';
import { FaceNotEnrolled, type FaceEngine } from '../face';
import { ownTraineeId } from './access';
import { photoContentType } from './photo';

export interface CheckCommand {
  readonly kind: CheckKind;
  readonly sessionId: string;
  readonly photo: Uint8Array;
  readonly traineeId: string | undefined;
  readonly deviceId: string;
  readonly auth: AuthContext;
  readonly now: Date;
  /** The route's access policy applied to the session's class (`sessionOwner`), before its state is told. */
  readonly authorize: (cls: ProjectedClass) => Promise<void>;
}

export interface CheckPassed {
  readonly result: 'PASSED';
  readonly recordId: string;
  readonly traineeId: string;
  readonly kind: CheckKind;
  readonly at: string;
}

export async function checkAttendance(deps: AttendanceDependencies, engine: FaceEngine, command: CheckCommand): Promise<CheckPassed> {
  const { projection, checks, config } = deps;
  const { session, cls } = await openSession(deps, command.sessionId, command.authorize);
  const claimed = await claimedTrainee(deps, command);
  if (!isWithinWindow(command.kind, { startsAt: session.startsAt, endsAt: session.endsAt }, command.now, config.window)) {
    const { opens, closes } = checkWindow(command.kind, { startsAt: session.startsAt, endsAt: session.endsAt }, config.window);
    throw new SessionNotOpen({ opens: opens.toISOString(), closes: closes.toISOString() });
  }
  const [deviceLocked, traineeLocked, roster] = await Promise.all([
    checks.isLocked('DEVICE', command.deviceId, command.now),
    claimed === undefined ? false : checks.isLocked('TRAINEE', claimed, command.now),
    projection.memberIds(cls.classId, 'ENROLLED'),
  ]);
  if (deviceLocked || traineeLocked) throw new LockedOut({ deviceLocked, traineeLocked });
  if (claimed !== undefined && !roster.includes(claimed)) throw new NotOnRoster({ traineeId: claimed, classId: cls.classId });
  const candidates = await activeTemplates(deps, roster);
  if (claimed !== undefined && !candidates.includes(claimed)) {
    // Only on this path (no usable template) is the trainee read: the usual check pays nothing for it.
    const trainee = await projection.getTrainee(claimed);
    if (trainee?.faceConsentWithdrawnAt !== undefined) throw new FaceConsentWithdrawn(claimed);
    throw new FaceNotEnrolled(claimed);
  }

  // Scores of every candidate (threshold 0): the decision needs the claimed trainee's score and the best other one.
  const search = await engine.searchFace(command.photo, { candidates, threshold: 0, maxMatches: Math.max(candidates.length, 1) });
  const decision = decideIdentity(claimed, search.matches, engine.threshold);
  const anomalyBase = { areaCode: cls.approvingAreaCode, sessionId: session.sessionId, deviceId: command.deviceId, detectedAt: command.now.toISOString() };

  if (decision.outcome === 'OTHER_TRAINEE') {
    await deps.anomalies.record({ ...anomalyBase, kind: 'PROXY_ATTEMPT', ...(claimed === undefined ? {} : { traineeId: claimed }), otherTraineeIds: [decision.matchedTraineeId] });
    await registerFailure(deps, claimed, command, anomalyBase);
    throw new ProxySuspected();
  }
  if (decision.outcome === 'NO_MATCH') {
    await registerFailure(deps, claimed, command, anomalyBase);
    throw new FaceMismatch();
  }

  const traineeId = decision.traineeId;
  // Only the class's own institution's registered kiosks are exempt from the per-device limit.
  if (!(await checks.isKiosk(cls.institutionId, command.deviceId))) {
    const admitted = await deps.deviceWindow.admit(command.deviceId, traineeId, command.now, config.deviceMaxTraineesPerMinute);
    if (!admitted) {
      await deps.anomalies.record({ ...anomalyBase, kind: 'DEVICE_RATE_LIMITED', traineeId, otherTraineeIds: [] });
      throw new DeviceRateLimited();
    }
  }

  const recordId = newId('chk', command.now.getTime());
  const at = command.now.toISOString();
  // The photo and the record are written side by side; a photo whose record is refused just expires.
  const photoKey = deps.photos.keyFor(`checks/${session.sessionId}/${recordId}`);
  const record: CheckRecord = {
    recordId,
    classId: cls.classId,
    sessionId: session.sessionId,
    traineeId,
    kind: command.kind,
    at,
    deviceId: command.deviceId,
    mode: claimed === undefined ? '1:N' : '1:1',
    engine: search.engine.name,
    model: search.engine.model,
    similarity: decision.similarity,
    threshold: engine.threshold,
    templateId: decision.templateId,
    imageHash: createHash('sha256').update(command.photo).digest('hex'),
    photoKey,
    recordedBy: command.auth.sub,
  };
  const recorded = outboxItem(
    attendanceRecorded,
    {
      recordId,
      classId: cls.classId,
      sessionId: session.sessionId,
      traineeId,
      kind: command.kind,
      method: 'FACE',
      at,
      deviceId: command.deviceId,
    },
    command.now,
  );
  const [, outcome] = await Promise.all([deps.photos.put(photoKey, command.photo, photoContentType(command.photo)), checks.save(record, [recorded])]);
  if (outcome === 'ALREADY_RECORDED') throw new AlreadyRecorded();
  if (outcome === 'PHOTO_REUSED') {
    // Identical bytes twice in one session are a replayed picture, not a person at the camera.
    await deps.anomalies.record({ ...anomalyBase, kind: 'PROXY_ATTEMPT', traineeId, otherTraineeIds: [] });
    throw new ProxySuspected();
  }
  return { result: 'PASSED', recordId, traineeId, kind: command.kind, at };
}

/**
 * A session that exists, is not cancelled and belongs to an approved, running class. A cancelled
 * session or class is told apart from an unknown one, so the kiosk can say why — but only to a
 * caller `authorize` lets act on the class: another school learns nothing of its state.
 */
export async function openSession(
  deps: AttendanceDependencies,
  sessionId: string,
  authorize: (cls: ProjectedClass) => Promise<void> | void,
): Promise<{ session: ProjectedSession & { startsAt: string; endsAt: string }; cls: ProjectedClass }> {
  const session = await deps.projection.getSession(sessionId);
  if (session === undefined) throw new SessionNotFound(sessionId);
  const cls = await deps.projection.getClass(session.classId);
  if (cls === undefined) throw new SessionNotFound(sessionId);
  await authorize(cls);
  if (session.status === 'CANCELLED') throw new SessionCancelled(sessionId);
  if (cls.status === 'CANCELLED') throw new ClassCancelled({ sessionId, classId: session.classId });
  if (cls.status !== 'APPROVED' || session.startsAt === undefined || session.endsAt === undefined) {
    throw new SessionNotFound(sessionId);
  }
  return { session: { ...session, startsAt: session.startsAt, endsAt: session.endsAt }, cls };
}

/** A trainee checks in only as themself (1:1); staff may name a trainee (1:1) or leave it to the kiosk (1:N). */
async function claimedTrainee(deps: AttendanceDependencies, command: CheckCommand): Promise<string | undefined> {
  if (hasRole(command.auth, 'institution')) return command.traineeId;
  const own = await ownTraineeId(command.auth, deps.projection);
  if (command.traineeId !== undefined && command.traineeId !== own) throw new Forbidden('学员只能为本人考勤。');
  return own;
}

async function activeTemplates(deps: AttendanceDependencies, roster: readonly string[]): Promise<string[]> {
  const enrollments = await deps.faces.getMany(roster);
  return enrollments.flatMap((enrollment) => (enrollment.status === 'ACTIVE' ? [enrollment.traineeId] : []));
}

/**
 * Counts an identity failure against the trainee (when named) and the device; reaching the limit
 * locks that subject out for a while and flags it for the reviewer (once, at the limit).
 */
async function registerFailure(
  deps: AttendanceDependencies,
  claimed: string | undefined,
  command: CheckCommand,
  anomalyBase: Omit<NewAnomaly, 'kind' | 'otherTraineeIds'>,
): Promise<void> {
  const { checks, config } = deps;
  const subjects: Array<[LimitScope, string]> = [['DEVICE', command.deviceId], ...(claimed === undefined ? [] : [['TRAINEE', claimed] as [LimitScope, string]])];
  for (const [scope, id] of subjects) {
    const failures = await checks.addFailure(scope, id, command.now, config.failureWindowSeconds);
    if (failures < config.failureLimit) continue;
    await checks.lock(scope, id, new Date(command.now.getTime() + config.lockoutSeconds * 1000));
    if (failures === config.failureLimit) {
      await deps.anomalies.record({ ...anomalyBase, kind: 'LOCKED_OUT', ...(claimed === undefined ? {} : { traineeId: claimed }), otherTraineeIds: [] });
    }
  }
}
