import {
  declareCertificateRoute,
  decideClaimRoute,
  fileDirectClaimRoute,
  fileObjectionRoute,
  fileTrainingClaimRoute,
  getCertificateRoute,
  getClaimRoute,
  hasRole,
  httpHandler,
  importCertificatesRoute,
  importSkillUpgradeRoute,
  listCertificatesRoute,
  listClaimsRoute,
  listDisclosuresRoute,
  NotFound,
  recordCertificateRoute,
  requireEnv,
  resolveObjectionRoute,
  RESOURCE_ENV,
  verifyCertificateRoute,
} from '@peixun/shared';
import { ownerPartition, areaPartition } from '../adapters/table-keys';
import { certificateView, decideDeclaration, declareCertificate, listCertificates, recordCertificate } from '../app/certificates';
import { assertMayRead, claimView, lineStatus } from '../app/claim-view';
import { fileDirectClaim } from '../app/direct-claim';
import { importCertificates, importSkillUpgrade } from '../app/imports';
import { fileObjection, publicList, resolveObjection } from '../app/disclosure';
import { decideClaim } from '../app/review';
import { fileTrainingClaim } from '../app/training-claim';
import { claimsDependencies, logger, scanDependencies } from '../dependencies';
import { certificateNotHolder, importFileUnreadable } from '../domain/errors';
import { certificateAreaCode } from '../domain/model';

/** Thin HTTP handlers: parse (the preset), call the use case, map. One module, one export per route. */
// `@__PURE__` lets esbuild drop the handlers a function does not export, and with them what only
// they import (exceljs for the imports): each Lambda bundle keeps its own route alone.
const table = () => ({ logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) });

export const recordCertificateHandler = /* @__PURE__ */ httpHandler(recordCertificateRoute, async ({ auth, body }) => ({ body: await recordCertificate(await claimsDependencies(), auth, body) }), /* @__PURE__ */ table());

export const declareCertificateHandler = /* @__PURE__ */ httpHandler(declareCertificateRoute, async ({ auth, body }) => ({ body: await declareCertificate(await scanDependencies(), auth, body) }), /* @__PURE__ */ table());

export const verifyCertificateHandler = /* @__PURE__ */ httpHandler(
  verifyCertificateRoute,
  async ({ auth, params, body, assertAccess }) =>
    // The reviewer's area is checked before anything of the declaration's state (scan, status) is told.
    ({ body: await decideDeclaration(await scanDependencies(), auth, params.certificateNumber, body, (record) => assertAccess({ areaCode: certificateAreaCode(record) }, '只能核验本辖区学员申报的证书。')) }),
  /* @__PURE__ */ table(),
);

export const getCertificateHandler = /* @__PURE__ */ httpHandler(
  getCertificateRoute,
  async ({ auth, params, assertAccess }) => {
    const deps = await scanDependencies();
    const record = await deps.ledger.certificate(params.certificateNumber);
    if (record === undefined) throw new NotFound('证书', params.certificateNumber);
    const trainee = hasRole(auth, 'trainee') ? await deps.projections.traineeOfAccount(auth.sub) : undefined;
    const self = trainee !== undefined && trainee.name === record.holderName && trainee.idNumberMasked === record.idNumberMasked;
    if (hasRole(auth, 'trainee') && !self && !hasRole(auth, 'reviewer', 'admin', 'evaluator')) throw certificateNotHolder();
    assertAccess({ self, areaCode: certificateAreaCode(record) }, '只能查看本人或本辖区的证书。');
    const scan = hasRole(auth, 'reviewer', 'admin') ? record.scanReference : undefined;
    return { body: { ...certificateView(record), ...(scan === undefined ? {} : { scanUrl: await deps.scans.presignView(scan) }) } };
  },
  { logger },
);

export const listCertificatesHandler = /* @__PURE__ */ httpHandler(listCertificatesRoute, async ({ auth }) => ({ body: { certificates: await listCertificates(await scanDependencies(), auth) } }), { logger });

export const fileDirectClaimHandler = /* @__PURE__ */ httpHandler(fileDirectClaimRoute, async ({ auth, body }) => ({ body: await fileDirectClaim(await claimsDependencies(), auth, body) }), /* @__PURE__ */ table());

