import type { claimListSchema } from '@peixun/shared/browser';
import type { z } from 'zod';

/** One row of `GET /claims`. */
export type ClaimSummary = z.infer<typeof claimListSchema>['claims'][number];
