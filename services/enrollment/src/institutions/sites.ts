import * as z from 'zod';
import { areaCodeSchema } from '../reference/divisions';

/**
 * A training site (培训场地) with its facilities (设施设备). The approving office inspects them
 * on the spot (Art. 9); a college from another area must have a site here (Art. 7(2)).
 */
export const facilitySchema = z.object({
  name: z.string().trim().min(1).max(60),
  quantity: z.number().int().positive(),
});
export type Facility = z.infer<typeof facilitySchema>;

export const trainingSiteSchema = z.object({
  siteId: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().min(1).max(200),
  /** County (县/市/区) where the site is: it decides the approving office. */
  areaCode: areaCodeSchema,
  floorAreaSqm: z.number().positive(),
  /** Trainees the site seats at once. */
  capacity: z.number().int().positive(),
  facilities: z.array(facilitySchema),
  /** Occupations the site is equipped for; empty means general classrooms only. */
  occupationCodes: z.array(z.string()),
  /** Date of the office's on-site check, when one was made (Art. 9 实地核实). */
  inspectedOn: z.iso.date().optional(),
  /** Only for a site school staff added outside their county (see site-review.ts); absent: no review needed. */
  review: z
    .object({
      status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
      requestedAt: z.string(),
      requestedBy: z.string(),
      decidedAt: z.string().optional(),
      decidedBy: z.string().optional(),
      reasons: z.array(z.string()).optional(),
    })
    .optional(),
});
export type TrainingSite = z.infer<typeof trainingSiteSchema>;

/** A site a class may use: never reviewed (own county, or entered by an administrator) or approved (site-review.ts). */
export const siteUsable = (site: Pick<TrainingSite, 'review'>): boolean => site.review === undefined || site.review.status === 'APPROVED';
