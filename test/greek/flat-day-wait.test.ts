// A flat price on the full day with seed 3: every charging plan costs the same per kWh, so SC1 can
// match SC2 only without V2G round trips. Before the wait-and-see premium (v2gWaitMuPerKwh) the
// rolling LP discharged vehicles before the 15:30 obligation window to make room for the floor it
// could not see arrivals fill (1.9 kWh of V2G, +0.002% per kWh against SC2).
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/models/run-scenario.js';

type M = Record<string, any>;
const set = ['greek.prices.steps=[{"from":"01:00","priceMuPerKwh":0.1226}]', 'greek.prices.scale=1', 'greek.compareOptimizers.enabled=false', 'greek.ledger.enabled=false'];

describe('greek full day, flat price, seed 3', () => {
  it('SC1 makes no V2G round trips and costs no more than SC2 per kWh delivered', async () => {
    const run = async (file: string, extra: string[] = []) =>
      (await runScenarioFile(file, { set: [...set, ...extra], seed: 3, quiet: true, noWrite: true })).summary.metrics as M;
    const sc1 = await run('scenarios/greek/sc1.yaml');
    const sc2 = await run('scenarios/greek/sc2.yaml');
    expect(sc1.evsReachableMissed).toBe(0);
    expect(sc1.obligationViolatingIntervals).toBe(0);
    expect(sc1.evsReachingTarget).toBeGreaterThanOrEqual(sc2.evsReachingTarget);
    expect(sc1.v2gEnergyKwh).toBeLessThan(0.5);
    expect(sc1.totalCostMu / sc1.energyDeliveredKwh).toBeLessThanOrEqual((sc2.totalCostMu / sc2.energyDeliveredKwh) * (1 + 1e-6));
  }, 180_000);
});
