import type { CertificateView, ClassView, LineStatus, TrainingType } from '@peixun/shared/browser';

/** Chinese names for the codes the API uses. */
export const TRAINING_TYPE_LABELS: Record<TrainingType, string> = {
  EMPLOYMENT_LONG_TERM: '就业技能培训（长期）',
  EMPLOYMENT_SHORT: '就业技能培训（短平快）',
  ENTREPRENEURSHIP: '创业培训',
  LABOUR_PREPARATION: '劳动预备制培训',
  ENTERPRISE_PRE_JOB: '企业岗前培训',
  ENTERPRISE_SAFETY: '企业安全技能培训',
  ENTERPRISE_ON_JOB: '企业在岗职工培训',
  ENTERPRISE_JOB_CHANGE: '企业转岗培训',
  APPRENTICESHIP: '企业新型学徒制培训',
};

export const CLASS_STATUS_LABELS: Record<ClassView['status'], string> = {
  DRAFT: '草稿',
  SUBMITTED: '待审核',
  APPROVED: '已批准',
  REJECTED: '未批准',
  RETURNED: '已退回修改',
  IN_PROGRESS: '培训中',
  COMPLETED: '已结业',
  CANCELLED: '已取消',
};

export const CLASS_STATUS_TAG: Record<ClassView['status'], 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  DRAFT: 'info',
  SUBMITTED: 'warning',
  APPROVED: 'success',
  REJECTED: 'danger',
  RETURNED: 'warning',
  IN_PROGRESS: 'primary',
  COMPLETED: 'success',
  CANCELLED: 'info',
};

export const MATERIAL_LABELS = {
  OPENING_FORM: '开班申请表',
  TEACHING_PLAN: '教学计划',
  TEACHER_PROOF: '师资证明',
  SITE_PROOF: '场地证明',
  EQUIPMENT_LIST: '设施设备清单',
} as const;

export const ACTION_LABELS: Record<string, string> = {
  SUBMIT: '提交审核',
  APPROVE: '批准',
  REJECT: '不予批准',
  RETURN: '退回修改',
  START: '开班',
  COMPLETE: '结业',
  CANCEL: '取消',
  CHANGE: '变更',
};

export const ANOMALY_LABELS = {
  DUPLICATE_FACE: '疑似一人多证',
  PROXY_ATTEMPT: '疑似代签',
  PHOTO_REPLAY: '照片重复使用',
  LOCKED_OUT: '失败过多锁定',
  DEVICE_RATE_LIMITED: '设备考勤过频',
} as const;

export const REPLACEMENT_STATUS_LABELS = {
  requested: '待审核',
  approved: '已同意，待上传',
  rejected: '不同意',
  uploading: '替换录像上传中',
  completed: '已替换',
} as const;

export const RECORDING_STATUS_LABELS = {
  initiated: '待上传',
  uploading: '上传中',
  verifying: '校验中',
  completed: '已完成',
  aborted: '已放弃',
  rejected: '校验未通过',
} as const;

export const COVERAGE_LABELS = { complete: '录像完整', partial: '录像不全', missing: '缺少录像' } as const;

/** Short names of the subsidy kinds for tables and charts (the contracts' labels are the long form). */
export const SUBSIDY_KIND_SHORT = { TRAINING_SUBSIDY: '培训补贴', DIRECT_CERTIFICATE_SUBSIDY: '技能提升补贴' } as const;

export const BATCH_STATUS_TAG = { BUILDING: 'info', SEALED: 'warning', APPROVED: 'primary', EXPORTED: 'primary', RECONCILED: 'success', CANCELLING: 'info', CANCELLED: 'info' } as const;

export const PAYMENT_LINE_LABELS = { OPEN: '待导出', EXPORTED: '已发银行', PAID: '已到账', FAILED: '支付失败', RETURNED: '已退回', CANCELLED: '已撤销' } as const;
export const PAYMENT_LINE_TAG = { OPEN: 'info', EXPORTED: 'primary', PAID: 'success', FAILED: 'danger', RETURNED: 'warning', CANCELLED: 'info' } as const;

