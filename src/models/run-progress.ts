// Progress of one `vpsim run`: on a terminal, a bar with elapsed time and ETA once the run has
// taken about 2 s; in pipes and CI, plain lines with elapsed time and ETA, at most one per 10% of
// the work and 2 s. Log lines of the model go to stderr either way. Wall-clock only: nothing here
// reaches the outputs.
import { performance } from 'node:perf_hooks';

export interface RunProgress {
  log(message: string): void;
  progress(done: number, total: number, unit?: string): void;
  stop(): void;
}

const fmtS = (s: number) => (s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

export async function createRunProgress(label: string, opts: { quiet?: boolean; stream?: NodeJS.WriteStream; now?: () => number } = {}): Promise<RunProgress> {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? (() => performance.now());
  if (opts.quiet) return { log() {}, progress() {}, stop() {} };
  const t0 = now();
  const interactive = stream.isTTY === true && !process.env.CI;
  const elapsed = () => (now() - t0) / 1000;
  const eta = (done: number, total: number) => (done > 0 ? (elapsed() * (total - done)) / done : NaN);
  if (!interactive) {
    let lastT = 0; // nothing before 2 s: short runs print no progress
    let lastFrac = -1;
    return {
      log: (m) => void stream.write(`[${label}] ${m}\n`),
      progress(done, total, unit = 'steps') {
        const frac = total > 0 ? done / total : 1;
        const t = elapsed();
        if (done < total && (frac - lastFrac < 0.1 || t - lastT < 2)) return;
        lastT = t;
        lastFrac = frac;
        const e = eta(done, total);
        stream.write(`[${label}] ${done}/${total} ${unit} (${Math.round(100 * frac)}%), ${fmtS(t)} elapsed${done < total && Number.isFinite(e) ? `, ETA ${fmtS(e)}` : ''}\n`);
      },
      stop() {},
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  return {
    log(m) {
      if (bar) bar.stop();
      stream.write(`[${label}] ${m}\n`);
      bar = undefined;
    },
    progress(done, total, unit = 'steps') {
      if (!bar) {
        if (elapsed() < 2 || done >= total) return; // short runs show no bar
        bar = new cliProgress.SingleBar({ stream, format: `[${label}] {bar} {value}/{total} ${unit} | {duration_formatted} elapsed | ETA {eta_formatted}`, hideCursor: true, fps: 5, etaBuffer: 30 }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
