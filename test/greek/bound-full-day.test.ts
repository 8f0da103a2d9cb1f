// The perfect-foresight bound on a full day nobody tuned for: an inverted price (dear until 17:00,
// cheap after), where SC1 sells V2G in the afternoon. Before the bound was reported like a run's
// settled cost (it counted V2G wear, which totalCostMu does not) and kept the rolling plan's
// obligation margin, it came out above SC1 here (0.16730 against 0.16695 per kWh).
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/models/run-scenario.js';

type M = Record<string, any>;

describe('greek perfect-foresight bound, full day, inverted price', () => {
  it('is below the rolling LP in total and per kWh delivered', async () => {
    const set = [
      'greek.prices.steps=[{"from":"01:00","priceMuPerKwh":0.2},{"from":"17:00","priceMuPerKwh":0.08}]',
      'greek.prices.scale=1',
      'greek.compareOptimizers.enabled=false',
      'greek.ledger.enabled=false',
    ];
    const r = await runScenarioFile('scenarios/greek/sc1.yaml', { set, quiet: true, noWrite: true });
    const m = r.summary.metrics as M;
    expect(m.v2gEnergyKwh).toBeGreaterThan(100);
    expect(m.oracleCostMu).toBeLessThanOrEqual(m.totalCostMu);
    expect(m.oracleCostPerKwhMu).toBeLessThanOrEqual(m.costPerKwhDeliveredMu);
    expect(m.optimalityGapPct).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
