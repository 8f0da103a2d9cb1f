// Invariants of the Greek model on conditions nobody tuned for (small day, so the suite stays fast):
// SC1 brings every vehicle that can reach its target at full power to it, reaches the target for at
// least as many vehicles as SC2, costs no more per kWh delivered than SC2 and no less than the
// perfect-foresight bound, and explains its deviations. Variants where SC1 does not hold all of this
// yet are listed in docs/greek.md (Known limits).
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/models/run-scenario.js';

const FILE = 'test/greek/fixtures/small.yaml';
type M = Record<string, any>;
const run = async (set: string[]) => {
  const r = await runScenarioFile(FILE, { set, quiet: true, noWrite: true });
  return { m: r.summary.metrics as M };
};

const more = (pct: number) => [0, 1, 2, 3].map((i) => `greek.cevs.${i}.evs=${Math.round(12 * (1 + pct / 100))}`);
const flat = 'greek.prices.steps=[{"from":"00:00","priceMuPerKwh":0.1226}]';
// With 60% more vehicles the CEV ratings bind (CEV3: 19 vehicles arriving at 14:00 on a 120 kW
// rating); SC2 has no rating, so SC1 may exceed it only by what the targets need (soft rating row).
const variants: Record<string, string[]> = {
  default: [],
  'flat price': [flat],
  'no V2G': ['greek.v2g=false'],
  'seed 1': ['seed=1'],
  'seed 2': ['seed=2'],
  'seed 3': ['seed=3'],
  'seed 4': ['seed=4'],
  'seed 5': ['seed=5'],
  // V2G earns less than it wears the battery (the VP should then hardly discharge)
  'degradation 0.15 m.u./kWh': ['greek.degradationMuPerKwh=0.15'],
  // fewer chargers: half the CEV ratings
  'half CEV ratings': ['greek.cevs.0.pChMaxKw=60', 'greek.cevs.1.pChMaxKw=60', 'greek.cevs.2.pChMaxKw=50', 'greek.cevs.3.pChMaxKw=50'],
  'inverted price (afternoon dear, evening cheap)': ['greek.prices.steps=[{"from":"00:00","priceMuPerKwh":0.2},{"from":"17:00","priceMuPerKwh":0.08}]'],
  'jagged price': ['greek.prices.steps=[{"from":"00:00","priceMuPerKwh":0.3},{"from":"15:00","priceMuPerKwh":0.05},{"from":"16:00","priceMuPerKwh":0.25},{"from":"18:00","priceMuPerKwh":0.1}]'],
  '30% more EVs, seed 3': [...more(30), 'seed=3'],
  // must-run charging above the obligation's pMax: not shaved with V2G (obligationBand), and energy
  // forced above targets kept apart from needed energy (stock): SC1 equals SC2 per kWh (was +0.010%
  // with move blocking)
  '60% more EVs, flat price': [...more(60), flat],
  '30% fewer EVs, flat price': [...more(-30), flat],
};