/** The reconciliation exceptions the payments service records, by kind. */
export const PAYMENT_EXCEPTION_LABELS: Record<string, string> = {
  UNKNOWN_REFERENCE: '引用了不存在的付款明细',
  AMOUNT_MISMATCH: '金额不符',
  ACCOUNT_MISMATCH: '账号不符',
  DUPLICATE_SETTLEMENT: '重复报告成功（未重复记账）',
  CONFLICTING_STATUS: '结果前后矛盾',
  RETURN_WITHOUT_PAYMENT: '退回未成功支付的款项',
  DUPLICATE_IN_FILE: '同一文件中重复出现',
};

export const BANK_FILE_LABELS = { 'pain.002': '付款状态报告（pain.002）', 'camt.054': '退汇通知（camt.054）', csv: '结果文件（CSV）' } as const;

/** A claim line's state, as trainees, schools and reviewers read it. */
export const LINE_STATUS_LABELS: Record<LineStatus, string> = {
  NOT_ELIGIBLE: '不符合条件',
  IN_REVIEW: '待审核',
  RETURNED: '已退回',
  REJECTED: '未通过',
  IN_DISCLOSURE: '公示中',
  OBJECTED: '有异议待处理',
  READY_FOR_PAYMENT: '待拨付',
  PAID: '已到账',
  PAYMENT_FAILED: '拨付失败',
  PAYMENT_RETURNED: '款项被退回',
};
export const LINE_STATUS_TAG: Record<LineStatus, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  NOT_ELIGIBLE: 'info',
  IN_REVIEW: 'warning',
  RETURNED: 'warning',
  REJECTED: 'danger',
  IN_DISCLOSURE: 'primary',
  OBJECTED: 'warning',
  READY_FOR_PAYMENT: 'primary',
  PAID: 'success',
  PAYMENT_FAILED: 'danger',
  PAYMENT_RETURNED: 'danger',
};

export const DECISION_LABELS = { APPROVE: '审核通过', REJECT: '不予通过', RETURN: '退回补正' } as const;
export const OBJECTION_STATUS_LABELS = { OPEN: '待处理', UPHELD: '异议成立', DISMISSED: '异议不成立' } as const;

export const CERTIFICATE_STATUS_LABELS: Record<CertificateView['status'], string> = { VERIFIED: '已核验', PENDING_VERIFICATION: '待核验', REFUSED: '不予认可' };
export const CERTIFICATE_STATUS_TAG = { VERIFIED: 'success', PENDING_VERIFICATION: 'warning', REFUSED: 'danger' } as const;
export const CERTIFICATE_SOURCE_LABELS: Record<CertificateView['source'], string> = { EVALUATION: '评价机构登记', SELF_DECLARED: '本人申报' };

export const PAYEE_ACCOUNT_KIND_LABELS = { SOCIAL_SECURITY_CARD: '社保卡金融账户', OWN_BANK_ACCOUNT: '本人其他银行账户', SETTLEMENT_ACCOUNT: '机构结算账户' } as const;

/** The rules a claim line is judged by (the finding carries its article and reason; this is its short name). */
export const LINE_RULE_LABELS: Record<string, string> = {
  CERTIFICATE_REQUIRED: '须取得本班对应证书',
  ATTENDANCE_UNKNOWN: '尚无考勤汇总',
  ATTENDANCE_BELOW_THRESHOLD: '出勤率未达结业要求',
  NO_SUBSIDY_STANDARD: '无补贴标准',
  SAMPLE_CATALOGUE: '示例目录不能拨付',
  ALREADY_SUBSIDISED: '同职业同等级已享受补贴',
  LIMIT_REACHED: '政策期内次数已满',
  HIGHER_LEVEL_HELD: '已持有更高等级证书',
  MANUAL_ATTENDANCE: '含人工补录考勤',
  RECORDING_MISSING: '课次录像缺失',
};
