import type { Role } from '@peixun/shared';
import { recordingNotOwnInstitution } from './errors';
import { assertMayView } from './viewing';

export interface Reader {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly institutionId?: string | undefined;
  readonly areaCode?: string | undefined;
}

/**
 * Who may see a session's recordings and coverage (not the video itself): staff of the institution
 * running the class, and reviewers of its area (administrators everywhere). Seeing that a
 * recording exists is not viewing it, so it is not logged.
 */
export function assertMayRead(reader: Reader, facts: { readonly sessionId: string; readonly institutionId: string; readonly areaCode: string }): void {
  if (reader.roles.includes('admin') || reader.roles.includes('reviewer')) {
    assertMayView(reader, facts.areaCode);
    return;
  }
  if (reader.institutionId === undefined || reader.institutionId !== facts.institutionId) {
    throw recordingNotOwnInstitution({ sessionId: facts.sessionId, caller: reader.sub, callerInstitution: reader.institutionId });
  }
}
