import { TARGET_GROUPS, type TargetGroup } from '@peixun/shared';

/**
 * Words schools write for the Art. 15 groups. The official labels and the English keys always
 * work; the short forms below are what rosters actually contain.
 */
const SHORT_FORMS: Record<string, TargetGroup> = {
  监测对象: 'POVERTY_MONITORED',
  防返贫监测对象: 'POVERTY_MONITORED',
  高校毕业生: 'GRADUATE',
  毕业年度高校毕业生: 'GRADUATE',
  应届初高中毕业生: 'SCHOOL_LEAVER',
  未继续升学的应届初高中毕业生: 'SCHOOL_LEAVER',
  农村转移劳动者: 'RURAL_MIGRANT_WORKER',
  农村转移就业劳动者: 'RURAL_MIGRANT_WORKER',
  农民工: 'RURAL_MIGRANT_WORKER',
  登记失业人员: 'URBAN_UNEMPLOYED',
  失业人员: 'URBAN_UNEMPLOYED',
  就业困难人员: 'EMPLOYMENT_DIFFICULTY',
  易地扶贫搬迁人员: 'RELOCATED',
  易地搬迁人员: 'RELOCATED',
  搬迁群众: 'RELOCATED',
  退役军人: 'VETERAN',
  残疾人: 'DISABLED',
  退捕渔民: 'RETIRED_FISHERMAN',
  服刑人员: 'PRISONER',
  戒毒人员: 'DRUG_REHABILITATION',
  强制隔离戒毒人员: 'DRUG_REHABILITATION',
  司法行政强制隔离戒毒人员: 'DRUG_REHABILITATION',
  企业职工: 'ENTERPRISE_EMPLOYEE',
  企业员工: 'ENTERPRISE_EMPLOYEE',
};

const LOOKUP = new Map<string, TargetGroup>([
  ...(Object.entries(TARGET_GROUPS) as [TargetGroup, string][]).flatMap(([key, label]) => [
    [key, key] as const,
    [label, key] as const,
  ]),
  ...Object.entries(SHORT_FORMS),
]);

/** Splits `农村转移劳动者、退役军人` into groups; unknown words are returned for the report. */
export function parseTargetGroups(text: string): { groups: TargetGroup[]; unknown: string[] } {
  const groups = new Set<TargetGroup>();
  const unknown: string[] = [];
  for (const word of text.split(/[、,，;；/|\s]+/).filter(Boolean)) {
    const group = LOOKUP.get(word);
    if (group === undefined) unknown.push(word);
    else groups.add(group);
  }
  return { groups: [...groups], unknown };
}

/** Every 人员类别 word a roster may use, grouped by the Art. 15 group it means: for the template. */
export function acceptedTargetGroupLabels(): Array<{ group: TargetGroup; label: string; alsoAccepted: string[] }> {
  return (Object.entries(TARGET_GROUPS) as [TargetGroup, string][]).map(([group, label]) => ({
    group,
    label,
    alsoAccepted: Object.entries(SHORT_FORMS)
      .filter(([word, meant]) => meant === group && word !== label)
      .map(([word]) => word),
  }));
}
