import { fenSchema } from '@peixun/shared';
import * as z from 'zod';
import { isoDateSchema } from './calendar';
import { type CertificateLevel, certificateLevelSchema } from './certificate-levels';
import catalogueDocument from './data/occupations.sample.v1.json' with { type: 'json' };

/**
 * The local training catalogue (职业培训项目目录, Art. 6): which occupations a county pays for,
 * at which levels, how much per certificate and for how many hours at most. It is configuration
 * published by the HRSS office, so it is data with a version, never code.
 */

/** Art. 18(1): the most subsidised hours the guideline allows, whatever a catalogue says. */
export const ARTICLE_18_HOURS_CAP: Partial<Record<CertificateLevel, number>> = {
  SPECIAL_ABILITY: 160,
  LEVEL_5: 320,
  LEVEL_4: 320,
  LEVEL_3: 320,
};

const hoursSchema = z.number().int().positive().max(2000);

const levelOfferingSchema = z.object({
  level: certificateLevelSchema,
  subsidyFen: fenSchema,
  subsidisedHoursCap: hoursSchema,
});
export type LevelOffering = z.infer<typeof levelOfferingSchema>;

export const occupationSchema = z
  .object({
    code: z.string().min(1).max(32),
    name: z.string().min(1).max(60),
    kind: z.enum(['OCCUPATION', 'SPECIAL_ABILITY', 'ENTREPRENEURSHIP']),
    /** Art. 18(2): agricultural planting/breeding courses relax the age limit for rural workers. */
    agricultural: z.boolean(),
    /** Art. 7(1): new occupations without a national standard are not procured. */
    hasNationalStandard: z.boolean(),
    levels: z.array(levelOfferingSchema),
    /** Present when the occupation may be taught as a short course (Art. 18(2)). */
    shortCourse: z.object({ subsidyFenPerDay: fenSchema }).optional(),
    /** SYB / online entrepreneurship programmes (Art. 18(3)). */
    entrepreneurship: z.object({ subsidyFen: fenSchema, subsidisedHoursCap: hoursSchema }).optional(),
  })
  .superRefine((occupation, ctx) => {
    const levels = occupation.levels.map((offering) => offering.level);
    if (new Set(levels).size !== levels.length) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: `${occupation.name}：同一等级只能列出一次。` });
    }
    const special = levels.includes('SPECIAL_ABILITY');
    if (occupation.kind === 'SPECIAL_ABILITY' && (levels.length !== 1 || !special)) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: `${occupation.name}：专项职业能力项目只能列出专项职业能力一个等级。` });
    }
    if (occupation.kind === 'OCCUPATION' && special) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: `${occupation.name}：职业（工种）不得列出专项职业能力等级。` });
    }
    if (occupation.kind === 'ENTREPRENEURSHIP' && (occupation.entrepreneurship === undefined || levels.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['entrepreneurship'], message: `${occupation.name}：创业培训项目须填写补贴标准与学时上限，且不设等级。` });
    }
    // A catalogue may be stricter than the guideline, never looser (Art. 18(1)).
    occupation.levels.forEach((offering, index) => {
      const articleCap = ARTICLE_18_HOURS_CAP[offering.level];
      if (articleCap !== undefined && offering.subsidisedHoursCap > articleCap) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'subsidisedHoursCap'],
          message: `${occupation.name}：补贴学时上限${offering.subsidisedHoursCap}超过第十八条规定的${articleCap}学时。`,
        });
      }
    });
  });
export type Occupation = z.infer<typeof occupationSchema>;

export const occupationCatalogueSchema = z
  .object({
    schemaVersion: z.literal(1),
    catalogueVersion: z.string().min(1),
    title: z.string().min(1),
    issuedByAreaCode: z.string().regex(/^\d{6}$/),
    effectiveFrom: isoDateSchema,
    /** True while the figures are illustrations, so nothing pays out of a sample by mistake. */
    sample: z.boolean(),
    note: z.string().optional(),
    occupations: z.array(occupationSchema).min(1),
  })
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    catalogue.occupations.forEach((occupation, index) => {
      if (seen.has(occupation.code)) {
        ctx.addIssue({ code: 'custom', path: ['occupations', index, 'code'], message: `职业代码${occupation.code}重复。` });
      }
      seen.add(occupation.code);
    });
  });
export type OccupationCatalogueData = z.infer<typeof occupationCatalogueSchema>;

export interface OccupationCatalogue {
  readonly version: string;
  readonly sample: boolean;
  readonly effectiveFrom: string;
  find(code: string): Occupation | undefined;
  offering(code: string, level: CertificateLevel): LevelOffering | undefined;
  all(): readonly Occupation[];
}

/**
 * Parses a catalogue document (a bundled file, or one an admin uploads through the API) and
 * indexes it. Throws the zod error: a broken catalogue must never be half-loaded.
 */
export function loadOccupationCatalogue(raw: unknown): OccupationCatalogue {
  const data = occupationCatalogueSchema.parse(raw);
  const byCode = new Map(data.occupations.map((occupation) => [occupation.code, occupation]));
  return {
    version: data.catalogueVersion,
    sample: data.sample,
    effectiveFrom: data.effectiveFrom,
    find: (code) => byCode.get(code),
    offering: (code, level) => byCode.get(code)?.levels.find((offering) => offering.level === level),
    all: () => data.occupations,
  };
}

/** The sample catalogue shipped with the service, for local runs, demos and tests. */
export function bundledOccupationCatalogue(): OccupationCatalogue {
  return loadOccupationCatalogue(catalogueDocument);
}
