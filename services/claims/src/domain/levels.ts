import type { CertificateLevel } from '@peixun/shared';

/**
 * Rank of a level within one occupation, for "a higher level held blocks a lower one" (Art. 29):
 * 五级 1 … 一级 5. A special-ability certificate is not on that ladder and has no rank.
 */
export function levelRank(level: CertificateLevel): number | undefined {
  switch (level) {
    case 'LEVEL_5':
      return 1;
    case 'LEVEL_4':
      return 2;
    case 'LEVEL_3':
      return 3;
    case 'LEVEL_2':
      return 4;
    case 'LEVEL_1':
      return 5;
    case 'SPECIAL_ABILITY':
      return undefined;
  }
}
