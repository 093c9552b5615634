import * as z from 'zod';
import { defineEvent } from '../../events/contract';

/** Registry events: who may train (Art. 7(2)) and who may teach (Art. 33), for later supervision. */
export const institutionRegistered = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'Institution.Registered',
  schemaVersion: 1,
  detail: {
    institutionId: z.string(),
    name: z.string(),
    kind: z.string(),
    creditCode: z.string(),
    areaCode: z.string(),
    sites: z.array(z.object({ siteId: z.string(), name: z.string(), areaCode: z.string() })),
    registeredAt: z.iso.datetime({ offset: true }),
    registeredBy: z.string(),
  },
});

export const teacherRegistered = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'Teacher.Registered',
  schemaVersion: 1,
  detail: {
    teacherId: z.string(),
    name: z.string(),
    /** Never the number in clear. */
    idNumberMasked: z.string(),
    institutionIds: z.array(z.string()),
    cityCode: z.string(),
    approvedOn: z.iso.date(),
    validUntil: z.iso.date(),
    registeredAt: z.iso.datetime({ offset: true }),
    registeredBy: z.string(),
  },
});

/**
 * A site added to a registered institution. With the sites of `Institution.Registered` it tells
 * other services which institution a site belongs to (attendance: kiosks only at one's own sites).
 */
export const trainingSiteAdded = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'TrainingSite.Added',
  schemaVersion: 1,
  detail: {
    institutionId: z.string(),
    site: z.object({ siteId: z.string(), name: z.string(), areaCode: z.string() }),
    addedAt: z.iso.datetime({ offset: true }),
    addedBy: z.string(),
  },
});
