import * as z from 'zod';
import divisionsDocument from './data/divisions.guizhou.v1.json' with { type: 'json' };

/**
 * Administrative divisions (GB/T 2260) of Guizhou with the HRSS office of each. They say where
 * a class takes place and therefore which office approves and supervises it ("谁审批、谁监管、
 * 谁负责", Art. 9), and which area a reviewer's account covers.
 */
export const DIVISION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

export const areaCodeSchema = z.string().regex(/^\d{6}$/, { message: '行政区划代码应为6位数字。' });

const divisionSchema = z.object({
  code: areaCodeSchema,
  name: z.string().min(1),
  level: z.enum(DIVISION_LEVELS),
  parent: areaCodeSchema.optional(),
  /** The office that approves classes in this area (Art. 9); a division without one could not be reviewed. */
  hrssOffice: z.string().trim().min(1, { message: '须填写该区划的人社部门。' }),
});
export type Division = z.infer<typeof divisionSchema>;

export const divisionTableSchema = z
  .object({
    schemaVersion: z.literal(1),
    version: z.string().min(1),
    title: z.string(),
    sample: z.boolean(),
    note: z.string().optional(),
    divisions: z.array(divisionSchema).min(1),
  })
  .superRefine((table, ctx) => {
    const byCode = new Map(table.divisions.map((division) => [division.code, division]));
    const seen = new Set<string>();
    table.divisions.forEach((division, index) => {
      if (seen.has(division.code)) {
        ctx.addIssue({ code: 'custom', path: ['divisions', index, 'code'], params: { code: 'DIVISION_CODE_DUPLICATE' }, message: `行政区划代码${division.code}重复。` });
      }
      seen.add(division.code);
    });
    const expectedParent: Record<DivisionLevel, DivisionLevel | undefined> = { PROVINCE: undefined, CITY: 'PROVINCE', COUNTY: 'CITY' };
    table.divisions.forEach((division, index) => {
      const wanted = expectedParent[division.level];
      const parent = division.parent === undefined ? undefined : byCode.get(division.parent);
      if (wanted === undefined ? division.parent !== undefined : parent?.level !== wanted) {
        ctx.addIssue({
          code: 'custom',
          path: ['divisions', index, 'parent'],
          params: { code: 'DIVISION_PARENT_INVALID' },
          message: `${division.name}（${division.code}）的上级区划不正确。`,
        });
      }
    });
  });

export type DivisionTableData = z.infer<typeof divisionTableSchema>;

export interface DivisionTable {
  readonly version: string;
  find(code: string): Division | undefined;
  /** The city (市/州) a county belongs to, or the city itself. */
  cityOf(code: string): Division | undefined;
  /** True when `code` is `ancestor` or lies inside it. */
  contains(ancestor: string, code: string): boolean;
  /** Display name with its parents, e.g. `贵州省贵阳市南明区`. */
  fullName(code: string): string;
}

export function loadDivisionTable(raw: unknown): DivisionTable {
  const data = divisionTableSchema.parse(raw);
  const byCode = new Map(data.divisions.map((division) => [division.code, division]));
  const parentOf = (division: Division): Division | undefined =>
    division.parent === undefined ? undefined : byCode.get(division.parent);
  const lineage = (code: string): Division[] => {
    const chain: Division[] = [];
    for (let current = byCode.get(code); current !== undefined; current = parentOf(current)) chain.unshift(current);
    return chain;
  };
  return {
    version: data.version,
    find: (code) => byCode.get(code),
    cityOf: (code) => lineage(code).find((division) => division.level === 'CITY'),
    contains: (ancestor, code) => lineage(code).some((division) => division.code === ancestor),
    fullName: (code) => lineage(code).map((division) => division.name).join('') || code,
  };
}

export function bundledDivisionTable(): DivisionTable {
  return loadDivisionTable(divisionsDocument);
}

/**
 * Province of an ID number's region code. Only the province is checked (by the shared
 * resident-ID validator): county codes in ID numbers date from birth registration and many
 * have since been abolished (e.g. 522121 遵义县, now 520304 播州区).
 */
export function isGuizhouRegion(regionCode: string): boolean {
  return regionCode.startsWith('52');
}
