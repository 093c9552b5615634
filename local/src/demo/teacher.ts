import type { DemoStep } from './step';

/** A teacher of ins_demo in the city's teacher registry, registered today (Art. 33: valid on the session dates). */
export const teacherStep: DemoStep = {
  name: 'teacher',
  async run({ api, world, today }) {
    const teacher = await api.send<{ teacherId: string }>('reviewer1', 'POST', '/teachers', {
      idNumber: '520102198001010013',
      name: '王建国',
      institutionIds: ['ins_demo'],
      qualification: { certificateNumber: 'GZ-DEMO-2026-0001', description: '职业技能等级证书（二级/技师）' },
      registration: { cityCode: '520100', approvedOn: today },
    });
    world.remember('DEMO_TEACHER_ID', teacher.teacherId, '师资库教师 王建国');
  },
};
