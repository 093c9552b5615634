/** The attendance service's expected refusals: a stable English code, a Chinese explanation. */
import { DomainError } from '@peixun/shared';

export class SessionNotFound extends DomainError {
  constructor(sessionId: string) {
    super({ code: 'SESSION_NOT_FOUND', status: 404, title: '课次不存在', detail: '未找到该课次，或该班次尚未审批通过、已结班。', context: { sessionId } });
  }
}

export class SessionCancelled extends DomainError {
  constructor(sessionId: string) {
    super({ code: 'SESSION_CANCELLED', status: 409, title: '课次已取消', detail: '该课次已取消，不能签到、签退或补录考勤。', context: { sessionId } });
  }
}

export class ClassCancelled extends DomainError {
  constructor(context: { sessionId: string; classId: string }) {
    super({ code: 'CLASS_CANCELLED', status: 409, title: '班次已取消', detail: '该班次已取消，其课次不能再签到、签退或补录考勤。', context });
  }
}

export class SessionNotOpen extends DomainError {
  constructor(context: Record<string, unknown>) {
    super({ code: 'SESSION_NOT_OPEN', status: 409, title: '不在考勤时间内', detail: '现在不在本课次的签到/签退时间内，请在规定时间内操作。', context });
  }
}

export class NotOnRoster extends DomainError {
  constructor(context: Record<string, unknown>) {
    super({ code: 'NOT_ON_ROSTER', status: 403, title: '不在花名册内', detail: '该学员不在本班次花名册内，不能在此课次考勤。', context });
  }
}

export class FaceMismatch extends DomainError {
  constructor() {
    super({ code: 'FACE_MISMATCH', status: 422, title: '人脸比对未通过', detail: '人脸比对未通过，请本人正对镜头重新拍摄；多次失败将被暂时锁定。' });
  }
}

/**
 * The score fell in the grey zone just below the threshold: maybe the trainee in poor light,
 * maybe a look-alike. Not a pass; a fresh photo decides (each photo on its own).
 */
export class FaceSecondPhotoNeeded extends DomainError {
  constructor() {
    super({
      code: 'FACE_RETRY_SECOND_PHOTO',
      status: 422,
      title: '请再拍一张照片',
      detail: '本次人脸比对结果不够明确，考勤未通过。请本人摘下帽子和眼镜，在光线充足处正对镜头重新拍摄一张照片再试。',
    });
  }
}

export class ProxySuspected extends DomainError {
  constructor() {
    super({ code: 'PROXY_SUSPECTED', status: 422, title: '疑似代签', detail: '该人脸已为其他学员考勤或与其他学员相符，本次考勤未通过并已记录，请由本人考勤。' });
  }
}

export class DeviceRateLimited extends DomainError {
  constructor() {
    super({ code: 'DEVICE_RATE_LIMITED', status: 429, title: '设备考勤过于频繁', detail: '同一台设备一分钟内为过多学员考勤。请每位学员使用本人手机，或由机构登记考勤一体机。' });
  }
}

/** Many simultaneous checks from one device kept overwriting each other's count; the client may retry. */
export class DeviceWindowContended extends DomainError {
  constructor(deviceId: string) {
    super({ code: 'DEVICE_BUSY', status: 503, title: '设备考勤繁忙', detail: '该设备同时提交的考勤过多，请稍后重试。', context: { deviceId } });
  }
}

export class LockedOut extends DomainError {
  constructor(context: Record<string, unknown>) {
    super({ code: 'LOCKED_OUT', status: 429, title: '失败次数过多，已暂时锁定', detail: '人脸比对连续失败次数过多，请 3 分钟后再试，或请机构工作人员人工补录。', context });
  }
}

export class AlreadyRecorded extends DomainError {
  constructor() {
    super({ code: 'ALREADY_RECORDED', status: 409, title: '已有考勤记录', detail: '该学员本课次已有此项考勤记录，无需重复操作。' });
  }
}

/** The photo is (nearly) the same picture as one the trainee already checked with: a replayed photo, not a person at the camera. */
export class PhotoReplayed extends DomainError {
  constructor() {
    super({
      code: 'PHOTO_REPLAYED',
      status: 422,
      title: '照片重复使用',
      detail: '这张照片与您此前考勤使用过的照片相同或几乎相同，本次考勤未通过并已记录。请本人在现场对着镜头重新拍摄一张照片。',
    });
  }
}

/** Trainee.Frozen: a verified registration of the same person took over this record's ID number. */
export class TraineeFrozen extends DomainError {
  constructor(traineeId: string) {
    super({
      code: 'TRAINEE_FROZEN',
      status: 409,
      title: '学员档案已冻结',
      detail: '该学员档案的身份证号已由本人实名核验后重新登记，此档案已冻结，不能再考勤。如有疑问，请联系当地人社部门。',
      context: { traineeId },
    });
  }
}

export class TraineeUnknown extends DomainError {
  constructor(traineeId: string) {
    super({ code: 'TRAINEE_UNKNOWN', status: 404, title: '学员未登记', detail: '未找到该学员的实名登记信息，请先完成实名登记。', context: { traineeId } });
  }
}

export class FaceConsentMissing extends DomainError {
  constructor(traineeId: string) {
    super({ code: 'FACE_CONSENT_MISSING', status: 409, title: '未同意采集人脸', detail: '学员未单独同意处理人脸信息，不能采集人脸；可使用人工补录方式考勤。', context: { traineeId } });
  }
}

export class FaceConsentWithdrawn extends DomainError {
  constructor(traineeId: string) {
    super({
      code: 'FACE_CONSENT_WITHDRAWN',
      status: 409,
      title: '已撤回人脸识别同意',
      detail: '学员已撤回处理人脸信息的同意，人脸模板已删除，不能采集人脸或刷脸考勤；请由机构工作人员人工补录考勤。',
      context: { traineeId },
    });
  }
}

export class FaceReviewNotPending extends DomainError {
  constructor(traineeId: string) {
    super({ code: 'FACE_REVIEW_NOT_PENDING', status: 409, title: '无待审核的人脸', detail: '该学员没有待审核的人脸模板。', context: { traineeId } });
  }
}

export class ManualRecordNotPending extends DomainError {
  constructor(recordId: string) {
    super({ code: 'MANUAL_RECORD_NOT_PENDING', status: 409, title: '补录记录已审核', detail: '该补录记录已审核过，不能重复审核。', context: { recordId } });
  }
}

/** Liveness is required here and the check named no passed, unused, unexpired liveness result of this session and trainee/device. */
export class LivenessRequired extends DomainError {
  constructor(context: Record<string, unknown>) {
    super({
      code: 'LIVENESS_REQUIRED',
      status: 422,
      title: '需要先完成活体检测',
      detail: '请先完成本课次的活体检测（按提示转头或眨眼），通过后立即签到；每次活体检测只能用于一次签到，约 2 分钟内有效。',
      context,
    });
  }
}
