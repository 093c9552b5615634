import {
  assertAccess,
  type AuthContext,
  completeDocumentUploadRoute,
  type CreateDocumentBody,
  type CreatedDocument,
  DOCUMENT_MAX_BYTES,
  type DocumentRead,
  type DocumentView,
  Forbidden,
  getDocumentRoute,
  newId,
  NotFound,
} from '@peixun/shared';
import type { DocumentDependencies } from '../document-dependencies';
import { type DocumentRecord, judgeUpload, objectKeyOf } from '../documents/document';
import { DocumentNotUploaded, DocumentRejected } from '../documents/errors';
import { shanghaiTimestamp } from '../reference/calendar';

/**
 * Application documents (Art. 9, 23): the school registers a document and PUTs the file to the
 * presigned URL; completion checks the stored bytes and settles the document once; reviewers and
 * the school open it through presigned GETs, each one logged.
 */
export function documentView(record: DocumentRecord): DocumentView {
  const { objectKey: _key, ...view } = record;
  return view;
}

export async function createDocument(deps: DocumentDependencies, body: CreateDocumentBody, auth: AuthContext, now: Date): Promise<CreatedDocument> {
  if (auth.institutionId === undefined) throw new Forbidden('您的账号未关联培训机构，无法上传开班申请资料。');
  const documentId = newId('doc');
  const record: DocumentRecord = {
    documentId,
    institutionId: auth.institutionId,
    kind: body.kind,
    fileName: body.fileName,
    contentType: body.contentType,
    size: body.size,
    objectKey: objectKeyOf(auth.institutionId, documentId),
    status: 'PENDING',
    createdAt: shanghaiTimestamp(now),
    createdBy: auth.username,
  };
  await deps.documents.create(record);
  const upload = await deps.documentStore.presignUpload(record.objectKey, record.contentType, record.size);
  return { ...documentView(record), upload: { url: upload.url, method: 'PUT', headers: { 'content-type': record.contentType }, expiresAt: upload.expiresAt } };
}

async function findDocument(deps: DocumentDependencies, documentId: string): Promise<DocumentRecord> {
  const record = await deps.documents.find(documentId);
  if (record === undefined) throw new NotFound('文件', documentId);
  return record;
}

function settled(record: DocumentRecord): DocumentView {
  if (record.status === 'REJECTED' && record.rejection !== undefined) throw new DocumentRejected(record.documentId, record.rejection);
  return documentView(record);
}

/**
 * Checks the uploaded object and settles the document: AVAILABLE, or REJECTED with the reason.
 * Asked again, it answers the same (the settled state, or the same refusal) without reading the
 * file again; an upload not yet there leaves the document PENDING.
 */
export async function completeDocumentUpload(deps: DocumentDependencies, documentId: string, auth: AuthContext, now: Date): Promise<DocumentView> {
  const record = await findDocument(deps, documentId);
  assertAccess(completeDocumentUploadRoute.access, auth, { institutionId: record.institutionId }, '只能完成本机构上传的文件。');
  if (record.status !== 'PENDING') return settled(record);
  const object = await deps.documentStore.read(record.objectKey, DOCUMENT_MAX_BYTES);
  if (object === undefined) throw new DocumentNotUploaded(documentId);
  // An oversize object is refused by its size and never read, so there is nothing to scan.
  const verdict = object.bytes.length === 0 ? ({ clean: true } as const) : await deps.documentScanner.scan(object.bytes);
  const after = await deps.documents.settle(documentId, shanghaiTimestamp(now), judgeUpload(record, object, verdict));
  if (after === undefined) throw new NotFound('文件', documentId);
  return settled(after);
}

/**
 * The offices that may open a document: the school's own area, and, when the caller names a class
 * of that school that uses the document, the class's approving office (a site in another county).
 */
async function documentAreas(deps: DocumentDependencies, record: DocumentRecord, classId: string | undefined): Promise<string[]> {
  const [institution, classRecord] = await Promise.all([
    deps.institutions.find(record.institutionId),
    classId === undefined ? Promise.resolve(undefined) : deps.classes.find(classId),
  ]);
  const areas = institution === undefined ? [] : [institution.areaCode];
  if (classRecord !== undefined && classRecord.lifecycle.institutionId === record.institutionId && classUses(classRecord.application, record.documentId)) {
    areas.push(classRecord.lifecycle.approvingAreaCode);
  }
  return areas;
}

function classUses(application: { materials: ReadonlyArray<{ documentId: string }>; roster: ReadonlyArray<{ applicationFormId?: string | undefined }> }, documentId: string): boolean {
  return application.materials.some((material) => material.documentId === documentId) || application.roster.some((entry) => entry.applicationFormId === documentId);
}

export async function readDocument(deps: DocumentDependencies, documentId: string, classId: string | undefined, auth: AuthContext, now: Date): Promise<DocumentRead> {
  const record = await findDocument(deps, documentId);
  const areaCode = await documentAreas(deps, record, classId);
  assertAccess(getDocumentRoute.access, auth, { institutionId: record.institutionId, areaCode }, '只有上传文件的培训机构和辖区审核人员可以查看该文件。');
  if (record.status !== 'AVAILABLE') return { ...documentView(record), views: await deps.documents.views(documentId) };
  const link = await deps.documentStore.presignView(record.objectKey, record.fileName);
  // Logged before the link leaves the service: no opening without its audit item.
  await deps.documents.logView(documentId, { viewer: auth.username, role: auth.roles.join(','), at: shanghaiTimestamp(now) });
  return { ...documentView(record), url: link.url, expiresAt: link.expiresAt, views: await deps.documents.views(documentId) };
}
