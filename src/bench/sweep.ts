// Sweep benchmark: 100 short M/M/1 runs on 1 and 2 worker threads (pool start-up included, as a
// user sees it; a run is ~25 ms). speedup2 = wall time with 1 worker / wall time with 2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../sweep/run.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export async function benchSweep(runs = 100, customers = 100_000, repeats = 3): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'vpsim-bench-sweep-'));
  try {
    const file = join(dir, 'bench.yaml');
    const base = join(ROOT, 'scenarios', 'demo', 'mm1.yaml');
    writeFileSync(file, `name: bench\nscenario: ${base}\nreplicates: ${runs}\nset:\n  mm1.customers: ${customers}\n  mm1.traceCustomers: 0\nparameters:\n  mm1.arrivalRatePerS: [0.8]\n`);
    let k = 0;
    const time = async (workers: number) => (await runSweep(file, { workers, out: join(dir, `out${k++}`), quiet: true })).wallMs;
    // Interleaved, best of `repeats`: load from other processes on a shared machine hits both alike.
    let w1 = Infinity;
    let w2 = Infinity;
    for (let i = 0; i < repeats; i++) {
      w1 = Math.min(w1, await time(1));
      w2 = Math.min(w2, await time(2));
    }
    return {
      runs100Workers1Ms: Math.round(w1),
      runs100Workers2Ms: Math.round(w2),
      speedup2: Math.round((w1 / w2) * 100) / 100,
      msPerRunWorkers1: Math.round((w1 / runs) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
