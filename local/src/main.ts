/**
 * `npm start`: the whole system on this machine, with tables, S3 objects and keys kept in
 * .peixun/data between runs.
 */
import { ROLE_LABELS } from '@peixun/shared';
import { consoleDevOriginFromEnv, dataDirFromEnv, PORT_VARIABLES, portsFromEnv } from './config';
import { CONSOLE_DIR, ensureConsoleBuilt } from '../../web/console-build';
import { dataPaths } from './data-dir';
import { seedDemoWorld } from './demo/seed';
import type { DemoWorld } from './demo/world';
import { DataDirInUseError } from './data-dir-lock';
import { JavaMissingError } from './engines/dynamodb-local';
import { DEV_PASSWORD, SEEDED_USERS } from './identity/users';
import { PortInUseError } from './net';
import { DEMO_PART, Readiness } from './readiness/readiness';
import { startLocalRuntime, type LocalRuntime, type RuntimePorts } from './runtime';

/** The ids the seed was given, so a newcomer never has to dig them out of the event log. */
function demoLines(world: DemoWorld, envFile: string): string[] {
  if (world.facts.length === 0) return [];
  const width = Math.max(...world.facts.map((fact) => fact.key.length));
  return [
    '',
    `  演示数据 / demo world（导入 shell 变量 / as shell variables: source ${envFile}）`,
    ...world.facts.map((fact) => `    ${fact.key.padEnd(width)}  ${fact.value}  ${fact.label}`),
    '  上手指南 / first ten minutes: README.md「十分钟上手」',
  ];
}

function banner(runtime: LocalRuntime, dataDir: string, seconds: string, world: DemoWorld): string {
  const { api, dynamodb, s3 } = runtime.urls;
  const users = SEEDED_USERS.map((user) => {
    const scope = user.institutionId ?? user.areaCode ?? '';
    return `    ${user.username.padEnd(10)} ${user.groups.map((group) => ROLE_LABELS[group]).join('、').padEnd(12, '　')} ${user.name} ${scope}`;
  });
  const missing = runtime.missingEntries.map((entry) => `    ${entry.service}.${entry.function}  ${entry.entry}`);
  return [
    '',
    `职业技能培训补贴管理系统 · 本地运行环境 / peixun local runtime — 已就绪 / ready in ${seconds} s`,
    '',
    `  网页控制台 / web console  ${api}/`,
    `  API                     ${api}`,
    `  API 文档 / reference     ${api}/docs   (OpenAPI: ${api}/openapi.json)`,
    `  事件 / events            ${api}/_local/events   死信 / dead letters: ${api}/_local/dead-letters（管理员令牌 / admin token）`,
    `  DynamoDB Local          ${dynamodb}`,
    `  S3 模拟 / S3 emulator    ${s3}`,
    `  数据目录 / data dir      ${dataDir}`,
    '',
    `  预置用户 / seeded users（密码 / password: ${DEV_PASSWORD}）`,
    ...users,
    '    trainee-<任意后缀> 学员　　　　　 新账号，每个后缀一人 / any trainee-<suffix> is a new trainee login（npm run -s token -- trainee --new）',
    '',
    '  获取令牌 / get a token:',
    '    TOKEN=$(npm run -s token -- reviewer1)      # 也可用角色名 / or a role: trainee, institution, reviewer, finance, admin',
    `    curl -H "Authorization: Bearer $TOKEN" ${api}/trainees/trn_…`,
    '',
    '  开发时钟 / dev clock（所有函数读取的时间 / the time every function reads）:',
    `    curl -X POST ${api}/_local/clock -H "Authorization: Bearer $(npm run -s token -- admin)" -d '{"at":"2026-12-02T09:05:00+08:00"}'   # {"at":null} 恢复 / resets`,
    `    curl -H "Authorization: Bearer $(npm run -s token -- admin)" ${api}/_local/events   # /_local/* 仅限管理员令牌 / admin token only`,
    `  运行状态 / health: ${api}/_local/health（无需令牌 / no token）`,
    ...demoLines(world, dataPaths(dataDir).demoEnv),
    ...(missing.length > 0 ? ['', '  尚未实现的函数（调用时返回 500）/ functions without an entry file yet:', ...missing] : []),
    '',
    '  按 Ctrl-C 停止 / press Ctrl-C to stop',
    '',
  ].join('\n');
}

function explain(error: unknown, ports: RuntimePorts): string {
  if (error instanceof PortInUseError) {
    const name = (Object.keys(ports) as Array<keyof RuntimePorts>).find((key) => ports[key] === error.port);
    const hint = name === undefined ? '' : `\n可设置环境变量 ${PORT_VARIABLES[name].variable} 换用其他端口 / set ${PORT_VARIABLES[name].variable} to use another port.`;
    return error.message + hint;
  }
  if (error instanceof JavaMissingError || error instanceof DataDirInUseError) return error.message;
  if (!(error instanceof Error)) return String(error);
  // A demo step's failure carries the refused request as its cause.
  return error.cause instanceof Error ? `${error.message}\n${error.cause.message}` : (error.stack ?? error.message);
}

async function main(): Promise<void> {
  const started = performance.now();
  const dataDir = dataDirFromEnv();
  const ports = portsFromEnv();
  console.log('正在启动本地运行环境… / starting the local runtime…');
  let runtime: LocalRuntime;
  const readiness = new Readiness();
  readiness.expect(DEMO_PART);
  try {
    ensureConsoleBuilt(console.log);
    runtime = await startLocalRuntime({ dataDir, ports, readiness, consoleDir: CONSOLE_DIR, consoleOrigins: [consoleDevOriginFromEnv()] });
  } catch (error) {
    console.error(`\n✖ 启动失败 / failed to start:\n${explain(error, ports)}`);
    process.exitCode = 1;
    return;
  }
  let world: DemoWorld;
  try {
    const paths = dataPaths(dataDir);
    ({ world } = await seedDemoWorld(runtime, { marker: paths.demoSeeded, shellEnv: paths.demoEnv }));
    readiness.ready('demo');
  } catch (error) {
    console.error(`\n✖ ${explain(error, ports)}`);
    await runtime.stop();
    process.exitCode = 1;
    return;
  }
  console.log(banner(runtime, dataDir, ((performance.now() - started) / 1_000).toFixed(1), world));

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error('强制退出 / forced exit');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止… / stopping…`);
    runtime.stop().then(
      () => {
        console.log('已停止 / stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
