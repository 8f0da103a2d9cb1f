// Benchmark group `community`: the 1000-household community day (scenarios/community/scale.yaml,
// with its grid-only counterfactual) end to end without writing files, timed in wall-clock and
// process CPU ms (CPU is what other load on a shared machine inflates least; the 1-minute load
// average of the machine is printed beside it), and the 60-household uniform day.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runScenarioFile } from '../models/run-scenario.js';

const SCALE = fileURLToPath(new URL('../../scenarios/community/scale.yaml', import.meta.url));
const UNIFORM = fileURLToPath(new URL('../../scenarios/community/uniform.yaml', import.meta.url));

export async function benchCommunity(): Promise<Record<string, number>> {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const timed = async (file: string) => {
    const t0 = performance.now(), c0 = cpu();
    const r = await runScenarioFile(file, { quiet: true, noWrite: true });
    return { ms: performance.now() - t0, cpuMs: cpu() - c0, m: r.summary.metrics as Record<string, number>, t: r.summary.timings };
  };
  const load0 = loadavg()[0];
  const scale = await timed(SCALE);
  const small = await timed(UNIFORM);
  return {
    scaleDayMs: scale.ms,
    scaleDayCpuMs: scale.cpuMs,
    scaleHouseholds: scale.m.households,
    scaleEvents: scale.m.events,
    scaleWorldMs: scale.t.worldMs,
    scaleBaselineMs: scale.t.baselineMs,
    scaleMarketMs: scale.t.marketMs,
    scaleKpiMs: scale.t.kpiMs,
    uniformDayMs: small.ms,
    uniformDayCpuMs: small.cpuMs,
    loadAverage1m: Math.round(((load0 + loadavg()[0]) / 2) * 100) / 100,
  };
}
