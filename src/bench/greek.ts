// Benchmark group `greek`: the full default SC1 day (276 rolling decisions with LP, power flow,
// curtailment and the PoA ledger) timed end to end, the same day without the ledger (blockchain
// overhead per decision), and SC2. Figures are wall-clock ms on this machine (plus process CPU ms
// for the SC1 day, which other load on a shared machine inflates less).
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
    lpSolveP50Ms: withLedger.timings['solve.p50Ms'],
    sc2DayMs: sc2.ms,
  };
}
