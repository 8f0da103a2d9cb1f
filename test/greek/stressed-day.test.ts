// The shipped stressed day (scenarios/greek/sc1-stressed.yaml, sc2-stressed.yaml: Crete at 1.00 p.u.)
// on two seeds: the scenario's own (7) and seed 3, the seed with the most SC1 violations before the
// DF could cut best-effort charging (docs/greek.md, Stress scenarios, has the 10-seed table).
// SC2 leaves the voltage band, SC1 stays inside it apart from base-load violations with its voltage
// rows binding, brings every reachable vehicle to target, at least as many as SC2, for less per kWh.
// (The optimizer comparison, a separate day-ahead study that does not touch the day run, is off.)
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/models/run-scenario.js';

type M = Record<string, any>;
const metrics = async (file: string, seed: number): Promise<M> =>
  (await runScenarioFile(file, { set: [`seed=${seed}`, 'greek.compareOptimizers.enabled=false'], quiet: true, noWrite: true })).summary.metrics as M;

describe('greek stressed day (full day, two seeds)', () => {
  for (const seed of [7, 3]) {
    it(`seed ${seed}: SC2 out of band, SC1 inside with rows binding, targets and per-kWh invariants`, async () => {
      const m1 = await metrics('scenarios/greek/sc1-stressed.yaml', seed);
      const m2 = await metrics('scenarios/greek/sc2-stressed.yaml', seed);
      expect(m2.voltageViolatingBusIntervals).toBeGreaterThan(m2.baseLoadViolatingBusIntervals);
      expect(m1.voltageViolatingBusIntervals - m1.baseLoadViolatingBusIntervals).toBe(0);
      expect(m1.voltageRowsActive).toBeGreaterThan(0);
      expect(m1.evsReachableMissed).toBe(0);
      expect(m1.evsReachingTarget).toBeGreaterThanOrEqual(m2.evsReachingTarget);
      expect(m1.costPerKwhDeliveredMu).toBeLessThanOrEqual(m2.costPerKwhDeliveredMu + 1e-9);
      expect(m1.planDeviatingCevIntervals).toBe(0);
    }, 120_000);
  }
});
