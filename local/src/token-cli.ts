/**
 * `npm run -s token -- reviewer1` (or a role: `npm run -s token -- reviewer`) prints an ID token
 * from the running local runtime, for curl and API clients. Only the token goes to stdout.
 * `npm run -s token -- trainee --new` makes up a new trainee login (`trainee-<random>`) and names
 * it on stderr; any `trainee-<suffix>` is such a login.
 */
import { randomBytes } from 'node:crypto';
import { apiUrlFromEnv } from './config';
import { DEV_PASSWORD, SEEDED_USERS, findUser } from './identity/users';

const usage = (): string =>
  [
    '用法 / usage: npm run -s token -- <用户名或角色 / username or role>',
    '       npm run -s token -- trainee --new      # 新的学员账号 / a new trainee login (trainee-<随机>)',
    '预置用户 / seeded users:',
    ...SEEDED_USERS.map((user) => `  ${user.username.padEnd(10)} ${user.groups.join(', ')}`),
    '  trainee-<任意后缀 / any suffix>   trainee（每个后缀一个新学员 / each suffix a new trainee）',
  ].join('\n');

/** `trainee --new`: a login nobody used yet. */
function wantedUsername(args: readonly string[]): string | undefined {
  if (args.includes('--new')) return args[0] === 'trainee' ? `trainee-${randomBytes(4).toString('hex')}` : undefined;
  return args[0];
}

const isConnectionRefused = (error: unknown): boolean =>
  error instanceof TypeError && error.cause instanceof Error && 'code' in error.cause && error.cause.code === 'ECONNREFUSED';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const wanted = wantedUsername(args);
  const user = wanted === undefined ? undefined : findUser(wanted);
  if (user === undefined) {
    if (args.includes('--new')) console.error(`--new 只用于学员 / --new makes trainee logins only: npm run -s token -- trainee --new\n${usage()}`);
    else console.error(wanted === undefined ? usage() : `没有名为 ${wanted} 的用户或角色 / unknown user or role "${wanted}"\n${usage()}`);
    return 2;
  }
  const api = apiUrlFromEnv();
  let response: Response;
  try {
    response = await fetch(`${api}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: DEV_PASSWORD }),
    });
  } catch (error) {
    if (!isConnectionRefused(error)) throw error;
    console.error(`本地运行环境未启动（无法连接 ${api}）。请先在另一个终端执行 npm start。\nNothing answers at ${api}; run \`npm start\` first (or set PEIXUN_API_URL).`);
    return 1;
  }
  const body: unknown = await response.json();
  if (!response.ok || typeof body !== 'object' || body === null || !('idToken' in body) || typeof body.idToken !== 'string') {
    console.error(`获取令牌失败 / could not get a token (${response.status}): ${JSON.stringify(body)}`);
    return 1;
  }
  if (args.includes('--new')) console.error(`新学员账号 / new trainee login: ${user.username}（密码 / password ${DEV_PASSWORD}; 再取令牌 / again: npm run -s token -- ${user.username}）`);
  console.error(`${user.username} 的令牌，1 小时内有效 / token for ${user.username}, valid for 1 hour:`);
  console.log(body.idToken);
  return 0;
}

process.exitCode = await main();
