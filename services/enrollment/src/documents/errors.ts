import { DomainError } from '@peixun/shared';
import type { DocumentRejection } from './document';

/** The completion check refused the file; the document stays REJECTED and no application may name it. */
export class DocumentRejected extends DomainError {
  constructor(documentId: string, rejection: DocumentRejection) {
    super({ code: rejection.code, status: 422, title: '文件未通过检查', detail: rejection.message, context: { documentId } });
  }
}

/** Completion asked for before the file reached the bucket: upload it, then ask again. */
export class DocumentNotUploaded extends DomainError {
  constructor(documentId: string) {
    super({ code: 'DOCUMENT_NOT_UPLOADED', status: 409, title: '文件尚未上传', detail: '尚未收到文件，请先用上传地址上传文件，再完成上传。', context: { documentId } });
  }
}
