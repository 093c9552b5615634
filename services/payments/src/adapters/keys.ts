/** Single-table keys of the payments service. */
export const keys = {
  ready: (paymentKey: string) => ({ pk: `READY#${paymentKey}`, sk: 'READY' }),
  /** Sparse index of claims waiting for a batch: present only while a claim is READY. */
  readyIndex: (areaCode: string, subsidyKind: string) => `READY#${areaCode}#${subsidyKind}`,
  batch: (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'BATCH' }),
  batchesOfArea: (areaCode: string) => `BATCHES#${areaCode}`,
  /** Sparse index of batches still BUILDING, for the sweep that seals abandoned builds. */
  building: 'BUILDING',
  /** Same index: batches whose cancellation started and has not released every claim yet. */
  cancelling: 'CANCELLING',
  line: (batchId: string, paymentLineId: string) => ({ pk: `BATCH#${batchId}`, sk: `LINE#${paymentLineId}` }),
  exception: (batchId: string, fileHash: string, index: number) => ({ pk: `BATCH#${batchId}`, sk: `EXC#${fileHash}#${String(index).padStart(6, '0')}` }),
  /** One per paymentKey while a payment of it stands as paid: the database refuses a second. */
  paid: (paymentKey: string) => ({ pk: `PAID#${paymentKey}`, sk: 'PAID' }),
  import: (fileHash: string) => ({ pk: `IMPORT#${fileHash}`, sk: 'IMPORT' }),
  trainee: (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'TRAINEE' }),
  login: (sub: string) => ({ pk: `LOGIN#${sub}`, sk: 'LOGIN' }),
  payeeAccount: (payeeRef: string) => ({ pk: `PAYEE#${payeeRef}`, sk: 'ACCOUNT' }),
  payeeAudit: (payeeRef: string, version: number) => ({ pk: `PAYEE#${payeeRef}`, sk: `AUDIT#${String(version).padStart(6, '0')}` }),
  /** 资金使用公示 of one area and month: published entries, retraction tombstones and the month's totals. */
  fundUseMonth: (areaCode: string, month: string) => `FUNDUSE#${areaCode}#${month}`,
  fundUseEntry: (subsidyKind: string, paymentLineId: string) => `LINE#${subsidyKind}#${paymentLineId}`,
  fundUseRetracted: (paymentLineId: string) => `RETRACTED#${paymentLineId}`,
  /** The month's totals are spread over a few items so parallel publications rarely touch the same one. */
  fundUseTotal: (subsidyKind: string, shard: number) => `TOTAL#${subsidyKind}#${shard}`,
} as const;

export const IF_ABSENT = 'attribute_not_exists(pk)';
