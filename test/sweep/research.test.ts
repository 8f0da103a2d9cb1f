// Sweep features for research designs: common random numbers, [i] list indices in --set and sweep
// parameters, deterministic default metrics (no wall-clock columns unless asked for).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/models/registry.js';
import { parseSet } from '../../src/scenarios/load.js';
import { planSweep } from '../../src/sweep/plan.js';
import { metricColumns, type RunRecord } from '../../src/sweep/results.js';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
const SMALL = join(ROOT, 'test/greek/fixtures/small.yaml');

describe('seeds: common', () => {
  it('every design point of a replicate runs with the same seed; replicates differ', async () => {
    const f = join(tempDir(), 'crn.yaml');
    writeFileSync(f, `scenario: ${MM1}\nreplicates: 3\nseeds: common\nparameters:\n  mm1.arrivalRatePerS: [0.3, 0.5, 0.7]\n`);
    const plan = await planSweep(f);
    const byRep = new Map<number, Set<number>>();
    for (const r of plan.runs) byRep.set(r.replicate, (byRep.get(r.replicate) ?? new Set()).add(r.seed));
    for (const seeds of byRep.values()) expect(seeds.size).toBe(1);
    expect(new Set([...byRep.values()].map((s) => [...s][0])).size).toBe(3);
    // the default stays independent seeds
    writeFileSync(f, `scenario: ${MM1}\nreplicates: 1\nparameters:\n  mm1.arrivalRatePerS: [0.3, 0.5, 0.7]\n`);
    expect(new Set((await planSweep(f)).runs.map((r) => r.seed)).size).toBe(3);
  });

  it('with common seeds, two validator counts see the same EV fleet', async () => {
    const f = join(tempDir(), 'crn-greek.yaml');
    writeFileSync(f, `scenario: ${SMALL}\nseeds: common\nparameters:\n  greek.ledger.validators: [2, 4]\n`);
    const plan = await planSweep(f);
    expect(plan.runs[0].seed).toBe(plan.runs[1].seed);
  });
});

describe('[i] index syntax', () => {
  it('--set a.list[0].b=value is the same override as a.list.0.b', async () => {
    expect(parseSet('greek.cevs[0].evs=100').path).toEqual(['greek', 'cevs', '0', 'evs']);
    const a = await loadScenario(SMALL, { set: ['greek.cevs[0].evs=10'] });
    const b = await loadScenario(SMALL, { set: ['greek.cevs.0.evs=10'] });
    expect(a.hash).toBe(b.hash);
    expect(a.scenario.greek.cevs[0].evs).toBe(10);
    const r = vpsim(['validate', SMALL, '--set', 'greek.cevs[0].evs=100']);
    expect(r.code, r.stderr).toBe(0);
    const bad = vpsim(['validate', SMALL, '--set', 'greek.cevs[9].evs=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set greek\.cevs\[9\]\.evs=1: greek\.cevs\.9: expected an index below 4, found 9/);
    expect(vpsim(['validate', SMALL, '--set', 'greek.cevs[x].evs=1']).stderr).toMatch(/a\.list\[0\]\.b=value/);
  });

  it('sweep parameters accept greek.cevs[0].evs', async () => {
    const f = join(tempDir(), 'idx.yaml');
    writeFileSync(f, `scenario: ${SMALL}\nparameters:\n  greek.cevs[0].evs: [6, 12]\n`);
    const plan = await planSweep(f);
    expect(plan.parameters).toEqual(['greek.cevs[0].evs']);
    expect(plan.runs.map((r) => r.params['greek.cevs[0].evs'])).toEqual([6, 12]);
    writeFileSync(f, `scenario: ${SMALL}\nparameters:\n  greek.cevs[0].evz: [6, 12]\n`);
    await expect(planSweep(f)).rejects.toThrow(/parameters\.greek\.cevs\[0\]\.evz: expected a field of the base scenario/);
  });
});

describe('default metrics are deterministic', () => {
  const rec = (index: number): RunRecord => ({ index, replicate: 0, seed: 1, parameters: {}, runId: `r${index}`, status: 'ok', error: '', metrics: { totalCostMu: 1, decisionLatencyMs: { p50: 3, p95: 9 } }, kpis: {} }) as unknown as RunRecord;
  it('wall-clock metrics are left out unless named', () => {
    expect(metricColumns([rec(0), rec(1)])).toEqual(['metrics.totalCostMu']);
    expect(metricColumns([rec(0)], ['metrics.decisionLatencyMs'])).toEqual(['metrics.decisionLatencyMs.p50', 'metrics.decisionLatencyMs.p95']);
  });
  it('the shipped greek sweep has no wall-clock column', () => {
    const text = readFileSync(join(ROOT, 'scenarios/sweeps/greek-v2g.yaml'), 'utf8');
    expect(text).not.toMatch(/decisionLatencyMs/);
  });
});
