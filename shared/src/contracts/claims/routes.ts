import { defineRoute } from '../../http/route-contract';
import { claimErrors } from './errors';
import {
  certificateListSchema,
  certificateParamsSchema,
  certificateViewSchema,
  claimListSchema,
  claimParamsSchema,
  claimViewSchema,
  claimClassParamsSchema,
  decideClaimBodySchema,
  declareCertificateBodySchema,
  declaredCertificateSchema,
  directClaimBodySchema,
  disclosureListSchema,
  importModeQuerySchema,
  importReportSchema,
  lineParamsSchema,
  listClaimsQuerySchema,
  objectionBodySchema,
  objectionFiledSchema,
  objectionParamsSchema,
  recordCertificateBodySchema,
  resolveObjectionBodySchema,
  verifyCertificateBodySchema,
} from './schemas';
import { getWorkingCalendarRoute, publishWorkingCalendarRoute } from './working-calendar';

const certificateTags = ['证书'] as const;
const claimTags = ['补贴申请'] as const;
const disclosureTags = ['公示'] as const;

const NUMBER_ERRORS = ['CERTIFICATE_NUMBER_INVALID', 'CERTIFICATE_NUMBER_TAKEN', 'CERTIFICATE_ISSUER_REQUIRED', 'CERTIFICATE_DATE_IN_FUTURE'] as const;

export const recordCertificateRoute = defineRoute({
  method: 'POST',
  path: '/certificates',
  operationId: 'recordCertificate',
  idempotent: true,
  summary: '登记评价机构核发的证书（证书编号唯一）',
  tags: certificateTags,
  access: { evaluator: 'any', admin: 'any' },
  body: recordCertificateBodySchema,
  response: { status: 201, schema: certificateViewSchema },
  errors: claimErrors(...NUMBER_ERRORS),
});

export const declareCertificateRoute = defineRoute({
  method: 'POST',
  path: '/certificates/declarations',
  operationId: 'declareCertificate',
  idempotent: true,
  summary: '学员自行申报证书（含省外取得，第二十二条），经审核后计入',
  tags: certificateTags,
  access: { trainee: 'own-record' },
  body: declareCertificateBodySchema,
  response: { status: 201, schema: declaredCertificateSchema },
  errors: claimErrors(...NUMBER_ERRORS, 'CERTIFICATE_NOT_HOLDER'),
});

export const verifyCertificateRoute = defineRoute({
  method: 'POST',
  path: '/certificates/{certificateNumber}/verification',
  operationId: 'verifyCertificate',
  idempotent: true,
  summary: '审核学员申报的证书（核验或不予认可）',
  tags: certificateTags,
  access: { reviewer: 'area', admin: 'any' },
  params: certificateParamsSchema,
  body: verifyCertificateBodySchema,
  response: { status: 200, schema: certificateViewSchema },
  errors: claimErrors('NOT_FOUND', 'CERTIFICATE_NOT_PENDING', 'CERTIFICATE_SCAN_MISSING'),
});

export const getCertificateRoute = defineRoute({
  method: 'GET',
  path: '/certificates/{certificateNumber}',
  operationId: 'getCertificate',
  summary: '查看证书',
  tags: certificateTags,
  access: { trainee: 'own-record', evaluator: 'any', reviewer: 'area', admin: 'any' },
  params: certificateParamsSchema,
  response: { status: 200, schema: certificateViewSchema },
  errors: claimErrors('NOT_FOUND'),
});

export const listCertificatesRoute = defineRoute({
  method: 'GET',
  path: '/certificates',
  operationId: 'listCertificates',
  summary: '证书列表：学员看本人的证书，审核人员看本辖区待核验的学员申报证书',
  tags: certificateTags,
  access: { trainee: 'own-record', reviewer: 'area' },
  response: { status: 200, schema: certificateListSchema },
  errors: claimErrors(),
});

export const importCertificatesRoute = defineRoute({
  method: 'POST',
  path: '/certificates/imports',
  operationId: 'importCertificates',
  summary: '评价机构批量导入评价结果（CSV 或 XLSX），返回逐行检查结果',
  tags: certificateTags,
  access: { evaluator: 'any', admin: 'any' },
  query: importModeQuerySchema,
  response: { status: 200, schema: importReportSchema },
  errors: claimErrors('IMPORT_FILE_UNREADABLE'),
});

export const importSkillUpgradeRoute = defineRoute({
  method: 'POST',
  path: '/skill-upgrade-subsidies/imports',
  operationId: 'importSkillUpgradeSubsidies',
  summary: '导入已享受参保职工技能提升补贴的名单（CSV 或 XLSX）：同一人同一职业同一等级不再享受其他补贴',
  tags: claimTags,
  access: { admin: 'any' },
  query: importModeQuerySchema,
  response: { status: 200, schema: importReportSchema },
  errors: claimErrors('IMPORT_FILE_UNREADABLE'),
});

