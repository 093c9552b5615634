import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { commandLineOf } from './engines/processes';

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number, lockFile: string) {
    super(
      `数据目录 ${dataDir} 正被另一个本地运行环境（进程 ${pid}）使用；同一数据目录只能运行一个实例。请先停止它，或用 PEIXUN_DATA_DIR 换一个目录。\n` +
        `The data directory ${dataDir} is in use by another local runtime (pid ${pid}); one runtime per data directory. ` +
        `Stop it first or set PEIXUN_DATA_DIR to another directory (if no such runtime runs, delete ${lockFile}).`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Data directories locked by runtimes of this process that have not stopped yet. */
const heldHere = new Set<string>();

/** The runtime holding the lock, if it still runs: a node process (a pid reused by anything else is stale). */
function holderOf(lockFile: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, 'utf8').trim());
  } catch {
    return undefined; // removed meanwhile
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (pid === process.pid) return heldHere.has(lockFile) ? pid : undefined;
  return /node/.test(commandLineOf(pid) ?? '') ? pid : undefined;
}

/**
 * One runtime per data directory: two would run two DynamoDB Local engines on one database file,
 * and the second start would take the first one's engine for a stale one and stop it. The lock is a
 * file holding the runtime's pid, created exclusively; one left by a runtime that was killed
 * (its pid no longer runs node) is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string, lockFile: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(lockFile);
      if (holder !== undefined) throw new DataDirInUseError(dataDir, holder, lockFile);
      rmSync(lockFile, { force: true }); // stale: its runtime was killed
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    heldHere.add(lockFile);
    return () => {
      heldHere.delete(lockFile);
      rmSync(lockFile, { force: true });
    };
  }
  throw new Error(`Could not lock ${dataDir} (${lockFile} keeps reappearing)`);
}
