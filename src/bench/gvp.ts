// Benchmark group `gvp`: one S4 day with 2000 synthetic VPs (scale family, scenarios/gvp/scale.yaml),
// timed end to end (world build, simulation with allocation LPs and the contract lifecycle, ledger
// sealing, and the K1-K10 accumulation from the records as blocks are sealed; files not written), plus a 7-VP S4 day.
// Figures are wall-clock ms, process CPU ms, LP ms and peak resident memory (MB). Then the CLI path
// as a user runs it: `node bin/vpsim.js run scale.yaml --set gvp.scale.count=N` as a child process
// with every output file written (events.jsonl, ledger.jsonl, CSVs), for N = 2000 and, unless
// VPSIM_BENCH_GVP_MAX is set lower, N = 10,000: the child's CPU time (all threads), wall time and
// peak RSS, and the peak RSS per VP.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runScenarioFile } from '../models/run-scenario.js';
import { runCliChild, scratchDir } from './cli-child.js';

const SCALE = fileURLToPath(new URL('../../scenarios/gvp/scale.yaml', import.meta.url));
const S4 = fileURLToPath(new URL('../../scenarios/gvp/s4.yaml', import.meta.url));

export async function benchGvp(): Promise<Record<string, number>> {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const timed = async (file: string, set: string[]) => {
    const t0 = performance.now();
    const c0 = cpu();
    const r = await runScenarioFile(file, { set, quiet: true, noWrite: true });
    return { ms: performance.now() - t0, cpuMs: cpu() - c0, t: r.summary.timings, k: r.summary.kpis as Record<string, Record<string, number>>, m: r.summary.metrics as Record<string, number> };
  };
  const s4 = await timed(S4, []);
  const big = await timed(SCALE, ['gvp.scale.count=2000', 'gvp.scale.sweep=[]']);
  const cli: Record<string, number> = {};
  const maxN = Number(process.env.VPSIM_BENCH_GVP_MAX ?? 10_000);
  for (const n of [2000, 10_000].filter((x) => x <= maxN)) {
    const out = scratchDir('vpsim-bench-gvp-');
    try {
      const u = runCliChild(['run', SCALE, '--set', `gvp.scale.count=${n}`, '--set', 'gvp.scale.sweep=[]', '--out', `${out}/run`, '--quiet']);
      cli[`cli${n}CpuMs`] = u.cpuMs;
      cli[`cli${n}WallMs`] = u.wallMs;
      cli[`cli${n}PeakRssMb`] = u.maxRssMb;
      cli[`cli${n}RssKbPerVp`] = (u.maxRssMb * 1024) / n;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return {
    vps7S4WallMs: s4.ms,
    // the whole model run: world, simulated day with LPs, contract lifecycle and ledger, KPIs
    vps2000WallMs: big.ms,
    // the simulated day (world build + simulation + ledger sealing, with the KPIs accumulated as blocks seal: vps2000KpiMs of it)
    vps2000DayMs: big.t.worldMs,
    vps2000CpuMs: big.cpuMs,
    vps2000LpMs: big.t.lpMs,
    vps2000KpiMs: big.t.kpiMs,
    vps2000PeakRssMb: big.t.peakRssMb,
    vps2000Events: big.m.lifecycleEvents,
    vps2000SuccessPct: 100 * big.k.K7.successRate,
    vps2000RssKbPerVp: (big.t.peakRssMb * 1024) / 2000,
    ...cli,
  };
}
