import { describe, expect, it } from 'vitest';
import { estimateCurtailment, marginalLossFactors, subtreeMask, type CevPowerAtBus } from '../../src/grid/curtailment.js';
import { linDistFlowSensitivities } from '../../src/grid/lindistflow.js';
import { nominalLoads, solvePowerFlow, type SolveOptions } from '../../src/grid/powerflow.js';
import type { PreparedFeeder } from '../../src/grid/topology.js';
import { bundled } from './helpers.js';

function flowWith(prep: PreparedFeeder, scale: number, cevs: CevPowerAtBus[], limits?: SolveOptions['limits']) {
  const loads = nominalLoads(prep, scale);
  for (const c of cevs) loads.pKw[prep.indexOfBus.get(c.busId)!] += c.pKw;
  return solvePowerFlow(prep, { loads, limits });
}

/** Applies the requests: cut |pKw| by reduceKw. */
function apply(cevs: CevPowerAtBus[], requests: { cevId: string; reduceKw: number }[]): CevPowerAtBus[] {
  return cevs.map((c) => {
    const q = requests.find((r) => r.cevId === c.cevId);
    return q ? { ...c, pKw: c.pKw - Math.sign(c.pKw) * q.reduceKw } : c;
  });
}

describe('curtailment estimate', () => {
  const mv = bundled('mv40');
  const mvLin = linDistFlowSensitivities(mv);

  it('clears an undervoltage in one step by cutting charging CEVs pro rata', () => {
    const cevs = [
      { cevId: 'cev:1', busId: 40, pKw: 700 },
      { cevId: 'cev:2', busId: 26, pKw: 500 },
      { cevId: 'cev:3', busId: 18, pKw: 400 },
      { cevId: 'cev:4', busId: 31, pKw: -50 },
    ];
    const r = flowWith(mv, 1, cevs);
    expect(r.violations.some((v) => v.kind === 'undervoltage')).toBe(true);
    const plan = estimateCurtailment(mv, r, r.violations, mvLin, cevs);
    expect(plan.unresolved).toEqual([]);
    expect(plan.requests.map((q) => q.cevId)).toEqual(['cev:1', 'cev:2', 'cev:3']);
    expect(plan.requests.every((q) => q.reason === 'undervoltage')).toBe(true);
    // pro rata: the same share for every charging CEV
    const shares = plan.requests.map((q) => q.reduceKw / cevs.find((c) => c.cevId === q.cevId)!.pKw);
    for (const s of shares) expect(s).toBeCloseTo(shares[0], 12);
    expect(shares[0]).toBeLessThan(1);
    const after = flowWith(mv, 1, apply(cevs, plan.requests));
    expect(after.vmin).toBeGreaterThanOrEqual(0.95);
    expect(after.vmin).toBeLessThan(0.96); // not far more than needed
  });

  it('cuts V2G discharge when a bus rises above 1.05 p.u.', () => {
    const prep = bundled('case33bw');
    const cevs = [
      { cevId: 'a', busId: 18, pKw: -1200 },
      { cevId: 'b', busId: 33, pKw: -600 },
      { cevId: 'c', busId: 25, pKw: 100 },
    ];
    const r = flowWith(prep, 0.2, cevs);
    expect(r.vmax).toBeGreaterThan(1.05);
    const plan = estimateCurtailment(prep, r, r.violations, linDistFlowSensitivities(prep), cevs);
    expect(plan.requests.map((q) => [q.cevId, q.reason])).toEqual([['a', 'overvoltage'], ['b', 'overvoltage']]);
    expect(flowWith(prep, 0.2, apply(cevs, plan.requests)).vmax).toBeLessThanOrEqual(1.05);
  });

  it('cuts the CEVs behind an overloaded branch', () => {
    const cevs = [
      { cevId: 'behind', busId: 35, pKw: 400 },
      { cevId: 'elsewhere', busId: 22, pKw: 400 },
    ];
    const limits = { maxLoadingPct: 12 }; // branch 13-32 (ACSR 35, 170 A) limited to 20.4 A
    const r = flowWith(mv, 1, cevs, limits);
    const over = r.violations.filter((v) => v.kind === 'overload');
    expect(over.map((v) => (v.kind === 'overload' ? `${v.from}-${v.to}` : ''))).toContain('13-32');
    const only = over.filter((v) => v.kind === 'overload' && v.from === 13 && v.to === 32);
    const plan = estimateCurtailment(mv, r, only, mvLin, cevs);
    expect(plan.requests.map((q) => q.cevId)).toEqual(['behind']);
    const after = flowWith(mv, 1, apply(cevs, plan.requests), limits);
    const e = mv.feeder.branches.findIndex((b) => b.from === 13 && b.to === 32);
    expect(after.branches.currentA[e]).toBeLessThanOrEqual(0.12 * 170);
  });

  it('sizes the cut from the marginal loss factors when losses exceed the limit', () => {
    const cevs = [
      { cevId: 'far', busId: 40, pKw: 300 },
      { cevId: 'near', busId: 3, pKw: 300 },
    ];
    const r = flowWith(mv, 1, cevs, { maxLossKw: 140 });
    const plan = estimateCurtailment(mv, r, r.violations.filter((v) => v.kind === 'losses'), mvLin, cevs);
    expect(plan.requests.map((q) => [q.cevId, q.reason])).toEqual([['far', 'losses'], ['near', 'losses']]);
    expect(plan.requests[0].reduceKw).toBeCloseTo(plan.requests[1].reduceKw, 9); // pro rata to equal powers
    expect(flowWith(mv, 1, apply(cevs, plan.requests)).pLossKw).toBeLessThanOrEqual(140);
  });

  it('reports what it cannot clear', () => {
    const cevs = [{ cevId: 'small', busId: 18, pKw: 20 }];
    const r = flowWith(mv, 1.4, cevs);
    const plan = estimateCurtailment(mv, r, r.violations, mvLin, cevs);
    expect(plan.requests).toEqual([{ cevId: 'small', reduceKw: 20, reason: 'undervoltage' }]);
    expect(plan.unresolved.length).toBeGreaterThan(0);
  });

  it('marks downstream buses and positive marginal losses', () => {
    const e = mv.feeder.branches.findIndex((b) => b.from === 10 && b.to === 27);
    const mask = subtreeMask(mv, e);
    expect(mv.busIds.filter((_, i) => mask[i])).toEqual([27, 28, 29, 30, 31]);
    const lambda = marginalLossFactors(mv, solvePowerFlow(mv));
    expect(lambda[mv.indexOfBus.get(1)!]).toBe(0);
    expect(lambda[mv.indexOfBus.get(40)!]).toBeGreaterThan(lambda[mv.indexOfBus.get(3)!]);
  });
});
