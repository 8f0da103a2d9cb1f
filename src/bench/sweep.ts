// Sweep benchmark: 100 short M/M/1 runs on 1 and 2 worker threads (pool start-up included, as a
// user sees it). Two run lengths: the demo scenario as shipped (200,000 customers, ~40 ms a run)
// and half of it (~20 ms a run), where per-worker start-up (~0.15 s) weighs more.
// speedup2 = wall time with 1 worker / wall time with 2 at a time (the main thread and one worker
// thread: see src/sweep/run.ts); cpuMsWorkers2 - cpuMsWorkers1 is what the second one costs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../sweep/run.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

async function measure(runs: number, customers: number, repeats: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsim-bench-sweep-'));
  try {
    const file = join(dir, 'bench.yaml');
    const base = join(ROOT, 'scenarios', 'demo', 'mm1.yaml');
    writeFileSync(file, `name: bench\nscenario: ${base}\nreplicates: ${runs}\nset:\n  mm1.customers: ${customers}\n  mm1.traceCustomers: 0\nparameters:\n  mm1.arrivalRatePerS: [0.8]\n`);
    let k = 0;
    const time = async (workers: number) => {
      const cpu0 = process.cpuUsage(); // process-wide: includes the worker threads
      const wall = (await runSweep(file, { workers, out: join(dir, `out${k++}`), quiet: true })).wallMs;
      const cpu = process.cpuUsage(cpu0);
      return { wall, cpu: (cpu.user + cpu.system) / 1000 };
    };
    // Interleaved, best of `repeats`: load from other processes on a shared machine hits both alike.
    const best = { w1: Infinity, w2: Infinity, c1: Infinity, c2: Infinity };
    for (let i = 0; i < repeats; i++) {
      const a = await time(1);
      const b = await time(2);
      best.w1 = Math.min(best.w1, a.wall);
      best.c1 = Math.min(best.c1, a.cpu);
      best.w2 = Math.min(best.w2, b.wall);
      best.c2 = Math.min(best.c2, b.cpu);
    }
    return {
      runs100Workers1Ms: Math.round(best.w1),
      runs100Workers2Ms: Math.round(best.w2),
      speedup2: Math.round((best.w1 / best.w2) * 100) / 100,
      msPerRunWorkers1: Math.round((best.w1 / runs) * 10) / 10,
      // CPU time of the whole process: equal figures mean a second worker adds no work, so on an
      // idle 2-core machine the wall time halves except for pool start-up (~0.1 s a worker).
      cpuMsWorkers1: Math.round(best.c1),
      cpuMsWorkers2: Math.round(best.c2),
      availableCores: availableParallelism(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSweep(): Promise<Record<string, number>> {
  const shipped = await measure(100, 200_000, 3);
  const half = await measure(100, 100_000, 3);
  return {
    ...shipped,
    runs100HalfWorkers1Ms: half.runs100Workers1Ms,
    runs100HalfWorkers2Ms: half.runs100Workers2Ms,
    speedup2HalfLength: half.speedup2,
  };
}