export const fileTrainingClaimHandler = /* @__PURE__ */ httpHandler(
  fileTrainingClaimRoute,
  async ({ auth, params }) => ({ body: await fileTrainingClaim(await claimsDependencies(), auth, params.classId) }),
  /* @__PURE__ */ table(),
);

export const getClaimHandler = /* @__PURE__ */ httpHandler(
  getClaimRoute,
  async ({ auth, params }) => {
    const deps = await claimsDependencies();
    const claim = await deps.ledger.claim(params.claimId);
    if (claim === undefined) throw new NotFound('补贴申请', params.claimId);
    const own = hasRole(auth, 'trainee') ? await deps.projections.traineeOfAccount(auth.sub) : undefined;
    assertMayRead(auth, claim.header, own?.traineeId);
    return { body: claimView(claim.header, claim.lines) };
  },
  { logger },
);

export const listClaimsHandler = /* @__PURE__ */ httpHandler(
  listClaimsRoute,
  async ({ auth, query }) => {
    const deps = await claimsDependencies();
    const partitions: Array<['gsi1' | 'gsi2', string]> = [];
    if ((hasRole(auth, 'reviewer') || hasRole(auth, 'finance')) && auth.areaCode !== undefined) partitions.push(['gsi2', areaPartition(auth.areaCode)]);
    if (hasRole(auth, 'institution') && auth.institutionId !== undefined) partitions.push(['gsi1', ownerPartition({ kind: 'INSTITUTION', institutionId: auth.institutionId })]);
    if (hasRole(auth, 'trainee')) {
      const own = await deps.projections.traineeOfAccount(auth.sub);
      if (own !== undefined) partitions.push(['gsi1', ownerPartition({ kind: 'TRAINEE', traineeId: own.traineeId })]);
    }
    const headers = (await Promise.all(partitions.map(([index, partition]) => deps.ledger.claimHeaders(index, partition)))).flat();
    const claims = await Promise.all(
      headers.map(async (header) => {
        const lines = (await deps.ledger.claim(header.claimId))?.lines ?? [];
        return {
          claimId: header.claimId,
          subsidyKind: header.subsidyKind,
          payeeName: header.payeeName,
          areaCode: header.areaCode,
          ...(header.classId === undefined ? {} : { classId: header.classId }),
          filedAt: header.filedAt,
          totalEligibleFen: header.totalEligibleFen,
          lineStatuses: [...new Set(lines.map(lineStatus))],
        };
      }),
    );
    return { body: { claims: claims.filter((claim) => query.lineStatus === undefined || claim.lineStatuses.includes(query.lineStatus)) } };
  },
  { logger },
);

export const decideClaimHandler = /* @__PURE__ */ httpHandler(decideClaimRoute, async ({ auth, params, body }) => ({ body: await decideClaim(await claimsDependencies(), auth, params.claimId, body) }), /* @__PURE__ */ table());

export const listDisclosuresHandler = /* @__PURE__ */ httpHandler(listDisclosuresRoute, async () => ({ body: await publicList(await claimsDependencies()) }), { logger });

export const fileObjectionHandler = /* @__PURE__ */ httpHandler(
  fileObjectionRoute,
  async ({ params, body, sourceIp }) => ({ body: await fileObjection(await claimsDependencies(), sourceIp, params.claimId, params.lineId, body) }),
  { logger },
);

export const resolveObjectionHandler = /* @__PURE__ */ httpHandler(
  resolveObjectionRoute,
  async ({ auth, params, body }) => ({ body: await resolveObjection(await claimsDependencies(), auth, params, body) }),
  /* @__PURE__ */ table(),
);

/** The file is the raw request body (CSV or XLSX), base64 through the gateway like the roster import. */
const fileOf = (upload: { bytes: Buffer } | undefined): Buffer => {
  if (upload === undefined || upload.bytes.length === 0) throw importFileUnreadable('请在请求体中上传 CSV 或 XLSX 文件。');
  return upload.bytes;
};

export const importCertificatesHandler = /* @__PURE__ */ httpHandler(
  importCertificatesRoute,
  async ({ auth, query, upload }) => ({ body: await importCertificates(await claimsDependencies(), auth, fileOf(upload), query.mode) }),
  { logger },
);

export const importSkillUpgradeHandler = /* @__PURE__ */ httpHandler(
  importSkillUpgradeRoute,
  async ({ query, upload }) => ({ body: await importSkillUpgrade(await claimsDependencies(), fileOf(upload), query.mode) }),
  { logger },
);
