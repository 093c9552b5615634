import { type ApiCall, uploadApplicationForms, uploadMaterials } from '../../../../local/src/demo/documents';
import type { TestRuntime } from '../../../../test/support/runtime';

/** A school's uploaded application documents (Art. 23) for tests through the HTTP API. */
export interface ApplicationDocuments {
  readonly materials: Array<{ kind: 'OPENING_FORM' | 'TEACHING_PLAN' | 'TEACHER_PROOF' | 'SITE_PROOF' | 'EQUIPMENT_LIST'; documentId: string }>;
  /** One trainee application form per roster line, in order. */
  readonly forms: readonly string[];
}

export const callsAs =
  (runtime: TestRuntime, user: string): ApiCall =>
  (method, path, body) =>
    runtime.request(method, path, { as: user, ...(body === undefined ? {} : { body }) });

/** Uploads real PDFs through the routes, as the school's console does, and waits for each check. */
export async function uploadApplicationDocuments(runtime: TestRuntime, user: string, formCount: number): Promise<ApplicationDocuments> {
  const call = callsAs(runtime, user);
  const [materials, forms] = await Promise.all([uploadMaterials(call), uploadApplicationForms(call, formCount)]);
  return { materials, forms };
}
