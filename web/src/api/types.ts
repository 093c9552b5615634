import type { classSummarySchema, traineeClassesViewSchema } from '@peixun/shared/browser';
import type { z } from 'zod';

/** Types the contracts define as schemas only, inferred here once for the pages. */
export type ClassSummary = z.infer<typeof classSummarySchema>;
export type TraineeClasses = z.infer<typeof traineeClassesViewSchema>;
