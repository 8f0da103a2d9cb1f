import { describe, expect, it } from 'vitest';
import { curtailToLimits, marginalLossFactors, subtreeMask, type CurtailmentProblem } from '../../src/grid/curtailment.js';
import { linDistFlowSensitivities } from '../../src/grid/lindistflow.js';
import { nominalLoads, solvePowerFlow } from '../../src/grid/powerflow.js';
import type { PreparedFeeder } from '../../src/grid/topology.js';
import type { GridLimits } from '../../src/grid/types.js';
import { bundled } from './helpers.js';

/** Nominal loads times `scale` plus flexible loads at the given bus ids. */
function problem(prep: PreparedFeeder, scale: number, busIds: number[], limits: Partial<GridLimits> = {}, withBase = false): CurtailmentProblem {
  const bus = busIds.map((b) => prep.indexOfBus.get(b)!);
  const lim: GridLimits = { vMinPu: 0.95, vMaxPu: 1.05, ...limits };
  const flow = (p: Float64Array) => {
    const loads = nominalLoads(prep, scale);
    bus.forEach((j, i) => (loads.pKw[j] += p[i]));
    return solvePowerFlow(prep, { loads, limits: lim });
  };
  const base = withBase ? flow(new Float64Array(bus.length)).vmPu : undefined;
  return { prep, lin: linDistFlowSensitivities(prep), bus, limits: lim, flow, baseVmPu: base };
}

