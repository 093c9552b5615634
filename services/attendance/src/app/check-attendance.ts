/**
 * One face check (check-in or check-out), in the order that keeps it cheap and fair: everything
 * that needs no face first (session, window, roster, lock-outs), then one 1:N search among the
 * roster's active templates (which also exposes a classmate's face used for someone else), then
 * the identified trainee's state (frozen identity) and photo history (no photo of theirs used twice,
 * in any session, exactly or nearly), then the database-enforced rules (device rate, one check per
 * kind, no photo twice in a session or for the trainee), then the record with its event in one
 * transaction. The caller learns pass/fail and
 * a reason; score, threshold, engine and image hash go into the record only.
 */
import { createHash } from 'node:crypto';
import { attendanceRecorded, Forbidden, hasRole, newId, outboxItem, type AuthContext } from '@peixun/shared';
import type { NewAnomaly } from '../adapters/anomaly-repository';
import type { CheckRecord, LivenessUse, PhotoHistory } from '../adapters/check-repository';
import type { LimitScope } from '../adapters/keys';
import type { ProjectedClass, ProjectedSession } from '../adapters/projection-repository';
import type { AttendanceDependencies, PhotoDependencies } from '../dependencies';
import {
  AlreadyRecorded,
  ClassCancelled,
  DeviceRateLimited,
  DeviceWindowContended,
  FaceConsentWithdrawn,
  FaceMismatch,
  FaceSecondPhotoNeeded,
  LivenessRequired,
  LockedOut,
  NotOnRoster,
  PhotoReplayed,
  ProxySuspected,
  SessionCancelled,
  SessionNotFound,
  SessionNotOpen,
  TraineeFrozen,
} from '../domain/errors';
import { findReplay, withEntry, type PhotoFingerprint } from '../domain/photo-replay';
import { decideIdentity } from '../domain/identity-decision';
import { checkWindow, isWithinWindow, type CheckKind } from '../domain/session-window';
import { FaceNotEnrolled, subjectKey, type FaceEngine } from '../face';
import { livenessSubject, ownTraineeId } from './access';
import { photoContentType } from './photo';
import { photoFingerprint } from './photo-fingerprint';

/** Concurrent checks of one trainee that keep changing their photo history before ours is saved. */
const MAX_HISTORY_CONFLICTS = 8;

