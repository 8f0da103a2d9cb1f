import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerModel, type LedgerScenario } from '../../src/models/ledger/model.js';
import { resolvePoa } from '../../src/ledger/params.js';
import { add, orderStatistic, point, quantile } from '../../src/ledger/theory/dist.js';
import { burstDtotal, pipeline, predictStream, saturationRate, servedThroughput } from '../../src/ledger/theory/index.js';

const LEDGER = resolve(__dirname, '../../src/ledger');

/** Relative imports of a TypeScript file, resolved to .ts paths. */
function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return out;
}

describe('analytical PoA model (src/ledger/theory)', () => {
  it('imports nothing from the engine, transitively within src/ledger', () => {
    const dir = join(LEDGER, 'theory');
    const seen = new Set<string>();
    const todo = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const g of imports(f)) if (g.startsWith(LEDGER)) todo.push(g);
    }
    const inLedger = [...seen].map((f) => f.slice(LEDGER.length + 1)).sort();
    expect(inLedger).toContain('theory/index.ts');
    for (const banned of ['engine.ts', 'fastnet.ts', 'network.ts', 'critical-path.ts', 'chain.ts', 'notify.ts']) expect(inLedger).not.toContain(banned);
    // only the parameter definitions are shared
    expect(inLedger.filter((f) => !f.startsWith('theory/'))).toEqual(['params.ts']);
  });

  it('order statistics and sums of discrete delays', () => {
    const a = { v: [1, 3], w: [0.5, 0.5] };
    const b = point(2);
    expect(orderStatistic([a, b], 1)).toEqual({ v: [1, 2], w: [0.5, 0.5] });
    const mx = orderStatistic([a, b], 2);
    expect(mx.v).toEqual([2, 3]);
    expect(quantile(add(a, a), 0.5)).toBe(4);
  });

  it('saturation: C raises the cost per transaction and lowers capacity; served load follows offered below it', () => {
    const p = resolvePoa({ validators: 4 });
    const k1 = pipeline(p, { complexity: 1, size_bytes: 250 }), k2 = pipeline(p, { complexity: 2, size_bytes: 250 });
    const s1 = saturationRate(k1), s2 = saturationRate(k2);
    expect(s2).toBeLessThan(s1);
    expect(servedThroughput(k1, 0.5 * s1)).toBeCloseTo(0.5 * s1, 6);
    expect(servedThroughput(k1, 2 * s1)).toBeLessThan(2 * s1);
    // D_total of a burst grows with N
    expect(burstDtotal(k1, 10_000).dtotal_s).toBeGreaterThan(burstDtotal(k1, 2000).dtotal_s);
  });

  it('more load, lossy links and a crash all raise the predicted delay', () => {
    const cls = { complexity: 1.5, size_bytes: 250 }, deadline = { deadline_s: 6, deadlineSpread_s: 8 };
    const base = predictStream(resolvePoa({ validators: 4 }), { rate_tps: 100, cls, deadline, duration_s: 300 });
    const busy = predictStream(resolvePoa({ validators: 4 }), { rate_tps: 250, cls, deadline, duration_s: 300 });
    const lossy = predictStream(resolvePoa({ validators: 4, faults: { degradedLinkFraction: 0.5, dropProb: 0.3, retransmitTimeout_s: 1, extraDelay_s: 0.2 } }), { rate_tps: 100, cls, deadline, duration_s: 300 });
    const crash = { validator: 1, at_s: 100, duration_s: 30 };
    const crashed = predictStream(resolvePoa({ validators: 4, faults: { crashes: [crash] } }), { rate_tps: 100, cls, deadline, duration_s: 300, crash });
    expect(busy.mean_s).toBeGreaterThan(base.mean_s);
    expect(lossy.mean_s).toBeGreaterThan(base.mean_s);
    expect(crashed.mean_s).toBeGreaterThan(base.mean_s);
    expect(busy.missProb).toBeGreaterThan(base.missProb);
  });

  it('theory vs simulation on a grid with random arrivals, a lossy link set and a crash: mean within 10%, p95 within 20%, misses within 5 points', async () => {
    const experiments = [{
      kind: 'theory', seeds: [1, 2],
      streams: [
        { name: 'plain', validators: 4, complexity: 1, rate_tps: 150, duration_s: 300, deadline_s: 4, deadlineSpread_s: 6 },
        { name: 'lossy', validators: 4, complexity: 1.5, rate_tps: 150, duration_s: 300, deadline_s: 6, deadlineSpread_s: 8, faults: { degradedLinkFraction: 0.5, dropProb: 0.3, retransmitTimeout_s: 1, extraDelay_s: 0.2 } },
        { name: 'crash', validators: 4, complexity: 1.5, rate_tps: 150, duration_s: 600, deadline_s: 6, deadlineSpread_s: 8, faults: { crashes: [{ validator: 2, at_s: 200, duration_s: 30 }] } },
      ],
      bursts: { N: [3000], M: [3, 6], C: [1.5] },
    }];
    const s = ledgerModel.schema.parse({ name: 't', model: 'ledger', seed: 1, experiments }) as LedgerScenario;
    const out = await ledgerModel.run(s, { seed: 1, scenarioFile: 'test.yaml', log: () => {} });
    const rows = out.tables.theory_grid;
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(Math.abs(r.mean_err_pct as number), String(r.condition)).toBeLessThan(10);
      expect(Math.abs(r.p95_err_pct as number), String(r.condition)).toBeLessThan(20);
      if (r.miss_err_pp !== null) expect(Math.abs(r.miss_err_pp as number), String(r.condition)).toBeLessThan(5);
    }
  }, 120_000);

  it('saturation with the busy-proposer rule: predicted within 10% of the most the simulation serves in steady state', async () => {
    const experiments = [{
      kind: 'theory', seeds: [1],
      saturation: [
        { name: 'M=4 C=2', validators: 4, complexity: 2, loads_tps: [250, 300, 360, 450], duration_s: 240 },
        { name: 'M=3 C=1.5 lossy', validators: 3, complexity: 1.5, loads_tps: [340, 420, 500, 600], duration_s: 240, faults: { degradedLinkFraction: 0.5, dropProb: 0.2, retransmitTimeout_s: 0.5, extraDelay_s: 0.1 } },
      ],
    }];
    const s = ledgerModel.schema.parse({ name: 't', model: 'ledger', seed: 1, experiments }) as LedgerScenario;
    const out = await ledgerModel.run(s, { seed: 1, scenarioFile: 'test.yaml', log: () => {} });
    const rows = out.tables.theory_saturation;
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.peak_inside, String(r.condition)).toBe(true);
      expect(Math.abs(r.saturation_err_pct as number), String(r.condition)).toBeLessThan(10);
    }
  }, 300_000);

  it('the busy-proposer rule: a proposer still checking submissions at its step pushes the block, which lowers capacity', () => {
    // IBFT-like case (calib-quorum-ibft.yaml parameters): the critical path of a full block fits in
    // one period, so without pushes the capacity would be a block limit per period
    const p = resolvePoa({ validators: 4, quorum: 3, blockPeriod_s: 1, maxBlockBytes: 263012, preValidate_s: 0.001, txExec_s: 0.0002, blockBase_s: 0.1 });
    const k = pipeline(p, { complexity: 1, size_bytes: 250 });
    const perPeriod = k.nMax / k.T;
    const sat = saturationRate(k);
    expect(sat).toBeLessThan(0.75 * perPeriod);
    expect(sat).toBeGreaterThan(0.4 * perPeriod);
    // past saturation: full blocks, each window at least one period plus a push
    expect(servedThroughput(k, 2 * sat)).toBeLessThanOrEqual(sat * 1.0001);
    // with (almost) no gateway check and no client latency nothing is being checked at the step:
    // the block limit per period
    const k0 = pipeline(resolvePoa({ validators: 4, quorum: 3, blockPeriod_s: 1, maxBlockBytes: 263012, preValidate_s: 1e-7, clientLatency_s: 0, txExec_s: 0.0002, blockBase_s: 0.1 }), { complexity: 1, size_bytes: 250 });
    expect(saturationRate(k0)).toBeGreaterThan(0.95 * perPeriod);
  });
});