describe('greek variants (invariants, small day)', () => {
  for (const [name, set] of Object.entries(variants)) {
    it(name, async () => {
      const [s1, s2] = await Promise.all([run(set), run([...set, 'greek.mode=sc2'])]);
      const m1 = s1.m, m2 = s2.m;
      expect(m1.evsReachableMissed).toBe(0);
      expect(m1.evsReachingTarget).toBeGreaterThanOrEqual(m2.evsReachingTarget);
      expect(m1.costPerKwhDeliveredMu).toBeLessThanOrEqual(m2.costPerKwhDeliveredMu + 1e-9);
      // the perfect-foresight bound is below both, and SC2 is further from it
      expect(m1.oracleCostPerKwhMu).toBeLessThanOrEqual(m1.costPerKwhDeliveredMu + 1e-9);
      // the same deliveries (up to what a run left short): the same bound, up to the LP's choice among
      // plans of equal planned cost (settled cost and wear split differently)
      expect(m2.oracleCostPerKwhMu).toBeCloseTo(m1.oracleCostPerKwhMu, 5);
      expect(m1.optimalityGapPct).toBeGreaterThanOrEqual(-1e-9);
      expect(m2.optimalityGapPct).toBeGreaterThanOrEqual(m1.optimalityGapPct);
      expect(m1.voltageViolatingBusIntervals).toBe(m1.baseLoadViolatingBusIntervals);
      expect(m1.energyDeliveredKwh).toBeGreaterThan(0);
      // what the VP sends is realizable: no CEV-interval above 5 kW off its set-point for the plan alone
      expect(m1.planDeviatingCevIntervals).toBe(0);
    });
  }

  // With a flat price SC1 cannot be cheaper per kWh than SC2, and here the must-run charging of 60%
  // more vehicles pushes against the obligation's upper bound. The obligation margin stops at the
  // must-run charging (obligationBand), so SC1 no longer buys it with V2G (was +0.012% per kWh).
  // The same on the exact horizon (lpBlocking null); the blocked plan is in the list above.
  it('60% more EVs, flat price (exact horizon): targets met, fewer obligation violations than SC2, no dearer per kWh', async () => {
    const set = [...more(60), flat, 'greek.lpBlocking=null'];
    const [s1, s2] = await Promise.all([run(set), run([...set, 'greek.mode=sc2'])]);
    expect(s1.m.evsReachableMissed).toBe(0);
    expect(s1.m.evsReachingTarget).toBeGreaterThanOrEqual(s2.m.evsReachingTarget);
    expect(s1.m.obligationViolatingIntervals).toBeLessThan(s2.m.obligationViolatingIntervals);
    expect(s1.m.costPerKwhDeliveredMu).toBeLessThanOrEqual(s2.m.costPerKwhDeliveredMu + 1e-9);
    expect(s1.m.oracleCostPerKwhMu).toBeLessThanOrEqual(s1.m.costPerKwhDeliveredMu + 1e-9);
  });

  it('30% more EVs on every CEV: all invariants', async () => {
    const [s1, s2] = await Promise.all([run(more(30)), run([...more(30), 'greek.mode=sc2'])]);
    expect(s1.m.evsReachableMissed).toBe(0);
    expect(s1.m.evsReachingTarget).toBeGreaterThanOrEqual(s2.m.evsReachingTarget);
    expect(s1.m.costPerKwhDeliveredMu).toBeLessThanOrEqual(s2.m.costPerKwhDeliveredMu + 1e-9);
    expect(s1.m.oracleCostPerKwhMu).toBeLessThanOrEqual(s1.m.costPerKwhDeliveredMu + 1e-9);
  });

  // Grids where the base load alone leaves the band (slack 0.98 p.u.; a heavier base load): the
  // vehicles' must-run charging is never cut (targets first), and the DF does not cut for a bus that
  // cutting every CEV to its must-run floor would not bring back. SC1 then reaches every reachable
  // target, and still violates no more bus-intervals than SC2.
  const stressed: Record<string, string[]> = {
    'slack 0.98 p.u. (base load out of band)': ['greek.cities.0.slackVmPu=0.98', 'greek.cities.1.slackVmPu=0.98'],
    'heavier base load (Athens x1.3, Chania x0.9)': ['greek.cities.0.peakLoadScale=1.3', 'greek.cities.1.peakLoadScale=0.9'],
  };
  for (const [name, set] of Object.entries(stressed)) {
    it(`${name}: targets met, base-load violations reported, no more violations than SC2`, async () => {
      const [s1, s2] = await Promise.all([run(set), run([...set, 'greek.mode=sc2'])]);
      expect(s1.m.baseLoadViolatingBusIntervals).toBeGreaterThan(0);
      expect(s1.m.baseLoadViolatingBusIntervals).toBe(s2.m.baseLoadViolatingBusIntervals);
      expect(s1.m.evsReachableMissed).toBe(0);
      expect(s1.m.evsReachingTarget).toBeGreaterThanOrEqual(s2.m.evsReachingTarget);
      expect(s1.m.voltageViolatingBusIntervals).toBeLessThanOrEqual(s2.m.voltageViolatingBusIntervals);
      expect(s1.m.oracleCostPerKwhMu).toBeLessThanOrEqual(s1.m.costPerKwhDeliveredMu + 1e-9);
    });
  }

  // At 30% the only overloads are the must-run charging of CEV3's private vehicles (full power from
  // 14:00), which the LP does not fight (rowsWithinFloors); at 35% the rows bind and SC1 halves SC2's.
  // Grids where the band is stressed but SC1 can still do better than SC2 per kWh (issue 11: rows the
  // vehicles' must-run charging already breaks are not fought, so the band costs SC1 only where it can
  // be kept): targets, violations, and the per-kWh invariant. Slack 0.98 and x1.3 above do not hold it
  // yet (docs/greek.md, Variants).
  const stressedPerKwh: Record<string, string[]> = {
    'slack 0.97 p.u. (base load far out of band)': ['greek.cities.0.slackVmPu=0.97', 'greek.cities.1.slackVmPu=0.97'],
    'heavier base load (Athens x1.17, Chania x0.65)': ['greek.cities.0.peakLoadScale=1.17', 'greek.cities.1.peakLoadScale=0.65'],
    'Chania at 0.99 p.u.': ['greek.cities.1.slackVmPu=0.99'],
  };
  for (const [name, set] of Object.entries(stressedPerKwh)) {
    it(`${name}: targets met, no more violations than SC2, no dearer per kWh`, async () => {
      const [s1, s2] = await Promise.all([run(set), run([...set, 'greek.mode=sc2'])]);
      expect(s1.m.evsReachableMissed).toBe(0);
      expect(s1.m.evsReachingTarget).toBeGreaterThanOrEqual(s2.m.evsReachingTarget);
      expect(s1.m.baseLoadViolatingBusIntervals).toBe(s2.m.baseLoadViolatingBusIntervals);
      expect(s1.m.voltageViolatingBusIntervals).toBeLessThanOrEqual(s2.m.voltageViolatingBusIntervals);
      expect(s1.m.costPerKwhDeliveredMu).toBeLessThanOrEqual(s2.m.costPerKwhDeliveredMu + 1e-9);
      expect(s1.m.oracleCostPerKwhMu).toBeLessThanOrEqual(s1.m.costPerKwhDeliveredMu + 1e-9);
      expect(s1.m.planDeviatingCevIntervals).toBe(0);
    });
  }

  // A stressed small day (Chania's substation at 0.995 p.u.): SC2 leaves the band, SC1 keeps it with
  // its voltage rows binding, and is cheaper per kWh (the small-day analogue of sc1-stressed.yaml)
  it('Chania at 0.995 p.u.: SC2 leaves the band, SC1 stays inside with voltage rows binding', async () => {
    const set = ['greek.cities.1.slackVmPu=0.995'];
    const [s1, s2] = await Promise.all([run(set), run([...set, 'greek.mode=sc2'])]);
    expect(s2.m.voltageViolatingBusIntervals).toBeGreaterThan(0);
    expect(s1.m.voltageViolatingBusIntervals).toBe(s1.m.baseLoadViolatingBusIntervals);
    expect(s1.m.voltageRowsActive).toBeGreaterThan(0);
    expect(s1.m.evsReachableMissed).toBe(0);
    expect(s1.m.costPerKwhDeliveredMu).toBeLessThanOrEqual(s2.m.costPerKwhDeliveredMu + 1e-9);
  });

  it('branch loading rows (35% of the ratings on mv40): they bind in the plans, and SC1 overloads no more branches than SC2', async () => {
    const set = ['greek.grid.maxLoadingPct=35'];
    const [s1, s2, free] = await Promise.all([run(set), run([...set, 'greek.mode=sc2']), run([])]);
    expect(s1.m.branchRowsActive).toBeGreaterThan(0);
    expect(free.m.branchRowsActive).toBe(0);
    expect(s1.m.overloadedBranchIntervals).toBeLessThanOrEqual(s2.m.overloadedBranchIntervals);
    expect(s1.m.evsReachableMissed).toBe(0);
    // keeping the branches costs SC1 something, still below SC2
    expect(s1.m.costPerKwhDeliveredMu).toBeGreaterThan(free.m.costPerKwhDeliveredMu);
    expect(s1.m.costPerKwhDeliveredMu).toBeLessThanOrEqual(s2.m.costPerKwhDeliveredMu);
  });

  it('every deviation of a CEV from its set-point above 0.5 kW carries a cause', async () => {
    const r = await runScenarioFile(FILE, { quiet: true, noWrite: true });
    const rows = r.output.tables.cev;
    let n = 0;
    for (const row of rows) {
      const d = Math.abs(row.deviation_kw as number);
      if (d > 0.5) {
        n++;
        expect(row.deviation_cause).not.toBe('');
      } else expect(row.deviation_cause).toBe('');
    }
    expect(n).toBeGreaterThan(0);
    expect(Object.keys(rows[0]).slice(0, 7)).toEqual(['t_s', 'cev', 'city', 'setpoint_kw', 'realized_kw', 'deviation_kw', 'deviation_cause']);
  });
});
