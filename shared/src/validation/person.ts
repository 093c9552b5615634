import * as z from 'zod';

/** Chinese names, including minority names with the middle dot (·) and a few Latin letters. */
export const chineseNameSchema = z
  .string()
  .trim()
  .regex(/^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·•]{0,28}[\p{Script=Han}A-Za-z]$/u, {
    message: '姓名应为2至30个汉字或字母，少数民族姓名可使用间隔号“·”。',
  });

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const mobileNumberSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { message: '手机号码应为11位中国大陆手机号。' });

export function maskMobileNumber(value: string): string {
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/**
 * Public lists (补贴公示, 资金使用公示) mask names: a name keeps its first and last character
 * (张*三), a two-character name its first (李*).
 */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Public lists show an ID or certificate number by its first 6 and last 4 characters only. */
export function maskNumberForPublic(value: string): string {
  return `${value.slice(0, 6)}${'*'.repeat(Math.max(0, value.length - 10))}${value.slice(-4)}`;
}

/** Art. 15 target groups ("六类人员" and the further groups named there); Art. 10 employees apart. */
export const TARGET_GROUPS = {
  POVERTY_MONITORED: '防止返贫监测对象',
  GRADUATE: '毕业年度高校毕业生',
  SCHOOL_LEAVER: '城乡未继续升学的应届初高中毕业生',
  RURAL_MIGRANT_WORKER: '农村转移就业劳动者',
  URBAN_UNEMPLOYED: '城镇登记失业人员',
  EMPLOYMENT_DIFFICULTY: '就业困难人员',
  RELOCATED: '易地搬迁人员',
  VETERAN: '退役军人',
  DISABLED: '残疾人',
  RETIRED_FISHERMAN: '退捕渔民',
  PRISONER: '服刑人员',
  DRUG_REHABILITATION: '强制隔离戒毒人员',
  ENTERPRISE_EMPLOYEE: '企业职工',
} as const;
export type TargetGroup = keyof typeof TARGET_GROUPS;
export const targetGroupSchema = z.enum(Object.keys(TARGET_GROUPS) as [TargetGroup, ...TargetGroup[]], {
  message: '人员类别不在《工作指引》第十五条所列范围内。',
});

/** Money is integer fen (分); yuan only appear when formatting for people. */
export const fenSchema = z.number().int({ message: '金额必须以“分”为单位的整数表示。' }).nonnegative({
  message: '金额不能为负数。',
});
export type Fen = number;

export function formatYuan(fen: Fen): string {
  const yuan = Math.trunc(fen / 100);
  const rest = String(fen % 100).padStart(2, '0');
  return `¥${yuan.toLocaleString('zh-CN')}.${rest}`;
}
