import cliProgress from 'cli-progress';
import { formatBytes, formatDuration, SpeedMeter } from './format';

/** How the uploader reports; the terminal bar for people, nothing for tests and scripts. */
export interface ProgressReporter {
  begin(totalBytes: number, doneBytes: number): void;
  /** Bytes handed to the network; negative when a failed part's bytes must be sent again. */
  advance(deltaBytes: number): void;
  /** A line of explanation (retry, resume) that must not tear the bar. */
  note(text: string): void;
  end(): void;
}

export const silentProgress: ProgressReporter = {
  begin: () => undefined,
  advance: () => undefined,
  note: () => undefined,
  end: () => undefined,
};

/**
 * A bar on stderr (stdout stays clean for the result) with percentage, bytes, current speed and
 * time left. cli-progress only animates on a terminal; notes are written either way.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {percentage}% | {done} / {size} | {speed} | 剩余 {left}',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: false,
      fps: 4,
    },
    cliProgress.Presets.shades_classic,
  );
  const meter = new SpeedMeter();
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let done = 0;
  let timer: NodeJS.Timeout | undefined;
  let startedAt = 0;
  let startedWith = 0;
  /** Once every byte is out the service still verifies; the bar then keeps the average instead of decaying. */
  let averageAtFinish: number | undefined;

  const payload = (): Record<string, string> => {
    if (done < total) averageAtFinish = undefined;
    else if (averageAtFinish === undefined && total > 0) {
      averageAtFinish = ((done - startedWith) * 1000) / Math.max(1, Date.now() - startedAt);
    }
    const speed = averageAtFinish ?? meter.bytesPerSecond();
    return {
      done: formatBytes(done),
      size: formatBytes(total),
      speed: speed > 0 ? `${formatBytes(speed)}/s` : '-- /s',
      left: speed > 0 ? formatDuration((total - done) / speed) : '--',
    };
  };
  const refresh = (): void => {
    meter.record(done);
    bar?.update(done, payload());
  };

  return {
    begin(totalBytes, doneBytes) {
      total = totalBytes;
      done = doneBytes;
      startedAt = Date.now();
      startedWith = doneBytes;
      averageAtFinish = undefined;
      meter.record(done);
      bar ??= multibar.create(total, done, payload());
      bar.setTotal(total);
      refresh();
      timer ??= setInterval(refresh, 500);
      timer.unref();
    },
    advance(deltaBytes) {
      done = Math.min(total, Math.max(0, done + deltaBytes));
    },
    note(text) {
      if (stream.isTTY && bar !== undefined) multibar.log(`${text}\n`);
      else stream.write(`${text}\n`);
    },
    end() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      refresh();
      multibar.stop();
    },
  };
}
