import type { ClassView, TrainingType } from '@peixun/shared/browser';

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
