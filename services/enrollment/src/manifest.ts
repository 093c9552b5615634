import { fileURLToPath } from 'node:url';
import { defineService, getTraineeRoute, registerTraineeRoute } from '@peixun/shared';

const entry = (file: string): string => fileURLToPath(new URL(`./handlers/${file}`, import.meta.url));

/** Enrollment: trainees under their real name (and, next, institutions, classes and rosters). */
export const enrollmentManifest = defineService({
  name: 'enrollment',
  functions: {
    registerTrainee: {
      entry: entry('register-trainee.ts'),
      description: '学员实名登记',
      memoryMb: 512,
      timeoutSeconds: 10,
    },
    getTrainee: {
      entry: entry('get-trainee.ts'),
      description: '查看学员信息',
      memoryMb: 256,
      timeoutSeconds: 5,
    },
  },
  routes: [
    { contract: registerTraineeRoute, function: 'registerTrainee' },
    { contract: getTraineeRoute, function: 'getTrainee' },
  ],
  subscriptions: [],
  resources: {
    table: { indexes: ['gsi1'] },
    publishesEvents: true,
    piiKey: true,
  },
});
