import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureFolder } from '../../../services/attendance/test/support/face-fixtures';
import type { DemoApi } from './demo-api';
import { CLAIMABLE_TRAINEE, DEMO_TRAINEES, type DemoTrainee } from './people';
import type { DemoStep } from './step';

export { CLAIMABLE_TRAINEE, DEMO_TRAINEES, type DemoTrainee } from './people';

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
