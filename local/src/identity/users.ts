import { createHash } from 'node:crypto';
import type { Role } from '@peixun/shared';

/** The one password of every seeded user; printed in the start-up banner. Never used outside local runs. */
export const DEV_PASSWORD = 'peixun-dev';

/** Demo institution and office the seeded staff belong to (520102: 贵阳市南明区). */
export const DEMO_INSTITUTION_ID = 'ins_demo';
export const DEMO_AREA_CODE = '520102';

export interface SeededUser {
  username: string;
  /** Fixed, so records that point at a user survive restarts with kept data. */
  sub: string;
  name: string;
  groups: readonly Role[];
  institutionId?: string;
  areaCode?: string;
}

/**
 * At least one user per role, as Cognito users in groups would be; a second trainee and a second
 * institution let tests prove that one caller cannot see another's records.
 */
export const SEEDED_USERS: readonly SeededUser[] = [
  { username: 'trainee1', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1a01', name: '张三', groups: ['trainee'] },
  { username: 'trainee2', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1a02', name: '李四', groups: ['trainee'] },
  {
    username: 'school1',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1b01',
    name: '王老师',
    groups: ['institution'],
    institutionId: DEMO_INSTITUTION_ID,
  },
  {
    username: 'school2',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1b02',
    name: '赵老师',
    groups: ['institution'],
    institutionId: 'ins_demo2',
  },
  {
    username: 'reviewer1',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1c01',
    name: '刘审核',
    groups: ['reviewer'],
    areaCode: DEMO_AREA_CODE,
  },
  // A reviewer of another county (520302 遵义市红花岗区), to prove offices review only their own area.
  {
    username: 'reviewer2',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1c02',
    name: '周审核',
    groups: ['reviewer'],
    areaCode: '520302',
  },
  // The office of 云岩区, where school2's institution is: every demo institution has a reviewer.
  {
    username: 'reviewer3',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1c03',
    name: '吴审核',
    groups: ['reviewer'],
    areaCode: '520103',
  },
  {
    username: 'finance1',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1d01',
    name: '陈财务',
    groups: ['finance'],
    areaCode: DEMO_AREA_CODE,
  },
  // The checker of four-eyes payment approval (the maker never approves their own batch).
  {
    username: 'finance2',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1d02',
    name: '林财务',
    groups: ['finance'],
    areaCode: DEMO_AREA_CODE,
  },
  // Finance of another county, to prove offices pay only their own area.
  {
    username: 'finance3',
    sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1d03',
    name: '周财务',
    groups: ['finance'],
    areaCode: '520302',
  },
  { username: 'evaluator1', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1f01', name: '黔南评价中心', groups: ['evaluator'] },
  { username: 'admin', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1e01', name: '系统管理员', groups: ['admin'] },
];

/**
 * `trainee-<suffix>`: a trainee login made up on the spot, so a newcomer is never out of trainee
 * accounts (each login registers or claims one record, once). Lower-case letters, digits and
 * hyphens, as Cognito usernames a person would pick.
 */
export const FRESH_TRAINEE_PATTERN = /^trainee-[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * The `sub` of a made-up login: a name-based UUID of its username, so the same username is the same
 * person after a restart (like the seeded users' fixed subs) and two usernames are never one person.
 */
function subOf(username: string): string {
  const hex = createHash('sha256').update(`peixun-local-user:${username}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function freshTrainee(username: string): SeededUser | undefined {
  if (!FRESH_TRAINEE_PATTERN.test(username)) return undefined;
  return { username, sub: subOf(username), name: `学员 ${username.slice('trainee-'.length)}`, groups: ['trainee'] };
}

/**
 * A username, a role name standing for the first user with that role (`reviewer` → reviewer1), or a
 * made-up trainee login (`trainee-<suffix>`, see FRESH_TRAINEE_PATTERN).
 */
export function findUser(usernameOrRole: string): SeededUser | undefined {
  return (
    SEEDED_USERS.find((user) => user.username === usernameOrRole) ??
    SEEDED_USERS.find((user) => user.groups.some((group) => group === usernameOrRole)) ??
    freshTrainee(usernameOrRole)
  );
}
