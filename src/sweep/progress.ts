// Sweep progress: a cli-progress bar with ETA on a terminal; otherwise (pipes, CI logs) at most
// one plain line per 10% of the runs and 2 s, so logs stay short (the summary line ends them).
import type { RunStatus } from './execute.js';

export interface Progress {
  tick(status: RunStatus): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** Runs already complete from an earlier attempt (--resume). */
  done: number;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
}

export async function createProgress(o: ProgressOptions): Promise<Progress> {
  const stream = o.stream ?? process.stderr;
  if (o.quiet || o.total === o.done) return { tick() {}, stop() {} };
  let failed = 0;
  const interactive = stream.isTTY === true && !process.env.CI;
  if (interactive) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${o.label} {bar} {value}/{total} runs | {failed} failed | {duration_formatted} elapsed | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 20,
        fps: 5,
      },
      cliProgress.Presets.shades_classic
    );
    bar.start(o.total, o.done, { failed });
    // Ctrl-C: give the terminal its cursor back; finished runs are already on disk (--resume).
    const onInt = () => {
      bar.stop();
      process.stderr.write('interrupted; continue with --resume\n');
      process.exit(130);
    };
    process.once('SIGINT', onInt);
    return {
      tick(status) {
        if (status !== 'ok') failed++;
        bar.increment(1, { failed });
      },
      stop() {
        process.off('SIGINT', onInt);
        bar.stop();
      },
    };
  }
  const t0 = performance.now();
  let done = o.done;
  let ran = 0;
  let lastDecile = Math.floor((10 * done) / o.total);
  let lastWrite = t0;
  return {
    tick(status) {
      done++;
      ran++;
      if (status !== 'ok') failed++;
      const decile = Math.floor((10 * done) / o.total);
      const now = performance.now();
      if (decile === lastDecile || done === o.total || now - lastWrite < 2000) return;
      lastDecile = decile;
      lastWrite = now;
      const s = (now - t0) / 1000;
      const eta = `, ETA ${fmtS((s / ran) * (o.total - done))}`;
      stream.write(`${o.label}: ${done}/${o.total} runs (${failed} failed), ${fmtS(s)} elapsed${eta}\n`);
    },
    stop() {},
  };
}

function fmtS(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
