import { type TargetGroup, targetGroupSchema } from '@peixun/shared';
import * as z from 'zod';
import limitsDocument from './data/limits.v1.json' with { type: 'json' };
import { type TrainingType, trainingTypeSchema } from './training-types';

/**
 * Local figures the guideline leaves open or that provinces set themselves (DOMAIN.md marks
 * them "(practice)"). Figures the guideline fixes (60 per class, 160/320 hours, 3 days × 8
 * hours, 65 for agricultural short courses...) stay in code next to the rule that cites them;
 * only the age relaxation figure is repeated here because offices do ask to tune it.
 */
const ageSchema = z.number().int().min(14).max(80);

/** Zod 4 records keyed by an enum are exhaustive: a missing training type fails the load. */
function everyTrainingType<T extends z.ZodType>(value: T) {
  return z.record(trainingTypeSchema, value);
}

export const limitsSchema = z
  .object({
    schemaVersion: z.literal(1),
    version: z.string().min(1),
    note: z.string().optional(),
    age: z.object({
      minimum: ageSchema,
      minimumSource: z.string().optional(),
      maximumByTrainingType: everyTrainingType(ageSchema),
      maximumSource: z.string().optional(),
      agriculturalShortCourseRuralMaximum: ageSchema,
      agriculturalShortCourseRuralMaximumSource: z.string().optional(),
    }),
    classSizeMaximumOtherTypes: z.number().int().positive().max(200),
    classSizeMaximumOtherTypesSource: z.string().optional(),
    completionAttendancePercent: z.number().int().min(1).max(100),
    completionAttendancePercentSource: z.string().optional(),
    minutesPerClassHour: z.number().int().min(30).max(60),
    minutesPerClassHourSource: z.string().optional(),
    eligibleTargetGroups: everyTrainingType(z.array(targetGroupSchema).min(1)),
    eligibleTargetGroupsSource: z.string().optional(),
    approval: z.object({
      defaultLevel: z.enum(['COUNTY', 'CITY']),
      byTrainingType: z.partialRecord(trainingTypeSchema, z.enum(['COUNTY', 'CITY'])),
      source: z.string().optional(),
    }),
    roster: z.object({
      maxRows: z.number().int().positive().max(200_000),
      maxReportedIssues: z.number().int().positive(),
    }),
  })
  .superRefine((limits, ctx) => {
    if (limits.age.agriculturalShortCourseRuralMaximum > 65) {
      ctx.addIssue({ code: 'custom', path: ['age', 'agriculturalShortCourseRuralMaximum'], message: '第十八条第（二）项规定农业短平快培训年龄最多放宽到65岁。' });
    }
  });

export interface Limits {
  readonly version: string;
  readonly minimumAge: number;
  maximumAge(type: TrainingType): number;
  readonly agriculturalShortCourseRuralMaximumAge: number;
  /** Class size for types the guideline gives no figure for (short courses, apprenticeships…). */
  readonly classSizeMaximumOtherTypes: number;
  readonly completionAttendancePercent: number;
  readonly minutesPerClassHour: number;
  eligibleTargetGroups(type: TrainingType): readonly TargetGroup[];
  approvalLevel(type: TrainingType): 'COUNTY' | 'CITY';
  readonly rosterMaxRows: number;
  readonly rosterMaxReportedIssues: number;
}

export function loadLimits(raw: unknown): Limits {
  const data = limitsSchema.parse(raw);
  return {
    version: data.version,
    minimumAge: data.age.minimum,
    maximumAge: (type) => data.age.maximumByTrainingType[type],
    agriculturalShortCourseRuralMaximumAge: data.age.agriculturalShortCourseRuralMaximum,
    classSizeMaximumOtherTypes: data.classSizeMaximumOtherTypes,
    completionAttendancePercent: data.completionAttendancePercent,
    minutesPerClassHour: data.minutesPerClassHour,
    eligibleTargetGroups: (type) => data.eligibleTargetGroups[type],
    approvalLevel: (type) => data.approval.byTrainingType[type] ?? data.approval.defaultLevel,
    rosterMaxRows: data.roster.maxRows,
    rosterMaxReportedIssues: data.roster.maxReportedIssues,
  };
}

export function bundledLimits(): Limits {
  return loadLimits(limitsDocument);
}