export const fileDirectClaimRoute = defineRoute({
  method: 'POST',
  path: '/direct-claims',
  operationId: 'fileDirectClaim',
  idempotent: true,
  summary: '个人申领证书直补（第二十九条）',
  tags: claimTags,
  access: { trainee: 'own-record' },
  body: directClaimBodySchema,
  response: { status: 201, schema: claimViewSchema },
  errors: claimErrors(
    'NOT_FOUND',
    'CERTIFICATE_NOT_HOLDER',
    'TRAINEE_FROZEN',
    'CERTIFICATE_NOT_VERIFIED',
    'CLAIM_PAST_DEADLINE',
    'CLAIM_ALREADY_SUBSIDISED',
    'CLAIM_HIGHER_LEVEL_HELD',
    'CLAIM_LIMIT_REACHED',
    'CLAIM_NO_POLICY_PERIOD',
    'CLAIM_NO_SUBSIDY_STANDARD',
    'CLAIM_ROUTE_TO_SKILL_UPGRADE',
    'CLAIM_CHANGED_CONCURRENTLY',
  ),
});

export const fileTrainingClaimRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/training-claims',
  operationId: 'fileTrainingClaim',
  idempotent: true,
  summary: '培训机构按班次申请培训补贴（按证补贴，第十八条、第二十二条）',
  tags: claimTags,
  access: { institution: 'own-institution' },
  params: claimClassParamsSchema,
  response: { status: 201, schema: claimViewSchema },
  errors: claimErrors('CLAIM_CLASS_UNKNOWN', 'CLAIM_CLASS_NOT_COMPLETED', 'CLAIM_ALREADY_FILED', 'CLAIM_NO_POLICY_PERIOD', 'FORBIDDEN'),
});

export const getClaimRoute = defineRoute({
  method: 'GET',
  path: '/claims/{claimId}',
  operationId: 'getClaim',
  summary: '查看补贴申请及每条明细的状态',
  tags: claimTags,
  access: { trainee: 'own-record', institution: 'own-institution', reviewer: 'area', finance: 'area', admin: 'any' },
  params: claimParamsSchema,
  response: { status: 200, schema: claimViewSchema },
  errors: claimErrors('NOT_FOUND', 'FORBIDDEN'),
});

export const listClaimsRoute = defineRoute({
  method: 'GET',
  path: '/claims',
  operationId: 'listClaims',
  summary: '补贴申请列表：学员看本人的，机构看本机构的，审核人员看本地区的',
  tags: claimTags,
  access: { trainee: 'own-record', institution: 'own-institution', reviewer: 'area', finance: 'area' },
  query: listClaimsQuerySchema,
  response: { status: 200, schema: claimListSchema },
  errors: claimErrors(),
});

export const decideClaimRoute = defineRoute({
  method: 'POST',
  path: '/claims/{claimId}/decisions',
  operationId: 'decideClaim',
  idempotent: true,
  summary: '审核补贴申请（通过、不通过或退回，可按明细）',
  tags: claimTags,
  access: { reviewer: 'area' },
  params: claimParamsSchema,
  body: decideClaimBodySchema,
  response: { status: 200, schema: claimViewSchema },
  errors: claimErrors('NOT_FOUND', 'CLAIM_OUTSIDE_AREA', 'CLAIM_NOT_IN_REVIEW', 'CLAIM_LINE_UNKNOWN', 'CLAIM_HIGHER_LEVEL_HELD'),
});

export const listDisclosuresRoute = defineRoute({
  method: 'GET',
  path: '/disclosures',
  operationId: 'listDisclosures',
  summary: '补贴公示名单（无需登录；姓名和身份证号已脱敏）',
  tags: disclosureTags,
  access: {},
  public: true,
  response: { status: 200, schema: disclosureListSchema },
  errors: claimErrors(),
});

export const fileObjectionRoute = defineRoute({
  method: 'POST',
  path: '/disclosures/{claimId}/lines/{lineId}/objections',
  operationId: 'fileObjection',
  summary: '对公示中的补贴提出异议（无需登录，须留联系方式）',
  tags: disclosureTags,
  access: {},
  public: true,
  params: lineParamsSchema,
  body: objectionBodySchema,
  response: { status: 201, schema: objectionFiledSchema },
  errors: claimErrors('NOT_FOUND', 'DISCLOSURE_CLOSED', 'OBJECTION_RATE_LIMITED'),
});

export const resolveObjectionRoute = defineRoute({
  method: 'POST',
  path: '/claims/{claimId}/lines/{lineId}/objections/{objectionId}/resolution',
  operationId: 'resolveObjection',
  idempotent: true,
  summary: '处理公示异议（成立则该明细不予补贴，不成立则继续公示）',
  tags: disclosureTags,
  access: { reviewer: 'area' },
  params: objectionParamsSchema,
  body: resolveObjectionBodySchema,
  response: { status: 200, schema: claimViewSchema },
  errors: claimErrors('NOT_FOUND', 'CLAIM_OUTSIDE_AREA', 'OBJECTION_NOT_OPEN'),
});

export const claimRoutes = [
  recordCertificateRoute,
  declareCertificateRoute,
  verifyCertificateRoute,
  getCertificateRoute,
  listCertificatesRoute,
  importCertificatesRoute,
  importSkillUpgradeRoute,
  fileDirectClaimRoute,
  fileTrainingClaimRoute,
  getClaimRoute,
  listClaimsRoute,
  decideClaimRoute,
  listDisclosuresRoute,
  fileObjectionRoute,
  resolveObjectionRoute,
  getWorkingCalendarRoute,
  publishWorkingCalendarRoute,
] as const;
