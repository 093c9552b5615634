import { DOCUMENT_MAX_BYTES, type DocumentContentType, type DocumentKind, type DocumentStatus } from '@peixun/shared';
import { sniffContentType } from './content-type';
import type { ScanVerdict } from './scanner';

/** An uploaded application document as the service keeps it. */
export interface DocumentRecord {
  readonly documentId: string;
  readonly institutionId: string;
  readonly kind: DocumentKind;
  readonly fileName: string;
  /** As declared by the uploader and signed into the upload URL; the check compares the bytes with it. */
  readonly contentType: DocumentContentType;
  readonly size: number;
  /** The object key in the enrollment bucket, under the institution's prefix. */
  readonly objectKey: string;
  readonly status: DocumentStatus;
  readonly createdAt: string;
  /** Username of the school's staff member who started the upload. */
  readonly createdBy: string;
  readonly checkedAt?: string;
  readonly rejection?: DocumentRejection;
}

export const DOCUMENT_REJECTION_CODES = [
  'DOCUMENT_TOO_LARGE',
  'DOCUMENT_SIZE_MISMATCH',
  'DOCUMENT_TYPE_NOT_ALLOWED',
  'DOCUMENT_TYPE_MISMATCH',
  'DOCUMENT_MALWARE_FOUND',
] as const;
export type DocumentRejectionCode = (typeof DOCUMENT_REJECTION_CODES)[number];

export interface DocumentRejection {
  readonly code: DocumentRejectionCode;
  readonly message: string;
}

export function objectKeyOf(institutionId: string, documentId: string): string {
  return `institutions/${encodeURIComponent(institutionId)}/documents/${documentId}`;
}

/** The uploaded object as the check sees it: its stored size and its bytes. */
export interface UploadedObject {
  readonly size: number;
  readonly bytes: Uint8Array;
}

const TYPE_LABELS: Record<DocumentContentType, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)}MB`;

/**
 * The verdict on an uploaded file, in the order that tells the school most: a virus first (the
 * file must not be opened by anyone), then size, then what the bytes really are. Pure: the scan
 * has already run and its verdict is handed in.
 */
export function judgeUpload(document: Pick<DocumentRecord, 'size' | 'contentType'>, object: UploadedObject, scan: ScanVerdict): DocumentRejection | undefined {
  if (!scan.clean) return { code: 'DOCUMENT_MALWARE_FOUND', message: `文件含有病毒或恶意代码（${scan.threat}），已拒收，请勿使用该文件。` };
  if (object.size > DOCUMENT_MAX_BYTES) {
    return { code: 'DOCUMENT_TOO_LARGE', message: `文件大小为${megabytes(object.size)}，超过${megabytes(DOCUMENT_MAX_BYTES)}的上限。` };
  }
  if (object.size !== document.size) {
    return { code: 'DOCUMENT_SIZE_MISMATCH', message: `上传的文件为${object.size}字节，与申报的${document.size}字节不一致，请重新上传。` };
  }
  const sniffed = sniffContentType(object.bytes);
  if (sniffed === undefined) return { code: 'DOCUMENT_TYPE_NOT_ALLOWED', message: '文件内容不是PDF、JPEG或PNG，只接受这三种格式的扫描件。' };
  if (sniffed !== document.contentType) {
    return {
      code: 'DOCUMENT_TYPE_MISMATCH',
      message: `文件内容是${TYPE_LABELS[sniffed]}，与申报的${TYPE_LABELS[document.contentType]}不一致，请按实际格式重新上传。`,
    };
  }
  return undefined;
}
