// `vpsim diff A B`: identical runs exit 0; a --set variant and two different models exit 1 and
// name what changed (scenario fields, metrics, KPIs) with absolute and relative changes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffValues } from '../../src/report/diff.js';
import { tempDir, vpsim } from '../helpers/cli.js';

const MM1 = 'scenarios/demo/mm1.yaml';
const small = ['--set', 'mm1.customers=3000', '--quiet'];

describe('vpsim diff', () => {
  const dir = tempDir();
  const a = join(dir, 'a');
  const a2 = join(dir, 'a2');
  const b = join(dir, 'b');
  const c = join(dir, 'c');
  for (const [out, extra, file] of [[a, [], MM1], [a2, [], MM1], [b, ['--set', 'mm1.arrivalRatePerS=0.5'], MM1], [c, [], 'test/greek/fixtures/small.yaml']] as const) {
    const r = vpsim(['run', file, '--out', out, ...(file === MM1 ? small : ['--quiet']), ...extra]);
    if (r.code !== 0) throw new Error(r.stderr);
  }

  it('identical runs: exit 0', () => {
    const r = vpsim(['diff', a, a2]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^identical/);
    const j = JSON.parse(vpsim(['diff', a, a2, '--json']).stdout);
    expect(j.identical).toBe(true);
  });

  it('a --set variant: exit 1, the field and the metric changes with absolute and relative values', () => {
    const r = vpsim(['diff', a, b, '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.identical).toBe(false);
    if (existsSync(join(a, 'scenario.resolved.yaml'))) expect(d.scenario).toEqual([{ path: 'mm1.arrivalRatePerS', a: 0.9, b: 0.5, abs: -0.4, rel: expect.closeTo(-0.4 / 0.9, 12) }]);
    else expect(d.scenario.map((e: { path: string }) => e.path)).toContain('scenarioHash');
    const w = d.metrics.find((e: { path: string }) => e.path === 'meanWaitS');
    expect(w.abs).toBeCloseTo(w.b - w.a, 12);
    expect(w.rel).toBeCloseTo((w.b - w.a) / Math.abs(w.a), 12);
    expect(d.metrics.some((e: { path: string }) => e.path.startsWith('timings'))).toBe(false);
    const text = vpsim(['diff', a, b]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/metrics: \d+ difference\(s\)/);
    expect(text.stdout).toMatch(/meanWaitS\s+\S+\s+\S+\s+-\S+\s+-\d+\.\d\d%/);
  });

  it('two models: exit 1, model and metric sets differ', () => {
    const r = vpsim(['diff', a, c, '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    const paths = d.metrics.map((e: { path: string }) => e.path);
    expect(paths).toContain('meanWaitS');
    expect(paths).toContain('totalCostMu');
    expect(d.metrics.find((e: { path: string }) => e.path === 'totalCostMu').a).toBeNull();
    if (existsSync(join(a, 'scenario.resolved.yaml'))) expect(d.scenario.find((e: { path: string }) => e.path === 'model')).toMatchObject({ a: 'mm1', b: 'greek' });
    expect(d.kpis.length).toBeGreaterThan(0);
  });

  it('not a run directory: exit 2 naming it', () => {
    const r = vpsim(['diff', a, join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope: expected a run directory \(with summary\.json\), found no such directory/);
  });
});

describe('diffValues', () => {
  it('flattens lists by index and reports added and removed leaves', () => {
    expect(diffValues({ x: [1, 2], y: 'a' }, { x: [1, 3, 4], z: true })).toEqual([
      { path: 'x[1]', a: 2, b: 3, abs: 1, rel: 0.5 },
      { path: 'x[2]', a: null, b: 4 },
      { path: 'y', a: 'a', b: null },
      { path: 'z', a: null, b: true },
    ]);
    expect(diffValues({ v: 0 }, { v: 2 })).toEqual([{ path: 'v', a: 0, b: 2, abs: 2, rel: null }]);
  });
});
