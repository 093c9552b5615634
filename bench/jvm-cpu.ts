/** CPU time of the DynamoDB Local engine a benchmark started: on this machine the engine, not our code, often sets the pace. */
import { readdirSync, readFileSync } from 'node:fs';

let jvm: string | undefined;
/** CPU milliseconds of the DynamoDB Local JVM (this process's `java` child), from /proc. */
export function javaCpuMs(): number {
  const fieldsOf = (pid: string) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return { java: stat.includes('(java)'), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
  };
  jvm ??= readdirSync('/proc').find((entry) => {
    try {
      const { java, fields } = fieldsOf(entry);
      return /^\d+$/.test(entry) && java && Number(fields[1]) === process.pid;
    } catch {
      return false; // not a process, or one that ended meanwhile
    }
  });
  if (jvm === undefined) return 0;
  const { fields } = fieldsOf(jvm);
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
}
