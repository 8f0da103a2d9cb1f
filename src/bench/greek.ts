// Benchmark group `greek`: the full default SC1 day (276 rolling decisions with LP, power flow,
// curtailment and the PoA ledger) timed end to end, the same day without the ledger (blockchain
// overhead per decision), and SC2. Figures are wall-clock ms on this machine (plus process CPU ms
// for the SC1 day, which other load on a shared machine inflates less). Then the day's cost in the
// number of intervals T: SC1 again with 10- and 2.5-minute steps over the same 01:00-24:00 horizon
// (T = 138, 552; and the default T = 276 again, warm), and the exponent b of cost ~ T^b fitted by least
// squares on log CPU time vs log T (and on wall time). VPSIM_BENCH_GREEK_SCALING=0 skips these runs.
// The default day uses the rolling LP's move blocking (greek.lpBlocking); the same day with every
// interval of the horizon exact (lpBlocking null) is timed beside it (warm: after the first day),
// with the change in SC1's cost.
import { fileURLToPath } from 'node:url';
import { runScenarioFile } from '../models/run-scenario.js';

const SC1 = fileURLToPath(new URL('../../scenarios/greek/sc1.yaml', import.meta.url));
const SC2 = fileURLToPath(new URL('../../scenarios/greek/sc2.yaml', import.meta.url));

export async function benchGreek(): Promise<Record<string, number>> {
  const base = ['greek.compareOptimizers.enabled=false', 'greek.grid.voltagesCsv=false'];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const timed = async (file: string, set: string[]) => {
    const t0 = performance.now(), c0 = cpu();
    const r = await runScenarioFile(file, { set, quiet: true, noWrite: true });
    return { ms: performance.now() - t0, cpuMs: cpu() - c0, m: r.summary.metrics as Record<string, any>, timings: r.summary.timings };
  };
  const withLedger = await timed(SC1, base);
  const noLedger = await timed(SC1, [...base, 'greek.ledger.enabled=false']);
  const sc2 = await timed(SC2, base);
  const unblocked = await timed(SC1, [...base, 'greek.lpBlocking=null']);
  const scaling: Record<string, number> = {};
  if (process.env.VPSIM_BENCH_GREEK_SCALING !== '0') {
    // all three days warm (the first day of the process also pays for compiling the code and
    // HiGHS's WebAssembly, about 2-3 s of CPU here, which would bend the fit), so T = 276 runs again
    const points = [
      { T: 138, ...(await timed(SC1, [...base, 'greek.horizon.stepMin=10'])) },
      { T: 276, ...(await timed(SC1, base)) },
      { T: 552, ...(await timed(SC1, [...base, 'greek.horizon.stepMin=2.5'])) },
    ];
    for (const q of points) {
      scaling[`sc1T${q.T}CpuMs`] = q.cpuMs;
      scaling[`sc1T${q.T}WallMs`] = q.ms;
      scaling[`sc1T${q.T}DecisionP95Ms`] = q.m.decisionLatencyMs.p95;
    }
    scaling.sc1CostExponentCpu = logLogSlope(points.map((q) => q.T), points.map((q) => q.cpuMs));
    scaling.sc1CostExponentWall = logLogSlope(points.map((q) => q.T), points.map((q) => q.ms));
  }
  const p50 = withLedger.m.decisionLatencyMs.p50 as number;
  const p50No = noLedger.m.decisionLatencyMs.p50 as number;
  return {
    sc1DayMs: withLedger.ms,
    sc1DayCpuMs: withLedger.cpuMs,
    decisionP50Ms: p50,
    decisionP95Ms: withLedger.m.decisionLatencyMs.p95,
    decisionMaxMs: withLedger.m.decisionLatencyMs.max,
    sc1DayNoLedgerMs: noLedger.ms,
    decisionP50NoLedgerMs: p50No,
    decisionP95NoLedgerMs: noLedger.m.decisionLatencyMs.p95,
    ledgerOverheadP50Ms: p50 - p50No,
    ledgerFinalityP50S: withLedger.m.ledger?.decisionToFinalityS?.p50 ?? NaN,
    lpSolveP50Ms: withLedger.timings.solveP50Ms,
    sc2DayMs: sc2.ms,
    sc1DayUnblockedMs: unblocked.ms,
    sc1DayUnblockedCpuMs: unblocked.cpuMs,
    sc1DayUnblockedDecisionP95Ms: unblocked.m.decisionLatencyMs.p95,
    blockingCostChangePct: (100 * (withLedger.m.totalCostMu - unblocked.m.totalCostMu)) / unblocked.m.totalCostMu,
    ...scaling,
  };
}

/** Least-squares slope of log y against log x. */
function logLogSlope(x: number[], y: number[]): number {
  const lx = x.map(Math.log), ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}
