import { outboxItem, paymentBatchSealed, type SubsidyKind } from '@peixun/shared';
import { isConflict } from '../adapters/payments-repository';
import { newBatchId, paymentLineIdOf, payeeRefOf, requiredApprovalsFor, type Batch, type BatchLine } from '../domain/batch';
import { controlTotalsOf } from '../domain/control-totals';
import { batchChanged, batchEmpty, outsideArea } from '../domain/errors';
import { sameHolder, type PayeeAccount } from '../domain/payee-account';
import type { ReadyClaim } from '../domain/ready-claim';
import type { Actor, PaymentsApp } from './ports';

/** 49 claims = 98 transaction items and the batch's own check, under DynamoDB's 100. */
const CLAIMS_PER_TRANSACTION = 49;
/** Transactions in flight at once while claiming lines. */
const PARALLEL_TRANSACTIONS = 4;

export interface BuildReport {
  readonly batch: Batch;
  /** Ready claims left out: the payee has no account, or its holder is not the payee on record. */
  readonly withoutAccount: number;
  readonly holderMismatch: number;
  /** Claims another batch took between our read and our write. */
  readonly takenElsewhere: number;
}

function lineOf(batchId: string, sequence: number, claim: ReadyClaim, account: PayeeAccount): BatchLine {
  return {
    batchId,
    paymentLineId: paymentLineIdOf(batchId, sequence),
    paymentKey: claim.paymentKey,
    claimId: claim.claimId,
    lineId: claim.lineId,
    payee: claim.payee,
    payeeName: claim.payeeName,
    amountFen: claim.amountFen,
    certificateNumber: claim.certificateNumber,
    occupationName: claim.occupationName,
    level: claim.level,
    accountSealed: account.accountSealed,
    accountFingerprint: account.accountFingerprint,
    accountMasked: account.accountMasked,
    accountBank: account.bankName,
    accountVersion: account.version,
    status: 'OPEN',
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims one chunk, dropping claims another batch took and retrying on transaction conflicts. */
async function claimChunk(app: PaymentsApp, lines: BatchLine[]): Promise<{ claimed: number; taken: number }> {
  let pending = lines;
  let taken = 0;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    try {
      const result = await app.repo.claimLines(pending[0]?.batchId ?? '', pending);
      if (result.batchClosed) throw batchChanged(pending[0]?.batchId ?? '');
      if (result.taken.length === 0) {
        app.crash('build:after-chunk');
        return { claimed: pending.length, taken };
      }
      taken += result.taken.length;
      const gone = new Set(result.taken);
      pending = pending.filter((line) => !gone.has(line.paymentKey));
    } catch (error) {
      if (!isConflict(error) || attempt > 20) throw error;
      await pause(2 + Math.random() * 10 * Math.min(attempt + 1, 5));
    }
  }
  return { claimed: 0, taken };
}

/**
 * Seals a batch: the control totals are computed from the lines as stored (never from what the
 * builder believes it wrote), fixed on the batch item, and announced. Also the recovery of a
 * build that died half-way: whatever lines it claimed are sealed into its batch.
 */
export async function sealBatch(app: PaymentsApp, batch: Batch): Promise<Batch | undefined> {
  try {
    return await sealLines(app, batch);
  } catch (error) {
    // The sweep and the builder met: whoever wrote first sealed it, the other is told.
    if (error instanceof Error && error.name === 'TransactionCanceledException') throw batchChanged(batch.batchId);
    throw error;
  }
}

async function sealLines(app: PaymentsApp, batch: Batch): Promise<Batch | undefined> {
  const lines = await app.repo.lines(batch.batchId);
  if (lines.length === 0) {
    await app.repo.dropEmptyBatch(batch);
    return undefined;
  }
  const totals = controlTotalsOf(lines.map((line) => ({ ...line, payeeRef: payeeRefOf(line.payee) })));
  const requiredApprovals = requiredApprovalsFor(totals.sumFen, app.settings.secondApproverThresholdFen);
  const at = app.now();
  const event = outboxItem(
    paymentBatchSealed,
    { batchId: batch.batchId, areaCode: batch.areaCode, subsidyKind: batch.subsidyKind, totals, makerSub: batch.makerSub, requiredApprovals, sealedAt: at.toISOString() },
    at,
  );
  return app.repo.updateBatch(batch, 'BUILDING', { status: 'SEALED', totals, requiredApprovals }, [event]);
}

/**
 * Builds a batch (拨付批次) from the area's ready claims of one subsidy kind. Each claim enters
 * by a conditional write on its READY item, so builders running at the same moment never share
 * a claim: the loser of a race simply leaves it out.
 */
export async function buildBatch(app: PaymentsApp, actor: Actor, request: { subsidyKind: SubsidyKind; maxLines?: number }): Promise<BuildReport> {
  if (actor.areaCode === undefined) throw outsideArea(undefined);
  const limit = Math.min(request.maxLines ?? app.settings.maxLinesPerBatch, app.settings.maxLinesPerBatch);
  const createdAt = app.now();
  const batch: Batch = {
    batchId: newBatchId(createdAt.getTime()),
    areaCode: actor.areaCode,
    subsidyKind: request.subsidyKind,
    status: 'BUILDING',
    makerSub: actor.sub,
    makerName: actor.name,
    createdAt: createdAt.toISOString(),
    approvals: [],
    version: 1,
  };
  const candidates = await app.repo.readyClaims(actor.areaCode, request.subsidyKind, limit);
  if (candidates.length === 0) throw batchEmpty();
  await app.repo.createBatch(batch);
  app.crash('build:after-create');

  const accounts = await app.repo.payeeAccounts([...new Set(candidates.map((claim) => payeeRefOf(claim.payee)))]);
  let withoutAccount = 0;
  let holderMismatch = 0;
  const lines: BatchLine[] = [];
  for (const claim of candidates) {
    const account = accounts.get(payeeRefOf(claim.payee));
    if (account === undefined) withoutAccount += 1;
    else if (!sameHolder(account.holderName, claim.payeeName)) holderMismatch += 1;
    else lines.push(lineOf(batch.batchId, lines.length + 1, claim, account));
  }

  const chunks: BatchLine[][] = [];
  for (let start = 0; start < lines.length; start += CLAIMS_PER_TRANSACTION) chunks.push(lines.slice(start, start + CLAIMS_PER_TRANSACTION));
  let takenElsewhere = 0;
  let claimed = 0;
  for (let start = 0; start < chunks.length; start += PARALLEL_TRANSACTIONS) {
    const results = await Promise.all(chunks.slice(start, start + PARALLEL_TRANSACTIONS).map((chunk) => claimChunk(app, chunk)));
    takenElsewhere += results.reduce((sum, result) => sum + result.taken, 0);
    claimed += results.reduce((sum, result) => sum + result.claimed, 0);
  }
  if (claimed === 0) {
    // Only this build writes lines into its batch: none claimed, none there.
    await app.repo.dropEmptyBatch(batch);
    throw batchEmpty();
  }
  app.crash('build:before-seal');
  const sealed = await sealBatch(app, batch);
  if (sealed === undefined) throw batchEmpty();
  return { batch: sealed, withoutAccount, holderMismatch, takenElsewhere };
}

/** Seals builds that died before sealing, so their claims are neither lost nor stuck. */
export async function sealAbandonedBuilds(app: PaymentsApp, olderThanMs: number, areaCode?: string): Promise<number> {
  const cutoff = app.now().getTime() - olderThanMs;
  let sealed = 0;
  for (const batch of await app.repo.buildingBatches()) {
    if (Date.parse(batch.createdAt) > cutoff || (areaCode !== undefined && batch.areaCode !== areaCode)) continue;
    await sealBatch(app, batch);
    sealed += 1;
  }
  return sealed;
}
