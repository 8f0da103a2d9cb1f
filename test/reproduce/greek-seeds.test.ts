// Conclusions over seeds: the Student-t quantile and interval against published table values,
// and `reproduce greek-seeds` on a reduced study (3 seeds of a shortened Greek day, SC1 and SC2
// paired by replicate) checked against an independent computation from the run records on disk:
// plain loops for mean and standard deviation, and t(0.975, 2) from a printed t table.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { reproduce } from '../../src/reproduce/reproduce.js';
import { PINNED } from '../../src/reproduce/pins.js';
import { meanInterval, studentTCdf, studentTQuantile } from '../../src/util/stats.js';
import { ROOT, tempDir } from '../helpers/cli.js';

// two-sided 95% critical values t(0.975, df), as printed in statistics tables
const T_TABLE: [number, number][] = [
  [1, 12.7062047361747],
  [2, 4.30265272974946],
  [3, 3.18244630528371],
  [4, 2.77644510519779],
  [9, 2.2621571627982],
  [19, 2.09302405440831],
  [30, 2.04227245630124],
];

describe('Student t', () => {
  it('t(0.975, df) matches the printed table to 1e-9', () => {
    for (const [df, t] of T_TABLE) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 9);
  });
  it('the CDF is symmetric, 0.5 at 0, and tends to the normal for large df', () => {
    for (const df of [1, 3, 10]) {
      expect(studentTCdf(0, df)).toBeCloseTo(0.5, 12);
      expect(studentTCdf(1.3, df) + studentTCdf(-1.3, df)).toBeCloseTo(1, 12);
    }
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-studentTQuantile(0.975, 5), 12);
  });
  it('meanInterval: mean ± t·s/√n, by hand for 2, 4, 9', () => {
    const iv = meanInterval([2, 4, 9]);
    const m = 5;
    const s = Math.sqrt(((2 - m) ** 2 + (4 - m) ** 2 + (9 - m) ** 2) / 2);
    expect(iv.mean).toBe(m);
    expect(iv.sd).toBeCloseTo(s, 12);
    expect(iv.low).toBeCloseTo(m - (4.30265272974946 * s) / Math.sqrt(3), 8);
    expect(iv.high).toBeCloseTo(m + (4.30265272974946 * s) / Math.sqrt(3), 8);
    expect(Number.isNaN(meanInterval([1]).low)).toBe(true);
  });
});

