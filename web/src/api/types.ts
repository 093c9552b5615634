import type { classSummarySchema, traineeClassesViewSchema } from '@peixun/shared/browser';
import type { z } from 'zod';

/** Types the contracts define as schemas only, inferred here once for the pages. */
export type ClassSummary = z.infer<typeof classSummarySchema>;
export type TraineeClasses = z.infer<typeof traineeClassesViewSchema>;
import type { batchViewSchema, reconciliationSchema, readyCountSchema } from '@peixun/shared/browser';

export type BatchView = z.infer<typeof batchViewSchema>;
export type Reconciliation = z.infer<typeof reconciliationSchema>;
export type ReadyCount = z.infer<typeof readyCountSchema>;