export interface CheckCommand {
  readonly kind: CheckKind;
  readonly sessionId: string;
  readonly photo: Uint8Array;
  readonly traineeId: string | undefined;
  readonly deviceId: string;
  /** The passed liveness check this check consumes (required when `config.livenessRequired`). */
  readonly livenessId: string | undefined;
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

export async function checkAttendance(deps: PhotoDependencies, engine: FaceEngine, command: CheckCommand): Promise<CheckPassed> {
  const { projection, checks, config } = deps;
  const { session, cls } = await openSession(deps, command.sessionId, command.authorize);
  const claimed = await claimedTrainee(deps, command);
  if (!isWithinWindow(command.kind, { startsAt: session.startsAt, endsAt: session.endsAt }, command.now, config.window)) {
    const { opens, closes } = checkWindow(command.kind, { startsAt: session.startsAt, endsAt: session.endsAt }, config.window);
    throw new SessionNotOpen({ opens: opens.toISOString(), closes: closes.toISOString() });
  }
  const [deviceLocked, traineeLocked, roster, claimedRecord] = await Promise.all([
    checks.isLocked('DEVICE', command.deviceId, command.now),
    claimed === undefined ? false : checks.isLocked('TRAINEE', claimed, command.now),
    projection.memberIds(cls.classId, 'ENROLLED'),
    claimed === undefined ? undefined : projection.getTrainee(claimed),
  ]);
  if (claimed !== undefined && claimedRecord?.frozenAt !== undefined) throw new TraineeFrozen(claimed);
  if (deviceLocked || traineeLocked) throw new LockedOut({ deviceLocked, traineeLocked });
  if (claimed !== undefined && !roster.includes(claimed)) throw new NotOnRoster({ traineeId: claimed, classId: cls.classId });
  // Before the face is looked at: without a live person at the camera the photo proves nothing.
  const liveness = config.livenessRequired ? await usableLiveness(deps, command) : undefined;
  const candidates = await activeTemplates(deps, roster);
  if (claimed !== undefined && !candidates.includes(claimed)) {
    if (claimedRecord?.faceConsentWithdrawnAt !== undefined) throw new FaceConsentWithdrawn(claimed);
    throw new FaceNotEnrolled(claimed);
  }

  // Scores of every candidate (threshold 0): the decision needs the claimed trainee's score and the best other one.
  const search = await engine.searchFace(command.photo, { candidates, threshold: 0, maxMatches: Math.max(candidates.length, 1) });
  const decision = decideIdentity(claimed, search.matches, { threshold: engine.threshold, secondPhotoFrom: engine.secondPhotoFrom });
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
  if (decision.outcome === 'SECOND_PHOTO') {
    // Counted like a mismatch: a look-alike must not get unlimited tries at climbing over the threshold.
    await registerFailure(deps, claimed, command, anomalyBase);
    throw new FaceSecondPhotoNeeded();
  }

  const traineeId = decision.traineeId;
  // The photo passed the engine's decoding gates, so it can be fingerprinted safely now.
  // A claimed trainee's record was read before the search; the one a kiosk identified is read now.
  const [identified, fingerprint, firstHistory] = await Promise.all([
    claimed === undefined ? projection.getTrainee(traineeId) : undefined,
    photoFingerprint(command.photo),
    checks.photoHistory(traineeId),
  ]);
  if (identified?.frozenAt !== undefined) throw new TraineeFrozen(traineeId);
  const replayCheck = { deps, command, traineeId, fingerprint, claimed, anomalyBase };
  await refuseReplay(replayCheck, firstHistory);

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
    imageHash: fingerprint.sha256,
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
  const entry = { hash: fingerprint.hash, sessionId: session.sessionId, kind: command.kind, recordId, at };
  const saveWithHistory = async (): Promise<void> => {
    let history = firstHistory;
    for (let conflicts = 0; conflicts < MAX_HISTORY_CONFLICTS; conflicts++) {
      const outcome = await checks.save(record, { entries: withEntry(history.entries, entry, config.photoReplay), readVersion: history.version }, [recorded], liveness);
      if (outcome === 'SAVED') return;
      if (outcome === 'ALREADY_RECORDED') throw new AlreadyRecorded();
      if (outcome === 'LIVENESS_UNUSABLE') throw new LivenessRequired({ livenessId: command.livenessId, reason: 'USED_OR_EXPIRED' });
      if (outcome === 'PHOTO_REPLAYED') return replayed(replayCheck);
      if (outcome === 'PHOTO_REUSED') {
        // Identical bytes already used for someone else in this session: a picture passed around, not a person at the camera.
        await deps.anomalies.record({ ...anomalyBase, kind: 'PROXY_ATTEMPT', traineeId, otherTraineeIds: [] });
        throw new ProxySuspected();
      }
      // Another check of this trainee was saved meanwhile: compare with what it added, then try again.
      history = await checks.photoHistory(traineeId);
      await refuseReplay(replayCheck, history);
    }
    // Practically unreachable (one person, eight checks at once); answered like a contended device: 503, retry.
    throw new DeviceWindowContended(command.deviceId);
  };
  await Promise.all([deps.photos.put(photoKey, command.photo, photoContentType(command.photo)), saveWithHistory()]);
  return { result: 'PASSED', recordId, traineeId, kind: command.kind, at };
}

/**
 * The named liveness result, if this check may consume it: passed, unused, still usable, of this
 * session and of this trainee (own phone) or device (kiosk), and — for the embedded check, whose
 * frames the service judged — a photo that is one of that burst's frames, so the face checked is
 * the one that moved. Read here for a clear refusal before the face search; the check's
 * transaction consumes it under the same conditions, so two checks racing with one result cannot
 * both pass.
 */
async function usableLiveness(deps: AttendanceDependencies, command: CheckCommand): Promise<LivenessUse> {
  if (command.livenessId === undefined) throw new LivenessRequired({ reason: 'MISSING' });
  const subject = subjectKey(await livenessSubject(deps.projection, command.auth, command.deviceId));
  const stored = await deps.liveness.get(command.livenessId);
  const usable =
    stored !== undefined &&
    stored.status === 'PASSED' &&
    stored.challenge.sessionId === command.sessionId &&
    subjectKey(stored.challenge.subject) === subject &&
    stored.usableUntil !== undefined &&
    Date.parse(stored.usableUntil) > command.now.getTime();
  if (!usable) throw new LivenessRequired({ livenessId: command.livenessId, reason: stored === undefined ? 'NOT_FOUND' : stored.status });
  // Rekognition streams its own video, so its pass has no frames a photo could be checked against.
  const photoSha256 = stored?.result?.mode === 'embedded' ? createHash('sha256').update(command.photo).digest('hex') : undefined;
  if (photoSha256 !== undefined && (await deps.liveness.burstOfFrame(photoSha256)) !== command.livenessId) {
    throw new LivenessRequired({ livenessId: command.livenessId, reason: 'PHOTO_NOT_FROM_BURST' });
  }
  return { challengeId: command.livenessId, subjectKey: subject, photoSha256 };
}

interface ReplayCheck {
  readonly deps: AttendanceDependencies;
  readonly command: CheckCommand;
  readonly traineeId: string;
  readonly fingerprint: PhotoFingerprint;
  readonly claimed: string | undefined;
  readonly anomalyBase: Omit<NewAnomaly, 'kind' | 'otherTraineeIds'>;
}

/**
 * Refuses a photo the trainee already checked with (any session; the same picture re-encoded,
 * resized or mirrored counts). The same photo for the same session and kind is a client's retry
 * of a check already recorded, answered as such.
 */
async function refuseReplay(check: ReplayCheck, history: PhotoHistory): Promise<void> {
  const earlier = findReplay(check.fingerprint, history.entries, check.deps.config.photoReplay);
  if (earlier === undefined) return;
  if (earlier.sessionId === check.command.sessionId && earlier.kind === check.command.kind) throw new AlreadyRecorded();
  await replayed(check);
}

async function replayed(check: ReplayCheck): Promise<never> {
  await check.deps.anomalies.record({ ...check.anomalyBase, kind: 'PHOTO_REPLAY', traineeId: check.traineeId, otherTraineeIds: [] });
  // A replayed picture is an attempt to pass as someone without being there: it counts towards the lock-out.
  await registerFailure(check.deps, check.claimed ?? check.traineeId, check.command, check.anomalyBase);
  throw new PhotoReplayed();
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
