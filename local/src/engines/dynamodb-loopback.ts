import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER = 'LoopbackDynamoDbLocal';
const SOURCE = fileURLToPath(new URL(`../../java/${LAUNCHER}.java`, import.meta.url));

/**
 * How to start DynamoDB Local on 127.0.0.1 only: the jar binds every interface and has no option
 * for the address, so a ten-line launcher (`local/java/`) sets it on the jar's own Jetty connector.
 * Compiled once per jar and launcher version into the temporary directory (a JDK's `javac`); with a
 * bare JRE the jar starts as it is, on every interface, and `warning` says so.
 */
export function loopbackLaunch(jar: string): { args: string[]; warning?: string } {
  const plain = { args: ['-jar', jar] };
  const version = createHash('sha256').update(readFileSync(SOURCE)).update(jar).digest('hex').slice(0, 16);
  const classes = join(tmpdir(), `peixun-dynamodb-launcher-${version}`);
  if (!existsSync(join(classes, `${LAUNCHER}.class`))) {
    // Compiled aside and moved into place, so two runtimes starting at once never see half a class.
    const staging = mkdtempSync(join(tmpdir(), 'peixun-dynamodb-launcher-build-'));
    const compiled = spawnSync('javac', ['-nowarn', '-cp', jar, '-d', staging, SOURCE], { encoding: 'utf8' });
    if (compiled.error !== undefined || compiled.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      return {
        ...plain,
        warning: `未找到 javac（需要 JDK），DynamoDB Local 将监听所有网络接口 / no javac (a JDK): DynamoDB Local listens on every interface, not only 127.0.0.1`,
      };
    }
    try {
      renameSync(staging, classes);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another runtime got there first
    }
  }
  return { args: ['-cp', `${jar}:${classes}`, LAUNCHER] };
}
