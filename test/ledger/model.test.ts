import { describe, expect, it } from 'vitest';
import { ledgerModel, type LedgerScenario } from '../../src/models/ledger/model.js';
import { verifyLedger } from '../../src/ledger/verify.js';

const ctx = { seed: 3, scenarioFile: 'test.yaml', log: () => {} };
const run = async (experiments: unknown[], ledger: Record<string, unknown> = {}) =>
  ledgerModel.run(ledgerModel.schema.parse({ name: 't', model: 'ledger', seed: 3, ledger, experiments }) as LedgerScenario, ctx);

describe('ledger model experiments', () => {
  it('dtotal: linear in N, grows with C, the M trade-off, and the closed form within 10%', async () => {
    const out = await run([{ kind: 'dtotal', N: [1000, 2000, 3000, 4000], M: [2, 6], C: [1, 2] }]);
    const m = out.metrics as Record<string, any>;
    expect(m.dtotalMinR2).toBeGreaterThan(0.98);
    expect(m.dtotalMeanRelativeError).toBeLessThan(0.1);
    const [c1m2, c1m6] = m.dtotalAtMaxNByM['C=1'];
    const [c2m2, c2m6] = m.dtotalAtMaxNByM['C=2'];
    expect(c1m6).toBeLessThan(c1m2); // more B/As help at C = 1
    expect(c2m6).toBeGreaterThan(c2m2); // and hurt at C = 2
    expect(c2m2).toBeGreaterThan(c1m2);
  });

  it('day: per-B/A counts, all slots final inside the slot, an exported ledger that verifies, deterministic', async () => {
    const exp = [{ kind: 'day', writeLedger: true, workload: { kind: 'slots', duration_s: 3600, slot_s: 300, perSlot: 300, poissonCounts: true, spread_s: 30 } }];
    const a = await run(exp, { routing: 'nearest' });
    const b = await run(exp, { routing: 'nearest' });
    const m = a.metrics as Record<string, any>;
    expect(m.slotsAllFinalInSlot).toBe(12);
    expect(a.tables.table3).toHaveLength(4);
    expect(a.tables.tx_per_validator).toHaveLength(48);
    const lines = [...a.ledger!].map((r) => JSON.stringify(r));
    expect(verifyLedger(lines)).toMatchObject({ ok: true, transactions: m.transactions });
    expect(lines).toEqual([...b.ledger!].map((r) => JSON.stringify(r)));
  });

  it('reliability falls under partial network failure and with a crashed majority', async () => {
    const w = { kind: 'poisson', duration_s: 300, rate_tps: [[0, 40]], mix: [{ type: 'setpoint', share: 1, complexity: 1, size_bytes: 250, deadline_s: 15 }] };
    const out = await run([
      {
        kind: 'reliability',
        regions: [
          { name: 'normal', workload: w },
          { name: 'lossy', workload: w, faults: { degradedLinkFraction: 0.5, dropProb: 0.6, retransmitTimeout_s: 4 } },
          { name: 'crash', workload: w, faults: { crashes: [1, 2].map((v) => ({ validator: v, at_s: 100, duration_s: 120 })) } },
        ],
      },
    ]);
    const r = (out.metrics as any).reliability_pct;
    expect(r.normal).toBeGreaterThan(98);
    expect(r.lossy).toBeLessThan(r.normal - 5);
    expect(r.crash).toBeLessThan(r.normal - 5);
  });

  it('compare: PoA above PoS above PoW in throughput; PoW energy grows fastest', async () => {
    const out = await run([
      {
        kind: 'compare',
        validators: [4, 8],
        workload: { kind: 'poisson', duration_s: 30, rate_tps: [[0, 800]], mix: [{ type: 'setpoint', share: 1, complexity: 1, size_bytes: 250 }] },
        latencyN: [500],
        loads_tps: [100],
        loadDuration_s: 30,
      },
    ]);
    const m = out.metrics as any;
    for (const i of [0, 1]) {
      expect(m.throughputByValidators_tps.PoA[i]).toBeGreaterThan(m.throughputByValidators_tps.PoS[i]);
      expect(m.throughputByValidators_tps.PoS[i]).toBeGreaterThan(m.throughputByValidators_tps.PoW[i]);
    }
    expect(m.energySlope_kwh_per_validator.PoW).toBeGreaterThan(10 * m.energySlope_kwh_per_validator.PoS);
    expect(m.energySlope_kwh_per_validator.PoW).toBeGreaterThan(10 * m.energySlope_kwh_per_validator.PoA);
  });
});
