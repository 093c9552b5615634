import type { CertificateLevel } from '@peixun/shared';

export {
  CERTIFICATE_LEVEL_LABELS,
  CERTIFICATE_LEVELS,
  certificateLevelSchema,
  type CertificateLevel,
} from '@peixun/shared';

/** Words schools write in rosters for each level, so an import accepts the usual spellings. */
export const CERTIFICATE_LEVEL_ALIASES: Record<string, CertificateLevel> = {
  专项职业能力: 'SPECIAL_ABILITY',
  专项: 'SPECIAL_ABILITY',
  五级: 'LEVEL_5',
  初级: 'LEVEL_5',
  初级工: 'LEVEL_5',
  '五级/初级工': 'LEVEL_5',
  四级: 'LEVEL_4',
  中级: 'LEVEL_4',
  中级工: 'LEVEL_4',
  '四级/中级工': 'LEVEL_4',
  三级: 'LEVEL_3',
  高级: 'LEVEL_3',
  高级工: 'LEVEL_3',
  '三级/高级工': 'LEVEL_3',
  二级: 'LEVEL_2',
  技师: 'LEVEL_2',
  '二级/技师': 'LEVEL_2',
  一级: 'LEVEL_1',
  高级技师: 'LEVEL_1',
  '一级/高级技师': 'LEVEL_1',
};

/** Higher number = higher level; the special ability sits outside the ladder (rank 0). */
export function levelRank(level: CertificateLevel): number {
  return level === 'SPECIAL_ABILITY' ? 0 : 6 - Number(level.slice(-1));
}
