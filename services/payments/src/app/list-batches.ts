import { SUBSIDY_KINDS, ValidationFailed, type SubsidyKind } from '@peixun/shared';
import type { Batch } from '../domain/batch';
import { outsideArea } from '../domain/errors';
import type { PaymentsApp } from './ports';

const PAGE_SIZE = 20;
/** Beyond this many ready claims of a kind the console shows "at least": counting further would read them all. */
const READY_COUNT_CAP = 1000;

export interface BatchListCaller {
  readonly areaCode: string | undefined;
  /** Administrators read every area's batches; finance staff their own area's only. */
  readonly admin: boolean;
}

export interface BatchList {
  readonly areaCode: string;
  readonly batches: readonly Batch[];
  readonly ready?: Array<{ subsidyKind: SubsidyKind; count: number; atLeast: boolean }>;
  readonly nextCursor?: string;
}

const invalidCursor = () => new ValidationFailed([{ path: 'query.cursor', code: 'INVALID_CURSOR', message: '分页标记无效，请从第一页重新查询。' }]);

/** A cursor names the last batch shown (`createdAt#batchId`); anything else is refused, never passed to the database. */
function positionOf(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z#pb[0-9a-z]{16}$/.test(position)) throw invalidCursor();
  return position;
}

function areaOf(caller: BatchListCaller, requested: string | undefined): string {
  if (caller.admin) {
    const area = requested ?? caller.areaCode;
    if (area === undefined) throw new ValidationFailed([{ path: 'query.areaCode', code: 'REQUIRED', message: '请指定要查看的地区代码。' }]);
    return area;
  }
  // Like every payments route, finance staff act on their own area exactly.
  const area = requested ?? caller.areaCode;
  if (caller.areaCode === undefined || area !== caller.areaCode) throw outsideArea(area ?? '');
  return area;
}

/** The area's batches, newest first, a page at a time; the first page also says how many claims wait for a batch. */
export async function listBatches(
  app: PaymentsApp,
  caller: BatchListCaller,
  query: { areaCode?: string; cursor?: string },
  pageSize = PAGE_SIZE,
): Promise<BatchList> {
  const areaCode = areaOf(caller, query.areaCode);
  const after = query.cursor === undefined ? undefined : positionOf(query.cursor);
  const [page, ready] = await Promise.all([
    app.repo.batchPage(areaCode, pageSize, after),
    after === undefined
      ? Promise.all(SUBSIDY_KINDS.map(async (subsidyKind) => ({ subsidyKind, ...(await app.repo.countReady(areaCode, subsidyKind, READY_COUNT_CAP)) })))
      : Promise.resolve(undefined),
  ]);
  return {
    areaCode,
    batches: page.batches,
    ...(ready === undefined ? {} : { ready }),
    ...(page.after === undefined ? {} : { nextCursor: Buffer.from(page.after, 'utf8').toString('base64url') }),
  };
}
