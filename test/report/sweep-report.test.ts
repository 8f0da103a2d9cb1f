// `vpsim report SWEEPDIR`: figures of each metric against each parameter, replicate means with
// 95% Student-t intervals, failed runs left out.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize, t975 } from '../../src/report/sweep-report.js';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

describe('summarize', () => {
  it('mean and 95% half-width with t(0.975, n-1)', () => {
    const rows = [1, 2, 3].map((y, i) => ({ a: 0.5, b: 'x', m: y, replicate: i }));
    const [p] = summarize(rows, 'a', ['b'], 'm');
    expect(p.mean).toBe(2);
    expect(p.n).toBe(3);
    expect(p.half).toBeCloseTo((4.303 * 1) / Math.sqrt(3), 10);
    expect(p.series).toBe('b=x');
    expect(t975(1)).toBe(12.706);
    expect(t975(100)).toBe(1.96);
    expect(summarize([{ a: 1, m: 5 }], 'a', [], 'm')[0].half).toBeNull();
  });
});

describe('vpsim report on a sweep directory', () => {
  it('draws each metric against each parameter from results.csv', () => {
    const dir = tempDir();
    const f = join(dir, 's.yaml');
    writeFileSync(f, `name: s\nscenario: ${join(ROOT, 'scenarios/demo/mm1.yaml')}\nreplicates: 3\nseeds: common\nset:\n  mm1.customers: 2000\nparameters:\n  mm1.arrivalRatePerS: [0.3, 0.6]\n  mm1.serviceRatePerS: [1.0, 1.2]\nmetrics: [metrics.meanWaitS, metrics.utilization]\n`);
    const out = join(dir, 'out');
    expect(vpsim(['sweep', f, '--out', out, '--quiet', '--workers', '0']).code).toBe(0);
    const r = vpsim(['report', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const n of ['metrics.meanWaitS__mm1.arrivalRatePerS', 'metrics.meanWaitS__mm1.serviceRatePerS', 'metrics.utilization__mm1.arrivalRatePerS', 'metrics.utilization__mm1.serviceRatePerS']) {
      expect(existsSync(join(out, 'figures', `${n}.vl.json`)), n).toBe(true);
      expect(existsSync(join(out, 'figures', `${n}.svg`)), n).toBe(true);
    }
    // the plotted mean is the replicate mean of results.csv (computed here by hand)
    const lines = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const ys = lines.filter((c) => c[3] === '0.3' && c[4] === '1').map((c) => Number(c[5]));
    expect(ys).toHaveLength(3);
    const spec = JSON.parse(readFileSync(join(out, 'figures', 'metrics.meanWaitS__mm1.arrivalRatePerS.vl.json'), 'utf8'));
    const pt = spec.data.values.find((v: { x: number; series: string }) => v.x === 0.3 && v.series === 'mm1.serviceRatePerS=1');
    expect(pt.mean).toBeCloseTo(ys.reduce((a, b) => a + b, 0) / 3, 12);
    expect(pt.hi).toBeGreaterThan(pt.mean);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/12 runs: 12 ok/);
    expect((html.match(/<figure/g) ?? []).length).toBe(4);
  });
});
