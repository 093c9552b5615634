import { recordingViewOutsideArea } from './errors';

/**
 * Administrative division codes (GB/T 2260) nest: province `520000` ⊃ city `520100` ⊃ county
 * `520102`. An office sees the classes of its own division and of every division below it.
 */
export function areaCovers(officeAreaCode: string, classAreaCode: string): boolean {
  let prefix = officeAreaCode;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return /^\d{2,6}$/.test(prefix) && classAreaCode.startsWith(prefix);
}

export interface Viewer {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly areaCode?: string | undefined;
}

/** Issue 5 "Viewing": reviewers and inspectors of the class's area; administrators everywhere. */
export function assertMayView(viewer: Viewer, classAreaCode: string): void {
  if (viewer.roles.includes('admin')) return;
  const ok = viewer.roles.includes('reviewer') && viewer.areaCode !== undefined && areaCovers(viewer.areaCode, classAreaCode);
  if (!ok) throw recordingViewOutsideArea({ viewer: viewer.sub, classAreaCode });
}

/** Every viewing is logged (Issue 5): who, when, which object, until when the link works. */
export interface ViewLogEntry {
  readonly recordingId: string;
  readonly objectKey: string;
  readonly viewerSub: string;
  readonly viewedAt: string;
  readonly linkExpiresAt: string;
}
