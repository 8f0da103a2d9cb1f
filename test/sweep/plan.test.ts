// The sweep plan: design points, runIds, seeds and shards, computed in-process from sweep files.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { planSweep, runSeed, shardRuns, type PlannedRun } from '../../src/sweep/plan.js';
import { parseShard } from '../../src/sweep/shard.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
let dir: string;
let n = 0;
const sweepFile = (body: string) => {
  const p = join(dir, `s${n++}.yaml`);
  writeFileSync(p, `scenario: ${MM1}\n${body}`);
  return p;
};
const col = (runs: PlannedRun[], p: string) => runs.map((r) => r.params[p] as number);

beforeAll(() => {
  dir = tempDir('vpsim-sweep-plan-');
});

describe('sweep plan', () => {
  it('builds a factorial grid in written order with replicates, stable runIds and derived seeds', async () => {
    const f = sweepFile('seed: 5\nreplicates: 2\nparameters:\n  mm1.arrivalRatePerS: [0.5, 0.7]\n  mm1.serviceRatePerS: { from: 1, to: 1.2, steps: 3 }\n');
    const plan = await planSweep(f);
    expect(plan.runs).toHaveLength(2 * 3 * 2);
    expect(plan.parameters).toEqual(['mm1.arrivalRatePerS', 'mm1.serviceRatePerS']);
    expect(col(plan.runs, 'mm1.arrivalRatePerS').slice(0, 6)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(col(plan.runs, 'mm1.serviceRatePerS').slice(0, 6)).toEqual([1, 1, 1.1, 1.1, 1.2, 1.2]);
    expect(plan.runs.map((r) => r.replicate).slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(new Set(plan.runs.map((r) => r.runId)).size).toBe(plan.runs.length);
    for (const r of plan.runs) expect(r.seed).toBe(runSeed(5, r.runId));
    // Same file, same plan; another sweep seed keeps the runIds but changes every seed.
    const again = await planSweep(f);
    expect(again.runs).toEqual(plan.runs);
    const other = await planSweep(sweepFile('seed: 6\nreplicates: 2\nparameters:\n  mm1.arrivalRatePerS: [0.5, 0.7]\n  mm1.serviceRatePerS: { from: 1, to: 1.2, steps: 3 }\n'));
    expect(other.runs.map((r) => r.runId)).toEqual(plan.runs.map((r) => r.runId));
    expect(other.runs.every((r, i) => r.seed !== plan.runs[i].seed)).toBe(true);
  });

  it('keeps the runId of a point when other points are added', async () => {
    const a = await planSweep(sweepFile('parameters:\n  mm1.arrivalRatePerS: [0.5, 0.7]\n'));
    const b = await planSweep(sweepFile('parameters:\n  mm1.arrivalRatePerS: [0.3, 0.5, 0.7, 0.8]\n'));
    expect(b.runs.map((r) => r.runId)).toEqual(expect.arrayContaining(a.runs.map((r) => r.runId)));
  });

  it('changes every runId when the base scenario changes', async () => {
    const a = await planSweep(sweepFile('parameters:\n  mm1.arrivalRatePerS: [0.5, 0.7]\n'));
    const b = await planSweep(sweepFile('set:\n  mm1.customers: 1234\nparameters:\n  mm1.arrivalRatePerS: [0.5, 0.7]\n'));
    expect(b.runs.some((r) => a.runs.some((x) => x.runId === r.runId))).toBe(false);
  });

  it('draws Latin-hypercube samples with exactly one point in every stratum of every parameter', async () => {
    const nS = 37;
    const plan = await planSweep(sweepFile(`design: lhs\nsamples: ${nS}\nparameters:\n  mm1.arrivalRatePerS: { min: 0.2, max: 0.9 }\n  mm1.serviceRatePerS: { min: 1, max: 8, scale: log }\n  mm1.customers: { min: 100, max: 136, integer: true }\n`));
    const strata = (xs: number[], f: (x: number) => number) => xs.map((x) => Math.floor(f(x) * nS)).sort((p, q) => p - q);
    const all = Array.from({ length: nS }, (_, i) => i);
    expect(strata(col(plan.runs, 'mm1.arrivalRatePerS'), (x) => (x - 0.2) / 0.7)).toEqual(all);
    expect(strata(col(plan.runs, 'mm1.serviceRatePerS'), (x) => Math.log(x) / Math.log(8))).toEqual(all);
    // 37 integers 100..136 in 37 strata: a permutation of them.
    expect([...col(plan.runs, 'mm1.customers')].sort((p, q) => p - q)).toEqual(all.map((i) => 100 + i));
  });

  it('draws random samples inside their ranges, reproducibly from the sweep seed', async () => {
    const body = 'design: random\nsamples: 50\nparameters:\n  mm1.arrivalRatePerS: { min: 0.2, max: 0.9 }\n  mm1.sampleIntervalS: [0, 10, 100]\n';
    const a = await planSweep(sweepFile(`seed: 1\n${body}`));
    const b = await planSweep(sweepFile(`seed: 1\n${body}`));
    const c = await planSweep(sweepFile(`seed: 2\n${body}`));
    expect(col(a.runs, 'mm1.arrivalRatePerS')).toEqual(col(b.runs, 'mm1.arrivalRatePerS'));
    expect(col(a.runs, 'mm1.arrivalRatePerS')).not.toEqual(col(c.runs, 'mm1.arrivalRatePerS'));
    for (const x of col(a.runs, 'mm1.arrivalRatePerS')) expect(x >= 0.2 && x <= 0.9).toBe(true);
    expect(new Set(col(a.runs, 'mm1.sampleIntervalS'))).toEqual(new Set([0, 10, 100]));
  });

  it('takes explicit points from design list, with the union of their paths as columns', async () => {
    const plan = await planSweep(sweepFile('design: list\nreplicates: 3\npoints:\n  - { mm1.arrivalRatePerS: 0.5 }\n  - { mm1.arrivalRatePerS: 0.6, mm1.customers: 500 }\n'));
    expect(plan.runs).toHaveLength(6);
    expect(plan.parameters).toEqual(['mm1.arrivalRatePerS', 'mm1.customers']);
    expect(plan.runs[3].params).toEqual({ 'mm1.arrivalRatePerS': 0.6, 'mm1.customers': 500 });
  });

  it('splits runs into disjoint shards whose union is the whole plan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 12 }), (total, count) => {
        const runs = Array.from({ length: total }, (_, index) => ({ index, runId: `r${index}`, replicate: 0, seed: 0, params: {} }));
        const parts = Array.from({ length: count }, (_, i) => shardRuns(runs, { index: i + 1, count }));
        const ids = parts.flat().map((r) => r.index).sort((a, b) => a - b);
        expect(ids).toEqual(runs.map((r) => r.index));
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      })
    );
  });

  it('plans every example sweep in scenarios/sweeps against its current base scenario', async () => {
    const sweeps = join(ROOT, 'scenarios', 'sweeps');
    const files = readdirSync(sweeps).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toContain('mm1-smoke.yaml');
    for (const f of files) {
      const plan = await planSweep(join(sweeps, f));
      expect(plan.runs.length, f).toBeGreaterThan(0);
    }
    expect((await planSweep(join(sweeps, 'mm1-smoke.yaml'))).runs).toHaveLength(12);
  });

  it('parses --shard, taking the index from Slurm or Kubernetes when only N is given', () => {
    expect(parseShard('2/4', {})).toEqual({ index: 2, count: 4 });
    expect(parseShard('4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('4', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('4', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 4, count: 4 });
    expect(() => parseShard('3/2', {})).toThrow(/--shard: expected a shard number I from 1 to 2.*found 3\/2/);
    expect(() => parseShard('0/2', {})).toThrow(/found 0\/2/);
    expect(() => parseShard('4', {})).toThrow(/SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX/);
    expect(() => parseShard('4', { JOB_COMPLETION_INDEX: '4' })).toThrow(/found 5\/4/);
    expect(() => parseShard('a/b', {})).toThrow(/expected I\/N/);
  });
});
