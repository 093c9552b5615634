import { XMLParser } from 'fast-xml-parser';
import { seededRandom } from './seeded-random';

/**
 * A simulated bank for one machine: it reads a pain.001.001.09 instruction as a bank would,
 * answers with a pain.002.001.11 status report (each transfer settled or rejected) and, for part
 * of the settled ones, a later camt.054.001.08 notification that the money came back. Failure and
 * return rates are configurable and the outcome of every transfer follows from the seed.
 */
export interface BankSimulatorOptions {
  readonly seed: number;
  /** Share of transfers rejected (RJCT with a reason code). */
  readonly failureRate: number;
  /** Share of settled transfers returned afterwards. */
  readonly returnRate: number;
  /** The bank's clock, for CreDtTm and booking dates. */
  readonly now: Date;
}

export interface Transfer {
  readonly endToEndId: string;
  readonly amount: string;
  readonly creditorAccount: string;
  readonly creditorName: string;
}

export interface Instruction {
  readonly messageId: string;
  readonly count: string;
  readonly controlSum: string;
  readonly debtorAccount: string;
  readonly transfers: readonly Transfer[];
}

export interface BankAnswer {
  readonly pain002: Buffer;
  /** Undefined when nothing came back. */
  readonly camt054: Buffer | undefined;
  readonly settled: readonly string[];
  readonly rejected: readonly string[];
  readonly returned: readonly string[];
}

const REJECT_REASONS = ['AC01', 'AC04', 'AC06', 'BE01'] as const;
const RETURN_REASONS = ['AC04', 'MD07', 'AC06'] as const;

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, isArray: (name) => name === 'CdtTrfTxInf' || name === 'PmtInf' });
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function readInstruction(pain001: Buffer): Instruction {
  const document = parser.parse(pain001.toString('utf8')) as { Document?: { CstmrCdtTrfInitn?: Record<string, unknown> } };
  const initiation = document.Document?.CstmrCdtTrfInitn;
  if (initiation === undefined) throw new Error('不是 pain.001 付款指令');
  const header = initiation.GrpHdr as Record<string, unknown>;
  const payments = initiation.PmtInf as Array<Record<string, unknown>>;
  const transfers = payments.flatMap((payment) =>
    (payment.CdtTrfTxInf as Array<Record<string, Record<string, unknown>>>).map((tx) => ({
      endToEndId: textOf(tx.PmtId?.EndToEndId),
      amount: textOf((tx.Amt?.InstdAmt as unknown) ?? ''),
      creditorAccount: textOf(((tx.CdtrAcct?.Id as Record<string, Record<string, unknown>>)?.Othr as Record<string, unknown>)?.Id),
      creditorName: textOf(tx.Cdtr?.Nm),
    })),
  );
  const debtor = (payments[0]?.DbtrAcct as Record<string, Record<string, Record<string, unknown>>>)?.Id?.Othr?.Id;
  return { messageId: textOf(header.MsgId), count: textOf(header.NbOfTxs), controlSum: textOf(header.CtrlSum), debtorAccount: textOf(debtor), transfers };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

export function statusReport(instruction: Instruction, outcomes: ReadonlyMap<string, string | undefined>, now: Date, messageId: string): Buffer {
  const transactions = instruction.transfers
    .map((transfer) => {
      const reason = outcomes.get(transfer.endToEndId);
      return (
        `<TxInfAndSts><OrgnlEndToEndId>${esc(transfer.endToEndId)}</OrgnlEndToEndId><TxSts>${reason === undefined ? 'ACSC' : 'RJCT'}</TxSts>` +
        (reason === undefined ? '' : `<StsRsnInf><Rsn><Cd>${reason}</Cd></Rsn></StsRsnInf>`) +
        `<OrgnlTxRef><Amt><InstdAmt Ccy="CNY">${transfer.amount}</InstdAmt></Amt>` +
        `<CdtrAcct><Id><Othr><Id>${esc(transfer.creditorAccount)}</Id></Othr></Id></CdtrAcct></OrgnlTxRef></TxInfAndSts>\n`
      );
    })
    .join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.11"><CstmrPmtStsRpt>\n` +
      `<GrpHdr><MsgId>${esc(messageId)}</MsgId><CreDtTm>${now.toISOString()}</CreDtTm></GrpHdr>\n` +
      `<OrgnlGrpInfAndSts><OrgnlMsgId>${esc(instruction.messageId)}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>` +
      `<OrgnlNbOfTxs>${instruction.count}</OrgnlNbOfTxs><OrgnlCtrlSum>${instruction.controlSum}</OrgnlCtrlSum></OrgnlGrpInfAndSts>\n` +
      `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${esc(instruction.messageId)}</OrgnlPmtInfId>\n${transactions}</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>\n`,
    'utf8',
  );
}

export function returnNotification(instruction: Instruction, returns: ReadonlyMap<string, string>, now: Date, messageId: string): Buffer {
  const day = now.toISOString().slice(0, 10);
  const entries = instruction.transfers
    .filter((transfer) => returns.has(transfer.endToEndId))
    .map(
      (transfer) =>
        `<Ntry><Amt Ccy="CNY">${transfer.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${day}</Dt></BookgDt>` +
        `<BkTxCd><Prtry><Cd>RETURN</Cd></Prtry></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>${esc(transfer.endToEndId)}</EndToEndId></Refs>` +
        `<Amt Ccy="CNY">${transfer.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>` +
        `<RtrInf><Rsn><Cd>${returns.get(transfer.endToEndId)}</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>\n`,
    )
    .join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>\n` +
      `<GrpHdr><MsgId>${esc(messageId)}</MsgId><CreDtTm>${now.toISOString()}</CreDtTm></GrpHdr>\n` +
      `<Ntfctn><Id>${esc(messageId)}</Id><Acct><Id><Othr><Id>${esc(instruction.debtorAccount)}</Id></Othr></Id></Acct>\n${entries}</Ntfctn>` +
      `</BkToCstmrDbtCdtNtfctn></Document>\n`,
    'utf8',
  );
}

export function simulateBank(pain001: Buffer, options: BankSimulatorOptions): BankAnswer {
  const instruction = readInstruction(pain001);
  const random = seededRandom(options.seed);
  const rejections = new Map<string, string | undefined>();
  const returns = new Map<string, string>();
  for (const transfer of instruction.transfers) {
    if (random() < options.failureRate) rejections.set(transfer.endToEndId, pick(random, REJECT_REASONS));
    else if (random() < options.returnRate) returns.set(transfer.endToEndId, pick(random, RETURN_REASONS));
  }
  const tag = instruction.messageId.slice(-12);
  return {
    pain002: statusReport(instruction, rejections, options.now, `STS-${tag}`),
    camt054: returns.size === 0 ? undefined : returnNotification(instruction, returns, options.now, `NTF-${tag}`),
    settled: instruction.transfers.filter((t) => !rejections.has(t.endToEndId)).map((t) => t.endToEndId),
    rejected: [...rejections.keys()],
    returned: [...returns.keys()],
  };
}
