/**
 * Roster-import benchmark (issue 3): 10,000 valid rows through parse + validate, as CSV and as
 * XLSX, and then the service's whole path — parse + validate + match every row to a registered
 * trainee by ID-number fingerprint (BatchGetItem) + store every row (BatchWriteItem) — against
 * DynamoDB Local. Each is measured in a fresh child process so that its peak RSS is its own
 * (DynamoDB Local's Java process is not counted).
 *
 *   node --import tsx bench/roster-import.ts [rows]
 *
 * Target from the issue: 10,000 rows validated and stored in under 10 s on 2 cores.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCharacter } from '@peixun/shared';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { piiCipherFromSecret } from '@peixun/shared';
import ExcelJS from 'exceljs';
import { enrollmentManifest } from '../services/enrollment/src/manifest';
import { putAll } from '../services/enrollment/src/adapters/batch-requests';
import { RosterImportRepository } from '../services/enrollment/src/adapters/roster-import-repository';
import { TraineeRepository } from '../services/enrollment/src/adapters/trainee-repository';
import { readCsvRows } from '../services/enrollment/src/roster/csv-source';
import { importRoster } from '../services/enrollment/src/roster/import-roster';
import { matchRegisteredTrainees } from '../services/enrollment/src/roster/registered-roster';
import { readXlsxRows } from '../services/enrollment/src/roster/xlsx-source';
import { startDynamoDbLocal } from '../local/src/engines/dynamodb-local';
import { LOCAL_AWS } from '../local/src/local-aws';
import { provision } from '../local/src/provision';
import { tableName } from '../local/src/resource-names';

const HEADER = ['序号', '姓名', '身份证号码', '手机号码', '人员类别', '报考等级', '是否农村劳动者'];
const COUNTIES = ['520102', '520103', '520111', '520113', '520121', '520201', '520281', '520302', '520382', '520402', '520502', '520581', '520602', '522301', '522601', '522634', '522701'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅琳雪燕飞鹏辉斌波宇浩凯健俊帆';
const GROUPS = ['农村转移就业劳动者', '防止返贫监测对象', '城镇登记失业人员', '就业困难人员', '易地搬迁人员', '退役军人', '毕业年度高校毕业生'];

/** Small seeded generator: the same rows every run, so figures compare across machines. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generateRows(count: number): string[][] {
  const random = mulberry32(20250602);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const seen = new Set<string>();
  const rows: string[][] = [];
  while (rows.length < count) {
    // Ages 18 to 58 on the bench's class date (2025-06-02).
    const birth = new Date(Date.UTC(1967, 0, 1) + Math.floor(random() * 40 * 365) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${pick(COUNTIES)}${birth}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
    const id = `${first17}${checkCharacter(first17)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const name = `${pick([...SURNAMES])}${pick([...GIVEN])}${random() < 0.5 ? pick([...GIVEN]) : ''}`;
    const phone = `1${pick(['35', '39', '58', '87', '88', '91'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    const groups = random() < 0.2 ? `${pick(GROUPS)}、退役军人` : pick(GROUPS);
    rows.push([String(rows.length + 1), name, id, phone, groups, pick(['初级工', '中级工', '专项职业能力']), random() < 0.6 ? '是' : '否']);
  }
  return rows;
}

const toCsv = (rows: readonly string[][]): string => `\ufeff${[HEADER, ...rows].map((cells) => cells.join(',')).join('\r\n')}\r\n`;

async function toXlsx(rows: readonly string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  sheet.addRow(['2025年第3期培训班学员花名册']);
  sheet.addRow(HEADER);
  for (const cells of rows) sheet.addRow(cells);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Measurement {
  format: string;
  rows: number;
  outcome: string;
  seconds: number;
  rowsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
}

type Format = 'csv' | 'xlsx' | 'csv+store';

/** A fixed key: the parent seeds fingerprints the child must find. */
const BENCH_PII_KEY = 'roster-bench-pii-key-0123456789abcdef';
const TABLE = tableName(enrollmentManifest.name);

function documentsAt(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint }), { marshallOptions: { removeUndefinedValues: true } });
}

