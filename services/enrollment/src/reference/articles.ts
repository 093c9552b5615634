/**
 * Where a rule comes from. Every refusal names its source so that a school, a reviewer and an
 * auditor can look it up: an article of the Guizhou guideline, another law, or a local
 * configuration that only reflects common practice (DOMAIN.md marks those "(practice)").
 */
export const GUIDELINE_TITLE = '《贵州省职业技能培训工作指引（试行）》';

export interface Citation {
  /** English, for logs and tests: `Art. 18(1)`. */
  readonly en: string;
  /** Chinese, as it appears in messages to people. */
  readonly zh: string;
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

function chineseNumber(n: number): string {
  if (n < 10) return NUMERALS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (NUMERALS[tens] ?? '')}十${NUMERALS[ones] ?? ''}`;
}

/** `article(18, 1)` → 第十八条第（一）项 of the guideline. */
export function article(number: number, item?: number): Citation {
  const itemZh = item === undefined ? '' : `第（${chineseNumber(item)}）项`;
  return {
    en: item === undefined ? `Art. ${number}` : `Art. ${number}(${item})`,
    zh: `${GUIDELINE_TITLE}第${chineseNumber(number)}条${itemZh}`,
  };
}

/** Rules from other laws the guideline relies on (e.g. the minimum working age). */
export function law(en: string, zh: string): Citation {
  return { en, zh };
}

/** A figure not in the guideline but in the province's configuration (practice elsewhere). */
export const LOCAL_CONFIGURATION: Citation = { en: 'practice (configuration)', zh: '本地培训管理配置（参照通行做法）' };

/** GB standards cited by identifier validators. */
export const GB_32100: Citation = { en: 'GB 32100-2015', zh: 'GB 32100-2015《法人和其他组织统一社会信用代码编码规则》' };
