import { yuanOf } from '../money';
import { xmlEscape as x, type PaymentFileHeader, type PaymentFileLine } from './payment-file';

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

/** Lines are written this many at a time, so a 50,000-line file never sits in memory as one string. */
const CHUNK_LINES = 500;

function creditTransfer(line: PaymentFileLine): string {
  return (
    `<CdtTrfTxInf><PmtId><EndToEndId>${x(line.paymentLineId)}</EndToEndId></PmtId>` +
    `<Amt><InstdAmt Ccy="CNY">${yuanOf(line.amountFen)}</InstdAmt></Amt>` +
    `<CdtrAgt><FinInstnId><Nm>${x(line.creditorBank)}</Nm></FinInstnId></CdtrAgt>` +
    `<Cdtr><Nm>${x(line.creditorName)}</Nm></Cdtr>` +
    `<CdtrAcct><Id><Othr><Id>${x(line.creditorAccount)}</Id></Othr></Id></CdtrAcct>` +
    `<RmtInf><Ustrd>${x(line.remittance)}</Ustrd></RmtInf></CdtTrfTxInf>\n`
  );
}

/**
 * ISO 20022 pain.001.001.09 (CustomerCreditTransferInitiationV09), streamed: GrpHdr carries the
 * batch's control totals (MsgId, NbOfTxs, CtrlSum), one PmtInf debits the paying office's
 * account, one CdtTrfTxInf per line with EndToEndId = the payment line id.
 */
export async function* pain001(header: PaymentFileHeader, lines: AsyncIterable<PaymentFileLine> | Iterable<PaymentFileLine>): AsyncGenerator<string> {
  const { payer, totals } = header;
  yield (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${PAIN001_NAMESPACE}"><CstmrCdtTrfInitn>\n` +
    `<GrpHdr><MsgId>${x(header.messageId)}</MsgId><CreDtTm>${x(header.createdAt)}</CreDtTm>` +
    `<NbOfTxs>${totals.count}</NbOfTxs><CtrlSum>${yuanOf(totals.sumFen)}</CtrlSum><InitgPty><Nm>${x(payer.name)}</Nm></InitgPty></GrpHdr>\n` +
    `<PmtInf><PmtInfId>${x(header.messageId)}</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>false</BtchBookg>` +
    `<NbOfTxs>${totals.count}</NbOfTxs><CtrlSum>${yuanOf(totals.sumFen)}</CtrlSum>` +
    `<ReqdExctnDt><Dt>${x(header.executionDate)}</Dt></ReqdExctnDt><Dbtr><Nm>${x(payer.name)}</Nm></Dbtr>` +
    `<DbtrAcct><Id><Othr><Id>${x(payer.accountNumber)}</Id></Othr></Id><Ccy>CNY</Ccy></DbtrAcct>` +
    `<DbtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>CNAPS</Cd></ClrSysId><MmbId>${x(payer.bankCode)}</MmbId></ClrSysMmbId><Nm>${x(payer.bankName)}</Nm></FinInstnId></DbtrAgt>` +
    `<ChrgBr>DEBT</ChrgBr>\n`
  );
  let chunk = '';
  let inChunk = 0;
  for await (const line of lines) {
    chunk += creditTransfer(line);
    inChunk += 1;
    if (inChunk === CHUNK_LINES) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  }
  yield `${chunk}</PmtInf></CstmrCdtTrfInitn></Document>\n`;
}