/** Child side: parse and validate one file from disk as a stream (and with csv+store, match and store it), report time and peak RSS. */
async function measure(format: Format, file: string): Promise<void> {
  const endpoint = process.env.BENCH_DYNAMODB_ENDPOINT;
  const documents = format === 'csv+store' && endpoint !== undefined ? documentsAt(endpoint) : undefined;
  const baselineRssMb = process.resourceUsage().maxRSS / 1024;
  const started = process.hrtime.bigint();
  const source = createReadStream(file, { highWaterMark: 64 * 1024 });
  const rows = format === 'xlsx' ? readXlsxRows(source) : readCsvRows(source);
  const report = await importRoster(rows, {
    mode: 'ALL_OR_NOTHING',
    maxRows: 200_000,
    maxReportedIssues: 1_000,
    today: new Date('2025-05-20T00:00:00+08:00'),
    ageCheck: { onDate: '2025-06-02', minimum: 16, maximum: 60 },
  });
  if (report.outcome !== 'IMPORTED') {
    throw new Error(`Benchmark rows must all be valid, got ${report.outcome}: ${JSON.stringify(report.issues.slice(0, 3))}`);
  }
  if (documents !== undefined) {
    const cipher = piiCipherFromSecret(BENCH_PII_KEY);
    const registered = await new TraineeRepository(documents, TABLE, cipher).registeredByIdNumber(report.accepted.map((entry) => entry.idNumber));
    const matched = matchRegisteredTrainees(report, registered, { mode: 'ALL_OR_NOTHING', maxReportedIssues: 1_000 });
    if (matched.outcome !== 'IMPORTED') throw new Error(`Every bench row is a registered trainee, got ${matched.outcome}`);
    await new RosterImportRepository(documents, TABLE).storeRows('rim_bench', 'cls_bench', matched.rows);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result: Measurement = {
    format,
    rows: report.validRows,
    outcome: report.outcome,
    seconds,
    rowsPerSecond: report.validRows / seconds,
    baselineRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Untimed set-up: every bench person is registered, i.e. has its ID-number fingerprint sentinel
 * and a profile with the real name the roster's name check compares (only the fields it reads).
 */
async function seedRegisteredTrainees(endpoint: string, rows: readonly string[][]): Promise<void> {
  const cipher = piiCipherFromSecret(BENCH_PII_KEY);
  const documents = documentsAt(endpoint);
  await putAll(
    documents,
    TABLE,
    rows.flatMap((cells, index) => {
      const traineeId = `trn_bench${String(index).padStart(21, '0')}`;
      return [
        { pk: `IDNUMBER#${cipher.fingerprint(cells[2] ?? '')}`, sk: 'IDNUMBER', traineeId },
        { pk: `TRAINEE#${traineeId}`, sk: 'PROFILE', traineeId, name: cells[1] ?? '' },
      ];
    }),
  );
  documents.destroy();
}

async function main(): Promise<void> {
  const [mode, format, file] = process.argv.slice(2);
  if (mode === '--measure' && (format === 'csv' || format === 'xlsx' || format === 'csv+store') && file !== undefined) {
    await measure(format, file);
    return;
  }
  const count = Number(mode ?? 10_000);
  const dir = await mkdtemp(join(tmpdir(), 'peixun-roster-bench-'));
  try {
    const rows = generateRows(count);
    const csvFile = join(dir, `roster-${count}.csv`);
    const xlsxFile = join(dir, `roster-${count}.xlsx`);
    await writeFile(csvFile, toCsv(rows));
    await writeFile(xlsxFile, await toXlsx(rows));
    const self = fileURLToPath(import.meta.url);
    const dynamodb = await startDynamoDbLocal({ port: 0 });
    const stores: Record<Format, string> = { csv: 'parse + validate', xlsx: 'parse + validate', 'csv+store': 'parse + validate + match + store' };
    try {
      await provision([enrollmentManifest], { dynamodb: dynamodb.endpoint, s3: 'http://127.0.0.1:9' });
      await seedRegisteredTrainees(dynamodb.endpoint, rows);
      console.log(`roster import bench: ${count} valid rows, Node ${process.version}, DynamoDB Local at ${dynamodb.endpoint}`);
      for (const [format, path] of [['csv', csvFile], ['xlsx', xlsxFile], ['csv+store', csvFile]] as const) {
        const size = (await stat(path)).size;
        const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--measure', format, path], {
          encoding: 'utf8',
          env: { ...process.env, BENCH_DYNAMODB_ENDPOINT: dynamodb.endpoint },
        });
        if (child.status !== 0) throw new Error(child.stderr);
        const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Measurement;
        console.log(
          `${format.padEnd(9)} ${(size / 1024).toFixed(0).padStart(6)} KiB  ${result.rows} rows in ${result.seconds.toFixed(2)} s  ` +
            `= ${Math.round(result.rowsPerSecond).toLocaleString('en-US')} rows/s  peak RSS ${result.peakRssMb.toFixed(0)} MB ` +
            `(process baseline ${result.baselineRssMb.toFixed(0)} MB)  [${stores[format]}]`,
        );
      }
    } finally {
      await dynamodb.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
