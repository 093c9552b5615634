/** Roles are Cognito groups in AWS and seeded users locally; both arrive as `cognito:groups`. */
export const ROLES = ['trainee', 'institution', 'reviewer', 'finance', 'admin', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  trainee: '学员',
  institution: '培训机构工作人员',
  reviewer: '人社部门审核人员',
  finance: '财务人员',
  admin: '系统管理员',
  evaluator: '职业技能评价机构',
};
