// One statistics implementation (simple-statistics): percentiles are R type 7 everywhere.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { mean, median, quantile, r2, sampleSd } from '../../src/util/stats.js';
import * as ledgerRun from '../../src/models/ledger/run.js';
import * as greekOut from '../../src/models/greek/output.js';

describe('stats', () => {
  it('quantile is R type 7 (numpy linear): reference values', () => {
    // R: quantile(c(1,2,3,4), 0.95, type = 7) = 3.85; quantile(1:10, 0.5) = 5.5
    expect(quantile([4, 1, 3, 2], 0.95)).toBeCloseTo(3.85, 12);
    expect(quantile(Float64Array.from({ length: 10 }, (_, i) => i + 1), 0.5)).toBe(5.5);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
  it('mean, median, sample sd, r2', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(sampleSd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(r2([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    // hand computation: sxy = 8, sxx = syy = 10, so r^2 = 64 / 100
    expect(r2([0, 1, 2, 3, 4], [0, 2, 1, 4, 3])).toBeCloseTo(0.64, 12);
    expect(r2([1, 2, 3], [5, 5, 5])).toBe(1);
  });
  it('the ledger and Greek summaries use the same functions (one p95 definition)', () => {
    expect(ledgerRun.quantile).toBe(quantile);
    expect(ledgerRun.mean).toBe(mean);
    expect(greekOut.quantile).toBe(quantile);
  });

  it('no sample percentile, mean or median is written by hand elsewhere in src/ (the community KPIs had one)', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
    // not sample statistics: a sweep sampler's inverse CDF and the analytical delay distributions
    const ALLOWED = ['src/util/stats.ts', 'src/sweep/design.ts', 'src/ledger/theory/dist.ts'];
    const bad = files(join(ROOT, 'src'))
      .map((f) => relative(ROOT, f))
      .filter((f) => !ALLOWED.includes(f) && /function (quantile|percentile|median|mean)\b|const (quantile|percentile|median) = \(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(bad).toEqual([]);
  });
});
