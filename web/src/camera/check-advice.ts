/**
 * What a failed face check means for the person in front of the camera, in plain words, and what
 * to do next. The service answers only a code (never a score); each code gets one of three ways
 * forward: try again (better light, face in the frame), wait, or ask staff for the manual record.
 */
export type NextStep = 'retry' | 'wait' | 'staff' | 'none';

export interface CheckAdvice {
  headline: string;
  advice: string;
  next: NextStep;
}

export const CHECK_ADVICE: Readonly<Record<string, CheckAdvice>> = {
  FACE_MISMATCH: { headline: '人脸比对未通过', advice: '请本人正对摄像头，摘下帽子和口罩，在光线充足处重试；多次失败请联系培训机构工作人员人工补录。', next: 'retry' },
  FACE_RETRY_SECOND_PHOTO: { headline: '请再拍一张照片', advice: '这次比对结果不够明确，未予通过。请本人摘下帽子和眼镜，在光线充足处正对摄像头重新拍一张。', next: 'retry' },
  PROXY_SUSPECTED: { headline: '疑似代签，未予通过', advice: '须由学员本人现场刷脸，请勿使用照片或他人代签。如有疑问请联系工作人员。', next: 'staff' },
  FACE_NOT_FOUND: { headline: '未检测到人脸', advice: '请把脸放进取景框内，正对摄像头后重试。', next: 'retry' },
  FACE_MULTIPLE: { headline: '画面中有多张人脸', advice: '请确保取景框内只有您一人后重试。', next: 'retry' },
  FACE_TOO_SMALL: { headline: '人脸太小', advice: '请靠近摄像头，让脸部占满取景框后重试。', next: 'retry' },
  FACE_BLURRED: { headline: '照片模糊', advice: '请保持手机稳定，擦拭镜头后重试。', next: 'retry' },
  FACE_POSE: { headline: '人脸角度过大', advice: '请正对摄像头、不要歪头或侧脸后重试。', next: 'retry' },
  FACE_LOW_QUALITY: { headline: '照片质量不足', advice: '请到光线更好的地方（避免逆光）后重试。', next: 'retry' },
  IMAGE_UNREADABLE: { headline: '照片无法识别', advice: '请重新拍摄。', next: 'retry' },
  IMAGE_UNSUPPORTED: { headline: '照片格式不支持', advice: '请重新拍摄。', next: 'retry' },
  IMAGE_TOO_LARGE: { headline: '照片过大', advice: '请重新拍摄。', next: 'retry' },
  FACE_ENGINE_BUSY: { headline: '识别服务繁忙', advice: '请稍等几秒后重试。', next: 'wait' },
  DEVICE_BUSY: { headline: '设备繁忙', advice: '请稍等几秒后重试。', next: 'wait' },
  DEVICE_RATE_LIMITED: { headline: '本设备考勤过于频繁', advice: '请稍等一分钟后重试，或使用自己的手机签到。', next: 'wait' },
  LOCKED_OUT: { headline: '失败次数过多，已暂时锁定', advice: '请 3 分钟后再试；如仍无法通过，请联系工作人员人工补录。', next: 'staff' },
  // The page runs the liveness step on the first LIVENESS_REQUIRED; seen again, the passed check was used or expired.
  LIVENESS_REQUIRED: { headline: '需要重新完成活体检测', advice: '活体检测结果已失效（每次检测只能用于一次考勤，约 60 秒内有效）。请重新开始，按提示转头或眨眼。', next: 'retry' },
  LIVENESS_CHALLENGE_UNAVAILABLE: { headline: '活体检测已超时', advice: '请重新开始，并在提示出现后按要求完成动作。', next: 'retry' },
  LIVENESS_NOT_FINISHED: { headline: '活体检测尚未完成', advice: '请稍等几秒后重试。', next: 'wait' },
  FACE_NOT_ENROLLED: { headline: '尚未采集人脸', advice: '请先在“人脸授权”页面采集本人照片，或请培训机构工作人员协助采集。', next: 'staff' },
  FACE_CONSENT_WITHDRAWN: { headline: '您已撤回人脸识别同意', advice: '无法刷脸考勤，请联系培训机构工作人员人工补录考勤。', next: 'staff' },
  NOT_ON_ROSTER: { headline: '您不在本班花名册内', advice: '请确认课次是否正确，或联系培训机构核实。', next: 'staff' },
  SESSION_NOT_OPEN: { headline: '现在不在考勤时间内', advice: '签到在开课前后开放，签退在下课前开放，请在规定时间内操作。', next: 'none' },
  ALREADY_RECORDED: { headline: '本课次已有考勤记录', advice: '无需重复操作。', next: 'none' },
  PHOTO_REPLAYED: { headline: '照片重复使用，未予通过', advice: '这张照片与此前考勤用过的照片相同或几乎相同。请本人在现场对着镜头重新拍摄一张。', next: 'retry' },
  TRAINEE_FROZEN: { headline: '学员档案已冻结', advice: '该档案的身份证号已由本人实名核验后重新登记，不能再考勤。如有疑问请联系当地人社部门。', next: 'none' },
  SESSION_CANCELLED: { headline: '课次已取消', advice: '本课次无需考勤。', next: 'none' },
  CLASS_CANCELLED: { headline: '培训班已取消', advice: '本班无需考勤。', next: 'none' },
  SESSION_NOT_FOUND: { headline: '课次不存在', advice: '请返回首页重新选择课次。', next: 'none' },
};