describe('reproduce greek-seeds (3 seeds of a shortened day)', () => {
  it('the table and the paper-vs-sim rows agree with an independent computation from the records', async () => {
    const root = tempDir('vpsim-seeds-root-');
    const study = 'seeds.yaml';
    writeFileSync(
      join(root, study),
      `name: seeds-small\nscenario: ${join(ROOT, 'test/greek/fixtures/small.yaml')}\nseed: 5\nreplicates: 3\nseeds: common\ndesign: list\npoints:\n  - { greek.mode: sc1 }\n  - { greek.mode: sc2 }\nmetrics: [metrics.totalCostMu, metrics.costPerKwhDeliveredMu, metrics.evsReachingTargetShare]\n`
    );
    const pins = [...PINNED.filter((p) => p.key !== 'greek-seeds'), { key: 'greek-seeds', file: study, seed: 5, model: 'greek', sweep: true }];
    const out = join(tempDir('vpsim-seeds-'), 'paper');
    // workers: 0 runs the study in this thread (the worker script exists only in the build)
    const res = await reproduce({ ids: ['greek-seeds'], out, quiet: true, svg: false, pins, root, workers: 0 });
    expect(res.items.map((i) => `${i.id} ${i.status} ${i.message}`)).toEqual(['greek-seeds ok ']);

    // independent: the run records as written, paired by replicate
    const recDir = join(out, 'runs', 'greek-seeds', 'runs');
    const recs = readdirSync(recDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(recDir, f), 'utf8')));
    expect(recs).toHaveLength(6);
    const reps = [0, 1, 2].map((k) => {
      const a = recs.find((r) => r.replicate === k && r.parameters['greek.mode'] === 'sc1');
      const b = recs.find((r) => r.replicate === k && r.parameters['greek.mode'] === 'sc2');
      expect(a.status).toBe('ok');
      expect(b.status).toBe('ok');
      expect(a.seed).toBe(b.seed); // common random numbers: a paired comparison
      return { a: a.metrics, b: b.metrics };
    });
    expect(new Set(reps.map((_, k) => recs.find((r) => r.replicate === k).seed)).size).toBe(3);
    const by = (x: number[]) => {
      let sum = 0;
      for (const v of x) sum += v;
      const m = sum / x.length;
      let ss = 0;
      for (const v of x) ss += (v - m) * (v - m);
      const s = Math.sqrt(ss / (x.length - 1));
      const h = (4.30265272974946 * s) / Math.sqrt(x.length);
      return { m, s, lo: m - h, hi: m + h };
    };
    const expected: Record<string, ReturnType<typeof by>> = {
      'cost reduction SC1 vs SC2, total': by(reps.map((r) => 100 * (1 - r.a.totalCostMu / r.b.totalCostMu))),
      'cost reduction SC1 vs SC2, per kWh delivered': by(reps.map((r) => 100 * (1 - r.a.costPerKwhDeliveredMu / r.b.costPerKwhDeliveredMu))),
      'EVs at target SoC on departure, SC1': by(reps.map((r) => 100 * r.a.evsReachingTargetShare)),
      'EVs at target SoC on departure, SC2': by(reps.map((r) => 100 * r.b.evsReachingTargetShare)),
      'EVs at target SoC, SC1 minus SC2': by(reps.map((r) => 100 * (r.a.evsReachingTargetShare - r.b.evsReachingTargetShare))),
    };
    // the seeds differ in what they produce (else the interval would say nothing)
    expect(expected['cost reduction SC1 vs SC2, total'].s).toBeGreaterThan(0);

    const table = parse(readFileSync(join(out, 'tables', 'greek-seeds.csv'), 'utf8'), { columns: true, cast: true }) as Record<string, number | string>[];
    expect(Object.keys(table[0])).toEqual(['quantity', 'unit', 'seeds', 'mean', 'sd', 't_quantile', 'ci95_low', 'ci95_high', 'min', 'max']);
    expect(table.map((r) => r.quantity)).toEqual(Object.keys(expected));
    for (const r of table) {
      const e = expected[r.quantity as string];
      expect(r.seeds).toBe(3);
      expect(r.t_quantile as number).toBeCloseTo(4.30265272974946, 8);
      expect(r.mean as number).toBeCloseTo(e.m, 6);
      expect(r.sd as number).toBeCloseTo(e.s, 6);
      expect(r.ci95_low as number).toBeCloseTo(e.lo, 6);
      expect(r.ci95_high as number).toBeCloseTo(e.hi, 6);
    }
    const row = res.comparison.find((c) => c.id === 'greek.seeds.reduction')!;
    expect(row.ours!).toBeCloseTo(expected['cost reduction SC1 vs SC2, total'].m, 6);
    expect(row.note).toMatch(/^mean over 3 seeds; 95% t-interval \[-?[\d.]+, -?[\d.]+\]/);
    const [lo, hi] = /\[(-?[\d.e+-]+), (-?[\d.e+-]+)\]/.exec(row.note)!.slice(1).map(Number);
    expect(lo).toBeCloseTo(expected['cost reduction SC1 vs SC2, total'].lo, 2);
    expect(hi).toBeCloseTo(expected['cost reduction SC1 vs SC2, total'].hi, 2);
    expect(readFileSync(join(out, 'paper-vs-sim.md'), 'utf8')).toContain('greek.seeds.reduction');

    // --reuse continues the study: nothing is run again, same table
    const again = await reproduce({ ids: ['greek-seeds'], out, quiet: true, svg: false, pins, root, reuse: true, workers: 0 });
    expect(again.comparison.find((c) => c.id === 'greek.seeds.reduction')!.ours).toBe(row.ours);
  }, 300_000);
});
