import { attendanceManifest } from '@peixun/attendance/manifest';
import { claimsManifest } from '@peixun/claims/manifest';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { paymentsManifest } from '@peixun/payments/manifest';
import { recordingsManifest } from '@peixun/recordings/manifest';
import type { ServiceManifest } from '@peixun/shared';

/** Every deployed service; infra and the local runtime both read this list and nothing else. */
export const serviceManifests: readonly ServiceManifest[] = [
  enrollmentManifest,
  attendanceManifest,
  recordingsManifest,
  claimsManifest,
  paymentsManifest,
];
