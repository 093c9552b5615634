import { parseArgs } from 'node:util';
import { abortUpload } from './abort';
import { ApiError, HttpRecordingsApi } from './api-client';
import { Interrupted } from './backoff';
import { formatBytes, formatDuration } from './format';
import { mp4DurationSeconds } from './mp4-duration';
import { terminalProgress } from './progress';
import { defaultStateDir } from './state-file';
import { uploadRecording, UploadFailed, type UploaderEvent } from './uploader';

const USAGE = `用法：npx peixun-upload <录像文件> --session <课次编号> [选项]

把一节课的全程录像上传到培训管理系统。网络中断或电脑重启后，重新运行同一命令即可从断点继续。

选项：
  --session <编号>      课次编号（必填）
  --api <地址>          服务地址（默认取环境变量 PEIXUN_API_URL；否则 http://127.0.0.1:<PEIXUN_API_PORT>；
                        都未设置时 http://localhost:3000）
  --token <令牌>        登录令牌（默认取环境变量 PEIXUN_TOKEN）
  --from <时间>         录像开始时间，如 2025-03-01T08:30:00+08:00
  --to <时间>           录像结束时间（--from 与 --to 都不填时：从课次开始时间起，
                        时长取自 MP4/MOV 文件头；读不到时长则记为整个课次时间）
  --parallel <数量>     同时上传的分片数（默认 4）
  --state-dir <目录>    断点续传记录的保存位置（默认 ~/.peixun-upload）
  --abort               取消这个文件未完成的上传
  --json                完成后以 JSON 输出结果（便于脚本处理）
  -h, --help            显示本说明
`;

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

function describe(event: UploaderEvent): string | undefined {
  switch (event.type) {
    case 'started':
      return `已创建上传：共 ${event.partCount} 个分片，每片 ${formatBytes(event.partSize)}。`;
    case 'resumed':
      return event.via === 'server'
        ? '本机没有上传记录，已从服务器找到未完成的同名文件上传，继续上传。'
        : `继续上一次未完成的上传（共 ${event.partCount} 个分片）。`;
    case 'url-rejected':
      return `第 ${event.partNumber} 个分片的上传地址已失效，已重新获取。`;
    case 'retry':
      return `第 ${event.partNumber} 个分片上传失败（${event.reason}），${formatDuration(event.delayMs / 1000)}后第 ${event.attempt} 次重试。`;
    case 'completing':
      return undefined;
    case 'verifying':
      return '文件已全部上传，服务器正在校验……';
    case 'hashing-started':
    case 'part-done':
      return undefined;
  }
}

const OPTIONS = {
  session: { type: 'string' },
  api: { type: 'string' },
  token: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  parallel: { type: 'string' },
  'state-dir': { type: 'string' },
  abort: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed command line, or the reason it could not be parsed. */
function parseCommandLine(argv: readonly string[]): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>> | string {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Like the token CLI: an explicit URL, else the local runtime's port, else the default port. */
export function defaultApiUrl(env: NodeJS.ProcessEnv): string {
  if (env.PEIXUN_API_URL) return env.PEIXUN_API_URL;
  if (env.PEIXUN_API_PORT) return `http://127.0.0.1:${env.PEIXUN_API_PORT}`;
  return 'http://localhost:3000';
}

/** What the recording's times will be when the command line gives none, said before the upload starts. */
async function undatedNote(filePath: string): Promise<{ durationSeconds?: number; note: string }> {
  const durationSeconds = await mp4DurationSeconds(filePath).catch(() => undefined);
  return durationSeconds === undefined
    ? { note: '未指定 --from/--to：录像时间按课次的开始和结束时间记录。' }
    : { durationSeconds, note: `未指定 --from/--to：录像时间从课次开始时间起，时长 ${formatDuration(durationSeconds)}（取自视频文件头）。` };
}

/** Runs the command; returns the process exit code. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`命令行参数有误：${parsed}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const filePath = positionals[0];
  const sessionId = values.session;
  const token = values.token ?? env.PEIXUN_TOKEN;
  const apiUrl = values.api ?? defaultApiUrl(env);
  const parallel = Number(values.parallel ?? '4');
  const problems = [
    filePath === undefined || positionals.length > 1 ? '请指定且只指定一个录像文件。' : undefined,
    sessionId === undefined ? '缺少 --session（课次编号）。' : undefined,
    token === undefined ? '缺少登录令牌：请用 --token 或环境变量 PEIXUN_TOKEN 提供。' : undefined,
    !Number.isInteger(parallel) || parallel < 1 || parallel > 16 ? '--parallel 须为 1 到 16 之间的整数。' : undefined,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0 || filePath === undefined || sessionId === undefined || token === undefined) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}`);
    return EXIT.usage;
  }

  const interrupt = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\n正在暂停……\n');
    interrupt.abort();
  };
  process.once('SIGINT', onSigint);
  const progress = terminalProgress();
  const api = new HttpRecordingsApi({
    baseUrl: apiUrl,
    token,
    signal: interrupt.signal,
    onRetry: (_what, attempt, delayMs, reason) =>
      progress.note(`连接服务器失败（${reason}），${formatDuration(delayMs / 1000)}后第 ${attempt} 次重试。`),
  });
  const stateDir = values['state-dir'] ?? defaultStateDir(env);

  try {
    if (values.abort === true) {
      const aborted = await abortUpload({ api, apiUrl, filePath, sessionId, stateDir });
      process.stderr.write(aborted ? '已取消未完成的上传。\n' : '没有找到这个文件未完成的上传。\n');
      return EXIT.ok;
    }
    const undated = values.from === undefined && values.to === undefined ? await undatedNote(filePath) : undefined;
    if (undated !== undefined) progress.note(undated.note);
    const result = await uploadRecording({
      filePath,
      sessionId,
      api,
      apiUrl,
      stateDir,
      concurrency: parallel,
      progress,
      signal: interrupt.signal,
      onEvent: (event) => {
        const text = describe(event);
        if (text !== undefined) progress.note(text);
      },
      ...(values.from === undefined ? {} : { recordedFrom: values.from }),
      ...(values.to === undefined ? {} : { recordedTo: values.to }),
      ...(undated?.durationSeconds === undefined ? {} : { durationSeconds: undated.durationSeconds }),
    });
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify({ ...result.recording, partsSent: result.partsSent, partsSkipped: result.partsSkipped, elapsedMs: result.elapsedMs })}\n`);
    } else {
      process.stdout.write(
        `录像上传完成：${result.recording.fileName}（${formatBytes(result.recording.size)}，用时 ${formatDuration(result.elapsedMs / 1000)}）\n` +
          `录像编号：${result.recording.recordingId}\nSHA-256：${result.sha256}\n` +
          (result.recording.recordedFrom === undefined ? '' : `录像时间：${result.recording.recordedFrom} 至 ${result.recording.recordedTo ?? ''}\n`),
      );
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Interrupted || interrupt.signal.aborted) {
      process.stderr.write('已暂停。已上传的部分已保存，重新运行同一命令即可从断点继续。\n');
      return EXIT.interrupted;
    }
    if (error instanceof ApiError) {
      process.stderr.write(`上传失败：${error.title}。${error.detail}（${error.code}）\n`);
      return EXIT.failed;
    }
    if (error instanceof UploadFailed) {
      process.stderr.write(`上传失败：${error.message}（${error.code}）\n`);
      return EXIT.failed;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
