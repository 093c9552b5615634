import { fileURLToPath } from 'node:url';
import {
  attendanceRecorded,
  attendanceSummarized,
  classApproved,
  classCancelled,
  classChanged,
  classCompleted,
  decideClaimRoute,
  declareCertificateRoute,
  defineService,
  fileDirectClaimRoute,
  fileObjectionRoute,
  fileTrainingClaimRoute,
  getCertificateRoute,
  getClaimRoute,
  getWorkingCalendarRoute,
  importCertificatesRoute,
  importSkillUpgradeRoute,
  institutionRegistered,
  listCertificatesRoute,
  listClaimsRoute,
  listDisclosuresRoute,
  outboxRelayFunction,
  paymentFailed,
  paymentReturned,
  paymentSettled,
  publishWorkingCalendarRoute,
  recordCertificateRoute,
  recordingMissing,
  resolveObjectionRoute,
  traineeAccountLinked,
  traineeFrozen,
  traineeRegistered,
  verifyCertificateRoute,
} from '@peixun/shared';
import { CLAIMS_ENV } from './config';

const entry = (file: string): string => fileURLToPath(new URL(`./handlers/${file}`, import.meta.url));

/** Every function of the service builds the same dependencies, which load the PII key. */
const reads = { table: 'read', piiKey: true } as const;
const writes = { table: 'readwrite', piiKey: true } as const;
/** Scans of self-declared certificates. */
const SCANS = 'scans/';

/** Claims: certificates, training-subsidy and direct certificate-subsidy claims, review and public disclosure. */
export const claimsManifest = defineService({
  name: 'claims',
  functions: {
    relayOutbox: outboxRelayFunction,
    recordCertificate: { entry: entry('record-certificate.ts'), description: '登记证书', access: writes },
    declareCertificate: { entry: entry('declare-certificate.ts'), description: '学员申报证书', access: { ...writes, bucket: { write: [SCANS] } } },
    verifyCertificate: { entry: entry('verify-certificate.ts'), description: '审核申报的证书', access: { ...writes, bucket: { read: [SCANS] } } },
    getCertificate: { entry: entry('get-certificate.ts'), description: '查看证书', timeoutSeconds: 5, access: { ...reads, bucket: { read: [SCANS] } } },
    listCertificates: { entry: entry('list-certificates.ts'), description: '证书列表', access: { ...reads, bucket: { read: [SCANS] } } },
    importCertificates: { entry: entry('import-certificates.ts'), description: '批量导入评价结果', memoryMb: 512, timeoutSeconds: 29, access: writes },
    importSkillUpgrade: { entry: entry('import-skill-upgrade.ts'), description: '导入技能提升补贴名单', memoryMb: 512, timeoutSeconds: 29, access: writes },
    fileDirectClaim: { entry: entry('file-direct-claim.ts'), description: '申领证书直补', access: writes },
    fileTrainingClaim: { entry: entry('file-training-claim.ts'), description: '按班次申请培训补贴', timeoutSeconds: 29, access: writes },
    getClaim: { entry: entry('get-claim.ts'), description: '查看补贴申请', timeoutSeconds: 5, access: reads },
    listClaims: { entry: entry('list-claims.ts'), description: '补贴申请列表', access: reads },
    decideClaim: { entry: entry('decide-claim.ts'), description: '审核补贴申请', timeoutSeconds: 29, access: writes },
    listDisclosures: { entry: entry('list-disclosures.ts'), description: '补贴公示名单', access: reads },
    fileObjection: { entry: entry('file-objection.ts'), description: '提出公示异议', access: writes },
    resolveObjection: { entry: entry('resolve-objection.ts'), description: '处理公示异议', access: writes },
    projectFacts: { entry: entry('project-facts.ts'), description: '同步学员、班次、考勤和录像信息', timeoutSeconds: 30, access: writes },
    recordPaymentOutcomes: { entry: entry('payment-outcomes.ts'), description: '记录拨付结果', access: writes },
    closeDisclosures: { entry: entry('close-disclosures.ts'), description: '结束公示并提交拨付', timeoutSeconds: 300, access: writes },
    getWorkingCalendar: { entry: entry('get-working-calendar.ts'), description: '查看工作日历', timeoutSeconds: 5, access: reads },
    publishWorkingCalendar: { entry: entry('publish-working-calendar.ts'), description: '发布工作日历并重算公示期', timeoutSeconds: 29, access: writes },
  },
  routes: [
    { contract: recordCertificateRoute, function: 'recordCertificate' },
    { contract: declareCertificateRoute, function: 'declareCertificate' },
    { contract: verifyCertificateRoute, function: 'verifyCertificate' },
    { contract: getCertificateRoute, function: 'getCertificate' },
    { contract: listCertificatesRoute, function: 'listCertificates' },
    { contract: importCertificatesRoute, function: 'importCertificates' },
    { contract: importSkillUpgradeRoute, function: 'importSkillUpgrade' },
    { contract: fileDirectClaimRoute, function: 'fileDirectClaim' },
    { contract: fileTrainingClaimRoute, function: 'fileTrainingClaim' },
    { contract: getClaimRoute, function: 'getClaim' },
    { contract: listClaimsRoute, function: 'listClaims' },
    { contract: decideClaimRoute, function: 'decideClaim' },
    { contract: listDisclosuresRoute, function: 'listDisclosures' },
    { contract: fileObjectionRoute, function: 'fileObjection' },
    { contract: resolveObjectionRoute, function: 'resolveObjection' },
    { contract: getWorkingCalendarRoute, function: 'getWorkingCalendar' },
    { contract: publishWorkingCalendarRoute, function: 'publishWorkingCalendar' },
  ],
  subscriptions: [
    {
      name: 'claim-facts',
      events: [traineeRegistered, traineeAccountLinked, traineeFrozen, institutionRegistered, classApproved, classChanged, classCompleted, classCancelled, attendanceSummarized, attendanceRecorded, recordingMissing],
      function: 'projectFacts',
    },
    { name: 'payment-outcomes', events: [paymentSettled, paymentFailed, paymentReturned], function: 'recordPaymentOutcomes' },
  ],
  schedules: [{ name: 'close-disclosures', function: 'closeDisclosures', rate: 'rate(1 hour)' }],
  resources: {
    table: { indexes: ['gsi1', 'gsi2'], outbox: { function: 'relayOutbox' } },
    // Scans of self-declared certificates, PUT by the trainee's browser through presigned URLs.
    bucket: { browserUploads: true },
    publishesEvents: true,
    piiKey: true,
  },
  config: {
    [CLAIMS_ENV.disclosureWorkingDays]: '5',
    [CLAIMS_ENV.objectionsPerHour]: '5',
  },
});
