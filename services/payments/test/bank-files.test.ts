/**
 * Bank files against the official ISO 20022 schemas (libxml2's own validator), and the result
 * readers' refusals: a file that cannot be read whole is refused whole.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { simulateBank } from '../../../local/src/bank/bank-simulator';
import { batchCsv, BATCH_CSV_COLUMNS } from '../src/domain/bank-files/batch-csv';
import { pain001 } from '../src/domain/bank-files/pain001';
import type { PaymentFileHeader, PaymentFileLine } from '../src/domain/bank-files/payment-file';
import { readBankResult } from '../src/domain/bank-files/read-result';
import { controlTotalsOf } from '../src/domain/control-totals';
import { PaymentError } from '../src/domain/errors';
import { schemaErrors } from './support/xsd';

const lines: PaymentFileLine[] = Array.from({ length: 1200 }, (_, i) => ({
  paymentLineId: `pb0000000000000000-${String(i + 1).padStart(6, '0')}`,
  amountFen: 12_345 + i,
  creditorName: i === 3 ? '张&李<合伙>' : '王五',
  creditorAccount: `6217000000${String(i).padStart(6, '0')}`,
  creditorBank: '贵阳银行南明支行',
  remittance: `职业技能培训补贴 证书S${i}`,
}));
const totals = controlTotalsOf(lines.map((line) => ({ ...line, paymentKey: line.paymentLineId, payeeRef: 'x', accountFingerprint: 'f' })));
const header: PaymentFileHeader = {
  messageId: 'pb0000000000000000',
  createdAt: '2027-03-02T09:30:00.000Z',
  executionDate: '2027-03-02',
  payer: { name: '就业补助资金专户', accountNumber: '52050100000000000001', bankName: '中国建设银行贵阳南明支行', bankCode: '105701000014' },
  totals,
  purpose: '职业技能培训补贴',
};

async function collect(chunks: AsyncIterable<string | Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts);
}

const refusal = (bytes: Buffer): PaymentError => {
  try {
    readBankResult(bytes);
  } catch (error) {
    if (error instanceof PaymentError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
};

describe('pain.001.001.09 export', () => {
  it('validates against the official pain.001.001.09 XSD, with GrpHdr NbOfTxs/CtrlSum equal to the control totals', async () => {
    const xml = await collect(pain001(header, lines));
    expect(schemaErrors('pain.001.001.09', xml)).toEqual([]);
    const text = xml.toString('utf8');
    expect(text).toContain(`<MsgId>${header.messageId}</MsgId>`);
    expect(text).toContain(`<NbOfTxs>1200</NbOfTxs><CtrlSum>${(totals.sumFen / 100).toFixed(2)}</CtrlSum>`);
    expect(text.match(/<CdtTrfTxInf>/g)).toHaveLength(1200);
    expect(text).toContain('<EndToEndId>pb0000000000000000-000001</EndToEndId>');
    expect(text).toContain('<Nm>张&amp;李&lt;合伙&gt;</Nm>');
  });

  it('the schema check is real: a file without its GrpHdr NbOfTxs is invalid', async () => {
    const xml = (await collect(pain001(header, lines.slice(0, 2)))).toString('utf8').replace('<NbOfTxs>1200</NbOfTxs>', '');
    expect(schemaErrors('pain.001.001.09', Buffer.from(xml))).not.toEqual([]);
  });

  it('exporting again yields the same bytes (same MsgId, same CreDtTm)', async () => {
    expect((await collect(pain001(header, lines))).equals(await collect(pain001(header, lines)))).toBe(true);
  });
});

describe('批量代发 CSV export', () => {
  it('has the banks’ template columns, amounts with exactly two decimals, and is GBK by default', async () => {
    const gbk = await collect(batchCsv(header, lines.slice(0, 3), 'GBK'));
    const text = iconv.decode(gbk, 'gbk');
    const [head, first] = text.split('\r\n');
    expect(head).toBe(BATCH_CSV_COLUMNS.join(','));
    expect(first).toBe('52050100000000000001,就业补助资金专户,贵阳银行南明支行,6217000000000000,王五,123.45,职业技能培训补贴,pb0000000000000000-000001');
    expect(gbk.equals(Buffer.from(text, 'utf8'))).toBe(false);
    const utf8 = await collect(batchCsv(header, lines.slice(0, 3), 'UTF-8'));
    expect(utf8.toString('utf8')).toBe(text);
  });
});

describe('the bank simulator writes what the official schemas accept', () => {
  it('pain.002.001.11 and camt.054.001.08 answers validate, and are read back as the simulator decided', async () => {
    const xml = await collect(pain001(header, lines));
    const answer = simulateBank(xml, { seed: 7, failureRate: 0.1, returnRate: 0.05, now: new Date('2027-03-03T02:00:00Z') });
    expect(schemaErrors('pain.002.001.11', answer.pain002)).toEqual([]);
    expect(answer.camt054).toBeDefined();
    expect(schemaErrors('camt.054.001.08', answer.camt054 ?? Buffer.alloc(0))).toEqual([]);
    const status = readBankResult(answer.pain002);
    expect(status).toMatchObject({ format: 'pain.002', originalMessageId: header.messageId, originalCount: 1200, originalSumFen: totals.sumFen });
    expect(status.entries.filter((entry) => entry.outcome === 'FAILED').map((entry) => entry.endToEndId)).toEqual(answer.rejected);
    const returns = readBankResult(answer.camt054 ?? Buffer.alloc(0));
    expect(returns.entries.map((entry) => [entry.endToEndId, entry.outcome])).toEqual(answer.returned.map((id) => [id, 'RETURNED']));
    // Same seed, same bank day.
    expect(simulateBank(xml, { seed: 7, failureRate: 0.1, returnRate: 0.05, now: new Date('2027-03-03T02:00:00Z') }).pain002.equals(answer.pain002)).toBe(true);
  });
});

describe('malformed result files are refused whole with a clear Chinese reason', () => {
  it('XML that is not well-formed', () => {
    const error = refusal(Buffer.from('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.11"><CstmrPmtStsRpt>'));
    expect(error.code).toBe('PAYMENT_RESULT_FILE_MALFORMED');
    expect(error.detail).toMatch(/不是格式正确的 XML/);
  });

  it('a pain.002 without OrgnlMsgId', () => {
    const error = refusal(
      Buffer.from('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.11"><CstmrPmtStsRpt><GrpHdr><MsgId>M</MsgId></GrpHdr><OrgnlGrpInfAndSts/></CstmrPmtStsRpt></Document>'),
    );
    expect(error.detail).toMatch(/OrgnlMsgId/);
  });

  it('an unsupported message type', () => {
    expect(refusal(Buffer.from('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>')).detail).toMatch(/不支持的报文类型/);
  });

  it('a CSV with the wrong header, an amount without two decimals, an unknown outcome, or no rows', () => {
    expect(refusal(Buffer.from('账号,金额\r\n1,2\r\n')).detail).toMatch(/表头/);
    const head = '收款账号,收款账号名称,金额,处理结果,失败原因,备注\r\n';
    expect(refusal(Buffer.from(`${head}6217,王五,12.3,成功,,pb0000000000000000-000001\r\n`)).detail).toMatch(/第 2 行金额/);
    expect(refusal(iconv.encode(`${head}6217,王五,12.30,处理中,,pb0000000000000000-000001\r\n`, 'gbk')).detail).toMatch(/处理结果「处理中」/);
    expect(refusal(Buffer.from(head)).detail).toMatch(/没有任何结果行/);
  });

  it('a GBK CSV result is read', () => {
    const head = '收款账号,收款账号名称,金额,处理结果,失败原因,备注\r\n';
    const result = readBankResult(iconv.encode(`${head}6217,王五,12.30,失败,账户已冻结,pb0000000000000000-000001\r\n`, 'gbk'));
    expect(result.entries).toEqual([
      { endToEndId: 'pb0000000000000000-000001', outcome: 'FAILED', amountFen: 1230, account: '6217', reasonCode: 'NARR', reason: '账户已冻结' },
    ]);
  });
});
