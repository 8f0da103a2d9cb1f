// Power-flow benchmarks: one warm 33-bus solve, and a scheduled day (276 five-minute intervals) on the
// Greek case's four feeders (2 x mv40, 2 x case33bw), building each interval's loads and solving.
// Times are process CPU time, so that other work on a shared machine inflates them less than wall time.
import { loadPreparedFeeder } from '../grid/load-feeder.js';
import { composeLoads } from '../grid/loads.js';
import { linDistFlowSensitivities } from '../grid/lindistflow.js';
import { solvePowerFlow, type PowerFlowResult } from '../grid/powerflow.js';
import { loadProfile } from '../grid/profiles/load.js';

/** CPU time of this process, ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Mean CPU microseconds per call of `f` over about `budgetMs` of warm calls. */
function microsPerCall(f: () => void, budgetMs: number): number {
  for (let i = 0; i < 2000; i++) f(); // warm-up (JIT)
  let calls = 0;
  const t0 = cpuMs();
  let t = t0;
  while (t - t0 < budgetMs) {
    for (let i = 0; i < 1000; i++) f();
    calls += 1000;
    t = cpuMs();
  }
  return ((t - t0) * 1000) / calls;
}

export async function benchPowerflow(): Promise<Record<string, number>> {
  const case33 = loadPreparedFeeder('case33bw');
  const mv40 = loadPreparedFeeder('mv40');
  let out: PowerFlowResult | undefined = solvePowerFlow(case33);
  const case33bwSolveUs = microsPerCall(() => void (out = solvePowerFlow(case33, { out })), 300);
  const case33bwSolveFreshUs = microsPerCall(() => void solvePowerFlow(case33), 300);
  let outMv: PowerFlowResult | undefined = solvePowerFlow(mv40);
  const mv40SolveUs = microsPerCall(() => void (outMv = solvePowerFlow(mv40, { out: outMv })), 300);
  const linT0 = cpuMs();
  for (let i = 0; i < 10; i++) linDistFlowSensitivities(mv40);
  const linDistFlowMv40Ms = (cpuMs() - linT0) / 10;

  // The day: 01:00-24:00 in 5-minute steps (steps 12..287 of the profile), a charging cluster per feeder.
  const feeders = [
    { prep: mv40, scale: loadProfile({ type: 'metro', noiseSd: 0 }), cevBus: mv40.indexOfBus.get(18)! },
    { prep: mv40, scale: loadProfile({ type: 'metro', noiseSd: 0 }), cevBus: mv40.indexOfBus.get(26)! },
    { prep: case33, scale: loadProfile({ type: 'island', noiseSd: 0 }).map((v) => 0.6 * v), cevBus: case33.indexOfBus.get(18)! },
    { prep: case33, scale: loadProfile({ type: 'island', noiseSd: 0 }).map((v) => 0.6 * v), cevBus: case33.indexOfBus.get(25)! },
  ];
  const runDay = () => {
    let losses = 0;
    for (const f of feeders) {
      for (let k = 12; k < 288; k++) {
        const loads = composeLoads(f.prep, f.scale[k], [{ busIndex: f.cevBus, pKw: 200 + (k % 24) * 10, qKvar: 0 }]);
        losses += solvePowerFlow(f.prep, { loads }).pLossKw;
      }
    }
    return losses;
  };
  runDay(); // warm-up
  const t0 = cpuMs();
  const reps = 5;
  for (let r = 0; r < reps; r++) runDay();
  const dayFourFeedersMs = (cpuMs() - t0) / reps;
  return { case33bwSolveUs, case33bwSolveFreshUs, mv40SolveUs, linDistFlowMv40Ms, dayFourFeedersMs };
}
