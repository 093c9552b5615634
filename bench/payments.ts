/**
 * Payments benchmark (issue 11): N ready claims (default 100,000) end to end against DynamoDB
 * Local and the S3 emulator — built into batches of at most 50,000 lines, approved by a second
 * finance user, exported as pain.001 (streamed into the bucket), answered by the simulated bank
 * (pain.002, 5 % failed), imported and reconciled. Setup (the ready claims and the payees'
 * accounts, written with BatchWriteItem) is not timed. Prints each stage's time, lines/s, the
 * slowest stage and this process's peak RSS (DynamoDB Local's Java process is not counted).
 *
 *   npm run bench:payments [-- claims]
 *
 * Target from the issue: 100,000 claims in ≤ 60 s on 2 cores (≥ 1,700 lines/s).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { piiCipherFromSecret } from '@peixun/shared';
import { simulateBank } from '../local/src/bank/bank-simulator';
import { javaCpuMs } from './jvm-cpu';
import { startDynamoDbLocal } from '../local/src/engines/dynamodb-local';
import { startS3Emulator } from '../local/src/engines/s3-emulator';
import { LOCAL_AWS } from '../local/src/local-aws';
import { provision } from '../local/src/provision';
import { bucketName, tableName } from '../local/src/resource-names';
import { FundUseRepository } from '../services/payments/src/adapters/fund-use-repository';
import { keys } from '../services/payments/src/adapters/keys';
import { PaymentsRepository } from '../services/payments/src/adapters/payments-repository';
import { createBankFilesS3Client, S3BankFileStore } from '../services/payments/src/adapters/s3-bank-files';
import { approveBatch } from '../services/payments/src/app/approve-batch';
import { buildBatch } from '../services/payments/src/app/build-batch';
import { exportBatch } from '../services/payments/src/app/export-batch';
import { importResults } from '../services/payments/src/app/import-results';
import { noCrash, type Actor, type BankFilesApp } from '../services/payments/src/app/ports';
import { payeeRefOf } from '../services/payments/src/domain/batch';
import { maskAccount } from '../services/payments/src/domain/payee-account';
import { paymentsManifest } from '../services/payments/src/manifest';

const CLAIMS = Number(process.argv[2] ?? 100_000);
const AREA = '520102';
const maker: Actor = { sub: 'bench-maker', name: '陈财务', areaCode: AREA };
const checker: Actor = { sub: 'bench-checker', name: '林财务', areaCode: AREA };

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 100);

async function writeAll(documents: DynamoDBDocumentClient, items: Record<string, unknown>[]): Promise<void> {
  const table = tableName('payments');
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) chunks.push(items.slice(start, start + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < chunks.length) {
        let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
          [table]: (chunks[next++] ?? []).map((Item) => ({ PutRequest: { Item } })),
        };
        while (request !== undefined && (request[table]?.length ?? 0) > 0) {
          const response = await documents.send(new BatchWriteCommand({ RequestItems: request }));
          request = response.UnprocessedItems as typeof request;
        }
      }
    }),
  );
}

async function main(): Promise<void> {
  const [dynamodb, s3] = await Promise.all([startDynamoDbLocal({ port: 0 }), startS3Emulator({ port: 0 })]);
  try {
    await provision([paymentsManifest], { dynamodb: dynamodb.endpoint, s3: s3.endpoint });
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodb.endpoint, ...LOCAL_AWS, maxAttempts: 20 }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const files = new S3BankFileStore(createBankFilesS3Client({ endpoint: s3.endpoint, forcePathStyle: true, ...LOCAL_AWS }), bucketName('payments'));
    const cipher = piiCipherFromSecret('payments-bench-secret-of-at-least-32-characters');
    const app: BankFilesApp = {
      repo: new PaymentsRepository(documents, tableName('payments')),
      fundUse: new FundUseRepository(documents, tableName('payments')),
      cipher,
      files,
      settings: {
        secondApproverThresholdFen: Number.MAX_SAFE_INTEGER,
        maxLinesPerBatch: 50_000,
        payer: { name: '就业补助资金专户', accountNumber: '52050100000000000001', bankName: '中国建设银行贵阳南明支行', bankCode: '105701000014' },
        purpose: '职业技能培训补贴',
      },
      now: () => new Date(),
      crash: noCrash,
    };

    const setupStart = performance.now();
    const items: Record<string, unknown>[] = [];
    for (let n = 0; n < CLAIMS; n += 1) {
      const payee = { kind: 'TRAINEE' as const, traineeId: `trn_bench_${n}` };
      const paymentKey = `clm_bench_${n}`;
      const readyAt = '2027-03-01T10:00:00+08:00';
      const account = `621700${String(n).padStart(10, '0')}`;
      items.push({
        ...keys.ready(paymentKey),
        paymentKey,
        claimId: paymentKey,
        lineId: 'L1',
        subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY',
        payee,
        payeeName: '张三',
        amountFen: 100_000 + (n % 900) * 100,
        areaCode: AREA,
        occupationCode: '4-10-01-01',
        occupationName: '保育师',
        level: 'LEVEL_4',
        certificateNumber: `S${String(n).padStart(10, '0')}`,
        readyAt,
        status: 'READY',
        attempts: 0,
        gsi1pk: keys.readyIndex(AREA, 'DIRECT_CERTIFICATE_SUBSIDY'),
        gsi1sk: `${readyAt}#${paymentKey}`,
      });
      const payeeRef = payeeRefOf(payee);
      items.push({
        ...keys.payeeAccount(payeeRef),
        payeeRef,
        kind: 'SOCIAL_SECURITY_CARD',
        holderName: '张三',
        bankName: '贵阳银行南明支行',
        accountSealed: cipher.encrypt(account),
        accountFingerprint: cipher.fingerprint(account),
        accountMasked: maskAccount(account),
        version: 1,
        updatedAt: new Date().toISOString(),
        updatedBy: 'bench',
      });
    }
    await writeAll(documents, items);
    items.length = 0;
    console.log(`setup: ${CLAIMS} ready claims and accounts written in ${((performance.now() - setupStart) / 1000).toFixed(1)} s (not timed)`);

    const stages: Record<string, { seconds: number; nodeMs: number; engineMs: number }> = {};
    const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      const node = process.cpuUsage();
      const engine = javaCpuMs();
      try {
        return await work();
      } finally {
        const used = process.cpuUsage(node);
        const spent = { seconds: (performance.now() - start) / 1000, nodeMs: (used.user + used.system) / 1000, engineMs: javaCpuMs() - engine };
        const sum = stages[stage] ?? { seconds: 0, nodeMs: 0, engineMs: 0 };
        stages[stage] = { seconds: sum.seconds + spent.seconds, nodeMs: sum.nodeMs + spent.nodeMs, engineMs: sum.engineMs + spent.engineMs };
        // As each stage ends, so that a slow run shows where it is.
        console.log(`  ${stage} ${spent.seconds.toFixed(1)} s (CPU: this process ${(spent.nodeMs / 1000).toFixed(1)} s, DynamoDB Local ${(spent.engineMs / 1000).toFixed(1)} s)`);
      }
    };
    const total = performance.now();
    let lines = 0;
    let paid = 0;
    for (let remaining = CLAIMS; remaining > 0; remaining -= app.settings.maxLinesPerBatch) {
      const { batch } = await timed('build', () => buildBatch(app, maker, { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' }));
      lines += batch.totals?.count ?? 0;
      await timed('approve', () => approveBatch(app, checker, batch.batchId, batch.totals ?? { count: 0, sumFen: 0, hash: '' }));
      const exported = await timed('export', () => exportBatch(app, maker, batch.batchId, 'pain.001'));
      const answer = await timed('bank', async () => {
        const pain001 = await files.read(exported.key);
        return simulateBank(pain001, { seed: 1, failureRate: 0.05, returnRate: 0, now: new Date() });
      });
      const report = await timed('import', () => importResults(app, maker, batch.batchId, answer.pain002));
      if (!report.reconciliation.complete) throw new Error(`batch ${batch.batchId} not reconciled`);
      paid += report.reconciliation.byStatus.PAID.count;
      console.log(`batch ${batch.batchId}: ${batch.totals?.count} lines, paid ${report.reconciliation.byStatus.PAID.count}, failed ${report.reconciliation.byStatus.FAILED.count}`);
    }
    const seconds = (performance.now() - total) / 1000;
    const slowest = Object.entries(stages).sort((a, b) => b[1].seconds - a[1].seconds)[0];
    for (const [stage, { seconds: time, nodeMs, engineMs }] of Object.entries(stages)) {
      const perLine = (ms: number) => `${(ms / lines).toFixed(2)} ms`;
      console.log(`  ${stage.padEnd(8)} ${time.toFixed(1).padStart(7)} s  ${(lines / time).toFixed(0).padStart(8)} lines/s  CPU per line: this process ${perLine(nodeMs)}, DynamoDB Local ${perLine(engineMs)}`);
    }
    console.log(`payments: ${lines} lines (${paid} paid) built, approved, exported, answered, imported and reconciled in ${seconds.toFixed(1)} s = ${(lines / seconds).toFixed(0)} lines/s; slowest stage: ${slowest?.[0]} (${slowest?.[1].seconds.toFixed(1)} s); peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
    documents.destroy();
  } finally {
    clearInterval(sampler);
    await Promise.all([dynamodb.stop(), s3.stop()]);
  }
}

await main();