describe('curtailment to limits', () => {
  const mv = bundled('mv40');

  it('never cuts a load below its floor, and does not cut for a bus the floors keep out of band', () => {
    const base = problem(mv, 1, [40, 26, 18, 31]);
    const p = [700, 500, 400, -50];
    const floorKw = [600, 450, 0, 0];
    const r = curtailToLimits({ ...base, floorKw }, p);
    for (let i = 0; i < 4; i++) expect(r.powerKw[i]).toBeGreaterThanOrEqual(Math.min(p[i], floorKw[i]) - 1e-9);
    // floors so high that cutting the rest cannot clear the lowest bus: nothing is cut at all
    const stuck = curtailToLimits({ ...base, floorKw: [700, 500, 400, 0] }, p);
    expect(stuck.before.vmin).toBeLessThan(0.95);
    expect(stuck.curtailed).toBe(false);
    expect(Array.from(stuck.powerKw)).toEqual(p);
  });

  it('voltage cuts go down to the voltage floors, other cuts only to the floors', () => {
    const base = problem(mv, 1, [40, 26, 18, 31]);
    const p = [700, 500, 400, -50];
    // floors that keep the band out of reach: with voltage floors below them the band is restored
    // by cutting into the part of the charging that yields to the band only
    const stuck = curtailToLimits({ ...base, floorKw: [700, 500, 400, 0] }, p);
    expect(stuck.curtailed).toBe(false);
    const voltageFloorKw = [0, 0, 0, 0];
    const r = curtailToLimits({ ...base, floorKw: [700, 500, 400, 0], voltageFloorKw }, p);
    expect(r.curtailed).toBe(true);
    expect(r.flow.vmin).toBeGreaterThanOrEqual(0.95);
    for (let i = 0; i < 4; i++) expect(r.powerKw[i]).toBeGreaterThanOrEqual(Math.min(p[i], voltageFloorKw[i]) - 1e-9);
    // an overload cut keeps the floors even where the voltage floors are lower (branch 13-32 at 30%
    // of its rating, overloaded by the CEV at bus 35 alone)
    const ovl = problem(mv, 1, [35, 22], { maxLoadingPct: 30, vMinPu: 0 });
    const cut = curtailToLimits({ ...ovl, floorKw: [1000, 0], voltageFloorKw: [0, 0] }, [1500, 400], { loading: true });
    expect(cut.reason[0]).toBe('overload');
    expect(cut.powerKw[0]).toBeGreaterThanOrEqual(1000 - 1e-9);
    const free = curtailToLimits({ ...ovl, floorKw: [0, 0], voltageFloorKw: [0, 0] }, [1500, 400], { loading: true });
    expect(free.powerKw[0]).toBeLessThan(1000);
  });

  it('clears an undervoltage, cutting the most effective charging CEVs first and V2G never', () => {
    const prob = problem(mv, 1, [40, 26, 18, 31]);
    const p = [700, 500, 400, -50];
    const r = curtailToLimits(prob, p);
    expect(r.before.vmin).toBeLessThan(0.95);
    expect(r.curtailed).toBe(true);
    expect(r.flow.vmin).toBeGreaterThanOrEqual(0.95);
    expect(r.flow.vmin).toBeLessThan(0.96); // not far more than needed
    expect(r.powerKw[3]).toBe(-50);
    for (let i = 0; i < 3; i++) {
      expect(r.powerKw[i]).toBeGreaterThanOrEqual(0);
      expect(r.powerKw[i]).toBeLessThanOrEqual(p[i]);
    }
    expect(r.reason[0]).toBe('undervoltage');
    // the far end of the feeder (bus 40) is cut before the others
    expect(p[0] - r.powerKw[0]).toBeGreaterThan(0);
  });

  it('cuts V2G discharge when a bus rises above 1.05 p.u.', () => {
    const prep = bundled('case33bw');
    const p = [-1200, -600, 100];
    const r = curtailToLimits(problem(prep, 0.2, [18, 33, 25]), p);
    expect(r.before.vmax).toBeGreaterThan(1.05);
    expect(r.flow.vmax).toBeLessThanOrEqual(1.05);
    expect(r.powerKw[0]).toBeGreaterThan(-1200);
    expect(r.reason[0]).toBe('overvoltage');
    expect(r.powerKw[2]).toBe(100);
  });

  it('cuts only the CEVs behind an overloaded branch, and not for overloads the base load causes', () => {
    // at 30% of the ratings the trunk (1-2 ... 9-10) is overloaded by the base load alone; branch
    // 13-32 only by the CEV behind it (bus 35)
    const limits = { maxLoadingPct: 30, vMinPu: 0 };
    const prob = problem(mv, 1, [35, 22], limits);
    const e = mv.feeder.branches.findIndex((b) => b.from === 13 && b.to === 32);
    const lim = 0.3 * mv.maxCurrentA[e];
    expect(prob.flow(Float64Array.of(1500, 400)).branches.currentA[e]).toBeGreaterThan(lim);
    expect(curtailToLimits(prob, [1500, 400]).curtailed).toBe(false); // loading is only checked when asked for
    const r = curtailToLimits(prob, [1500, 400], { loading: true });
    expect(r.reason).toEqual(['overload', null]);
    expect(r.powerKw[1]).toBe(400);
    expect(r.powerKw[0]).toBeGreaterThan(0);
    expect(r.flow.branches.currentA[e]).toBeLessThanOrEqual(lim + 1e-9);
  });

  it('sizes the cut from the marginal loss factors when losses exceed the limit', () => {
    const prob = problem(mv, 1, [40, 3], { maxLossKw: 140, vMinPu: 0 });
    const r = curtailToLimits(prob, [300, 300]);
    expect(r.before.pLossKw).toBeGreaterThan(140);
    expect(r.reason[0]).toBe('losses');
    expect(r.flow.pLossKw).toBeLessThanOrEqual(140);
    expect(300 - r.powerKw[0]).toBeGreaterThan(300 - r.powerKw[1]); // the far CEV costs more losses
  });

  it('does not starve EVs for an undervoltage the base load alone causes', () => {
    // at 1.4-1.5 x nominal load the far end is below 0.95 p.u. with no EV at all
    const starve = curtailToLimits(problem(mv, 1.4, [18]), [20]);
    expect(starve.powerKw[0]).toBe(0); // without the base voltages: cut to zero, still violated
    expect(starve.flow.vmin).toBeLessThan(0.95);
    const prob = problem(mv, 1.5, [22], {}, true);
    const r = curtailToLimits(prob, [20]);
    expect(r.powerKw[0]).toBeGreaterThan(0);
    expect(r.baseViolatingBuses.length).toBeGreaterThan(0);
    // what stays out of band is out of band without the EVs
    const base = prob.baseVmPu!;
    for (let j = 0; j < mv.n; j++) if (r.flow.vmPu[j] < 0.95) expect(base[j]).toBeLessThan(0.95);
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
