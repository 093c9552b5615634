import type { DocumentKind } from '@peixun/shared';

/**
 * Small, real PDF files for the demo and the tests: one page with a line of text, a correct
 * cross-reference table, readable by any viewer. Application documents (Art. 23) are checked
 * by their bytes, so the seed uploads files like these rather than naming made-up ids.
 */
export function samplePdf(title: string): Buffer<ArrayBuffer> {
  const text = title.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, (char) => `\\${char}`);
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The API calls an upload takes, whoever makes them (the seed, a test): JSON in, parsed JSON out. */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

export interface UploadedDocument {
  readonly documentId: string;
  /** The completion's answer: 200 with the AVAILABLE document, or the refusal. */
  readonly completion: { status: number; body: unknown };
}

/** Registers the document, PUTs the bytes to the presigned URL as the browser would, and asks for the check. */
export async function uploadDocument(
  call: ApiCall,
  file: { kind: DocumentKind; fileName: string; bytes: Uint8Array<ArrayBuffer>; contentType?: string; declaredSize?: number },
): Promise<UploadedDocument> {
  const contentType = file.contentType ?? 'application/pdf';
  const created = await call('POST', '/documents', { kind: file.kind, fileName: file.fileName, contentType, size: file.declaredSize ?? file.bytes.length });
  if (created.status !== 201) throw new Error(`POST /documents → ${created.status} ${JSON.stringify(created.body)}`);
  const { documentId, upload } = created.body as { documentId: string; upload: { url: string; headers: Record<string, string> } };
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: file.bytes });
  if (!put.ok) throw new Error(`PUT ${documentId} → ${put.status} ${await put.text()}`);
  return { documentId, completion: await call('POST', `/documents/${documentId}/complete`) };
}

export const MATERIAL_KINDS = ['OPENING_FORM', 'TEACHING_PLAN', 'TEACHER_PROOF', 'SITE_PROOF', 'EQUIPMENT_LIST'] as const;

async function available(call: ApiCall, kind: DocumentKind, fileName: string): Promise<string> {
  const { documentId, completion } = await uploadDocument(call, { kind, fileName, bytes: samplePdf(`${kind} ${fileName}`) });
  if (completion.status !== 200) throw new Error(`POST /documents/${documentId}/complete → ${completion.status} ${JSON.stringify(completion.body)}`);
  return documentId;
}

/** The five materials of an opening application (Art. 23), uploaded and checked: ready for `materials`. */
export async function uploadMaterials(call: ApiCall): Promise<Array<{ kind: (typeof MATERIAL_KINDS)[number]; documentId: string }>> {
  return Promise.all(MATERIAL_KINDS.map(async (kind) => ({ kind, documentId: await available(call, kind, `${kind.toLowerCase()}.pdf`) })));
}

/** One trainee application form (培训个人申请表) per roster line, uploaded and checked, in order. */
export async function uploadApplicationForms(call: ApiCall, count: number): Promise<string[]> {
  const ids: string[] = [];
  // A few at a time: the seed and the tests share a small machine with the rest of the runtime.
  for (let start = 0; start < count; start += 4) {
    const batch = Array.from({ length: Math.min(4, count - start) }, (_, i) => available(call, 'TRAINEE_APPLICATION_FORM', `application-form-${start + i + 1}.pdf`));
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}
