/** How the console writes times and money: Asia/Shanghai, and yuan with two decimals from integer fen. */
const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

export const dateTime = (iso: string): string => DATE_TIME.format(new Date(iso));
export const date = (iso: string): string => DATE.format(new Date(iso));
export const time = (iso: string): string => TIME.format(new Date(iso));

/** The calendar day in Shanghai, `YYYY-MM-DD`, for "today's sessions". */
export const shanghaiDay = (at: Date | string): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(at));

export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('zh-CN')}.${String(abs % 100).padStart(2, '0')}`;
}

/** A few bytes show as 1 KB rather than 0, but nothing sent yet is 0 KB (an upload that has not started). */
export function bytes(count: number): string {
  if (count >= 1024 ** 3) return `${(count / 1024 ** 3).toFixed(2)} GB`;
  if (count >= 1024 ** 2) return `${(count / 1024 ** 2).toFixed(1)} MB`;
  return `${count <= 0 ? 0 : Math.max(1, Math.round(count / 1024))} KB`;
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '计算中…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
}

export const percent = (value: number): string => `${value.toFixed(1)}%`;

/**
 * Yuan as a person types it (`1500`, `1,500.00`, `¥1500.5`) to integer fen, without floating
 * point; undefined when it is not an amount with at most two decimals.
 */
export function fenOf(typed: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(typed.replace(/[¥,，\s]/g, ''));
  if (match === null) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** The month in Shanghai, `YYYY-MM`. */
export const shanghaiMonth = (at: Date | string): string => shanghaiDay(at).slice(0, 7);
