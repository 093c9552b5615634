import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mp4Lasting } from '../../../services/recordings/test/support/mp4';
import type { DemoStep } from './step';

/**
 * A video file for the school's upload walk-through: a small MP4 whose header says it lasts the
 * three hours of the morning session, so the uploader dates it by itself (no --from/--to) and the
 * session shows as fully covered. The same builder the uploader's tests use.
 */
export const lessonVideoStep: DemoStep = {
  name: 'lesson video',
  async run({ world, dataDir }) {
    const file = join(dataDir, 'demo-lesson.mp4');
    await writeFile(file, mp4Lasting(3 * 3_600, { mediaBytes: 256 * 1024 }));
    world.remember('DEMO_VIDEO', file, '上午课次的演示录像（MP4，时长 3 小时）');
  },
};
