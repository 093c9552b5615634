import { fileURLToPath } from 'node:url';
import {
  approveBatchRoute,
  buildBatchRoute,
  cancelBatchRoute,
  claimReadyForPayment,
  defineService,
  exportBatchRoute,
  exportFundUseRoute,
  getBatchRoute,
  getInstitutionAccountRoute,
  getTraineeAccountRoute,
  importResultsRoute,
  importUploadedResultsRoute,
  listBatchLinesRoute,
  listBatchesRoute,
  listFundUseRoute,
  outboxRelayFunction,
  paymentBatchReconciled,
  paymentReturned,
  registerInstitutionAccountRoute,
  registerTraineeAccountRoute,
  retryPaymentRoute,
  startResultUploadRoute,
  traineeAccountLinked,
  traineeRegistered,
} from '@peixun/shared';
import { DEFAULT_SECOND_APPROVER_THRESHOLD_FEN, PAYMENTS_ENV } from './config';

const entry = (file: string): string => fileURLToPath(new URL(`./handlers/${file}`, import.meta.url));

/** Bank files are evidence of public spending: kept write-once for ten years. *(practice)* */
const RETENTION_DAYS = 10 * 365;

/** Every function of the service builds the same dependencies, which load the PII key (bank accounts and ID numbers are sealed). */
const reads = { table: 'read', piiKey: true } as const;
const writes = { table: 'readwrite', piiKey: true } as const;
/** Bank files: payment files written on export, result files uploaded by finance for import. */
const EXPORTS = 'exports/';
const IMPORTS = 'imports/';

/** Payments: disbursement batches with four-eyes approval, bank files and reconciliation. */
export const paymentsManifest = defineService({
  name: 'payments',
  functions: {
    relayOutbox: outboxRelayFunction,
    buildBatch: { entry: entry('build-batch.ts'), description: '组建拨付批次', memoryMb: 1024, timeoutSeconds: 29, access: writes },
    getBatch: { entry: entry('get-batch.ts'), description: '查看拨付批次', memoryMb: 512, timeoutSeconds: 29, access: reads },
    listBatchLines: { entry: entry('list-batch-lines.ts'), description: '拨付批次明细分页', timeoutSeconds: 10, access: reads },
    listBatches: { entry: entry('list-batches.ts'), description: '拨付批次列表', timeoutSeconds: 10, access: reads },
    approveBatch: { entry: entry('approve-batch.ts'), description: '审批拨付批次', timeoutSeconds: 10, access: writes },
    exportBatch: { entry: entry('export-batch.ts'), description: '导出银行付款文件', memoryMb: 1024, timeoutSeconds: 29, access: { ...writes, bucket: { read: [EXPORTS], write: [EXPORTS] } } },
    importResults: { entry: entry('import-results.ts'), description: '导入银行回单并对账', memoryMb: 1024, timeoutSeconds: 29, access: writes },
    startResultUpload: { entry: entry('start-result-upload.ts'), description: '申请上传大型银行回单', timeoutSeconds: 10, access: { ...reads, bucket: { write: [IMPORTS] } } },
    importUploadedResults: { entry: entry('import-uploaded-results.ts'), description: '导入已上传的银行回单并对账', memoryMb: 2048, timeoutSeconds: 29, access: { ...writes, bucket: { read: [IMPORTS] } } },
    cancelBatch: { entry: entry('cancel-batch.ts'), description: '撤销未导出的拨付批次', memoryMb: 1024, timeoutSeconds: 29, access: writes },
    retryPayment: { entry: entry('retry-payment.ts'), description: '决定重新拨付', timeoutSeconds: 10, access: writes },
    registerTraineeAccount: { entry: entry('register-trainee-account.ts'), description: '学员登记收款账户', timeoutSeconds: 10, access: writes },
    registerInstitutionAccount: { entry: entry('register-institution-account.ts'), description: '机构登记结算账户', timeoutSeconds: 10, access: writes },
    getTraineeAccount: { entry: entry('get-trainee-account.ts'), description: '学员查看收款账户', timeoutSeconds: 10, access: reads },
    getInstitutionAccount: { entry: entry('get-institution-account.ts'), description: '机构查看结算账户', timeoutSeconds: 10, access: reads },
    projectReadyClaims: { entry: entry('project-ready-claims.ts'), description: '接收待拨付的申领', timeoutSeconds: 30, access: writes },
    projectTrainees: { entry: entry('project-trainees.ts'), description: '同步学员实名与登录关联', timeoutSeconds: 30, access: writes },
    publishFundUse: { entry: entry('publish-fund-use.ts'), description: '资金使用公示：发布已到账、撤下被退回', memoryMb: 1024, timeoutSeconds: 900, access: writes },
    listFundUse: { entry: entry('list-fund-use.ts'), description: '查看资金使用公示', timeoutSeconds: 10, access: reads },
    exportFundUse: { entry: entry('export-fund-use.ts'), description: '下载资金使用公示', memoryMb: 1024, timeoutSeconds: 29, access: reads },
    sealAbandonedBuilds: { entry: entry('seal-abandoned-builds.ts'), description: '封存中断的组批，完成中断的撤销', timeoutSeconds: 300, access: writes },
  },
  routes: [
    { contract: buildBatchRoute, function: 'buildBatch' },
    { contract: listBatchesRoute, function: 'listBatches' },
    { contract: getBatchRoute, function: 'getBatch' },
    { contract: approveBatchRoute, function: 'approveBatch' },
    { contract: exportBatchRoute, function: 'exportBatch' },
    { contract: importResultsRoute, function: 'importResults' },
    { contract: startResultUploadRoute, function: 'startResultUpload' },
    { contract: importUploadedResultsRoute, function: 'importUploadedResults' },
    { contract: listBatchLinesRoute, function: 'listBatchLines' },
    { contract: retryPaymentRoute, function: 'retryPayment' },
    { contract: registerTraineeAccountRoute, function: 'registerTraineeAccount' },
    { contract: registerInstitutionAccountRoute, function: 'registerInstitutionAccount' },
    { contract: getTraineeAccountRoute, function: 'getTraineeAccount' },
    { contract: getInstitutionAccountRoute, function: 'getInstitutionAccount' },
    // Last of the batch routes: the authorization matrix walks routes in this order, and a cancel spoils the batch for the others.
    { contract: cancelBatchRoute, function: 'cancelBatch' },
    { contract: listFundUseRoute, function: 'listFundUse' },
    { contract: exportFundUseRoute, function: 'exportFundUse' },
  ],
  subscriptions: [
    { name: 'ready-claims', events: [claimReadyForPayment], function: 'projectReadyClaims' },
    { name: 'trainees', events: [traineeRegistered, traineeAccountLinked], function: 'projectTrainees' },
    { name: 'fund-use', events: [paymentBatchReconciled, paymentReturned], function: 'publishFundUse' },
  ],
  schedules: [{ name: 'abandoned-builds', function: 'sealAbandonedBuilds', rate: 'rate(15 minutes)' }],
  resources: {
    table: { indexes: ['gsi1', 'gsi2'], outbox: { function: 'relayOutbox' } },
    // browserUploads: the console downloads bank files and uploads large result files with presigned URLs.
    bucket: { objectLock: { retentionDays: RETENTION_DAYS }, lifecycle: { infrequentAccessAfterDays: 90 }, browserUploads: true },
    publishesEvents: true,
    piiKey: true,
  },
  config: {
    [PAYMENTS_ENV.secondApproverThresholdFen]: String(DEFAULT_SECOND_APPROVER_THRESHOLD_FEN),
  },
});
