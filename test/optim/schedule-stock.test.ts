// The first interval's stock above the vehicles' targets (p0NeedMaxKw) and the value of the energy
// left at the horizon end (terminalValueMuPerKwh) in the scheduling LP.
import { describe, expect, it } from 'vitest';
import { createLpSolver } from '../../src/optim/lp.js';
import { evaluateSchedule, type ClusterEnvelope, type SchedulingProblem } from '../../src/optim/schedule.js';
import { solveScheduleLp } from '../../src/optim/schedule-lp.js';
import { flatCluster, flatProblem } from '../helpers/schedule-problem.js';

const T = 4;
const cluster = (over: Partial<ClusterEnvelope> = {}) =>
  flatCluster(T, { pDisMaxKw: new Float64Array(T).fill(10), eLowKwh: Float64Array.from([0, 0, 0, 10]), ...over });
const problem = (cl: ClusterEnvelope, over: Partial<SchedulingProblem> = {}) => flatProblem(T, [cl], over);
const sum = (a: Float64Array, from = 0) => a.slice(from).reduce((s, v) => s + v, 0);

describe('stock above the targets in the executed interval', async () => {
  const highs = await createLpSolver('highs');

  it('power forced above what the vehicles need now (an obligation floor) does not meet a later need', () => {
    // the vehicles plugged in now can take only 2 kW towards their targets; an obligation asks for 6
    // (wear above the price: V2G never pays here, so no round trips among equal-cost plans)
    const pMinKw = Float64Array.from([6, -Infinity, -Infinity, -Infinity]);
    const opts = { pMinKw, degradationMuPerKwh: 0.2 };
    const withStock = solveScheduleLp(problem(cluster({ p0MinKw: 0, p0MaxKw: 20, p0NeedMaxKw: 2 }), opts), highs);
    expect(withStock.status).toBe('optimal');
    expect(withStock.schedule.ch[0][0]).toBeCloseTo(6, 6);
    // the later need (10 kWh by the end) is still bought in full after the 2 kWh that went towards it
    expect(sum(withStock.schedule.ch[0], 1)).toBeCloseTo(8, 6);
    expect(sum(withStock.schedule.dis[0])).toBeCloseTo(0, 9);
    // the aggregate alone (no p0NeedMaxKw) would count the 4 kWh of stock towards it
    const aggregate = solveScheduleLp(problem(cluster({ p0MinKw: 0, p0MaxKw: 20 }), opts), highs);
    expect(sum(aggregate.schedule.ch[0], 1)).toBeCloseTo(4, 6);
  });

  it('stock is not bought when nothing asks for it, and V2G sells it first', () => {
    const free = solveScheduleLp(problem(cluster({ p0MinKw: 0, p0MaxKw: 20, p0NeedMaxKw: 2 })), highs);
    expect(free.schedule.ch[0][0]).toBeLessThanOrEqual(2 + 1e-9);
    // a price peak in interval 2: stock bought now (cheap) and sold there pays
    const price = Float64Array.from([0.1, 0.1, 0.5, 0.1]);
    const r = solveScheduleLp(problem(cluster({ p0MinKw: 0, p0MaxKw: 20, p0NeedMaxKw: 2 }), { priceMuPerKwh: price }), highs);
    expect(r.status).toBe('optimal');
    expect(r.schedule.dis[0][2]).toBeCloseTo(10, 6);
    const ev = evaluateSchedule(problem(cluster(), { priceMuPerKwh: price }), r.schedule);
    expect(ev.maxViolation).toBeLessThan(1e-6);
    expect(Math.abs(ev.objective - r.objective)).toBeLessThan(1e-6);
  });
});

describe('value of the energy left at the horizon end', async () => {
  const highs = await createLpSolver('highs');
  // the vehicles hold 5 kWh above their targets (V2G may take the envelope down to -5)
  // (nothing can be charged, so only that energy can be sold)
  const stocked = () => cluster({ eLowKwh: new Float64Array(T).fill(-5), pChMaxKw: new Float64Array(T), etaCh: 0.9, etaDis: 0.9 });

  it('without it, V2G sells energy above the targets at any price above the wear cost', () => {
    const r = solveScheduleLp(problem(stocked()), highs);
    expect(sum(r.schedule.dis[0])).toBeGreaterThan(4);
  });

  it('valued at the cheapest remaining price, it is sold only where price - wear pays for the discharge loss', () => {
    const flat = solveScheduleLp(problem(stocked(), { terminalValueMuPerKwh: 0.1 }), highs);
    expect(sum(flat.schedule.dis[0])).toBeCloseTo(0, 9);
    expect(sum(flat.schedule.ch[0])).toBeCloseTo(0, 9); // and nothing is bought to be kept
    // 0.5 - 0 > 0.1 / 0.9: the peak pays
    const peak = solveScheduleLp(problem(stocked(), { terminalValueMuPerKwh: 0.1, priceMuPerKwh: Float64Array.from([0.1, 0.5, 0.1, 0.1]) }), highs);
    expect(sum(peak.schedule.dis[0])).toBeCloseTo(4.5, 6);
    const ev = evaluateSchedule(problem(stocked(), { terminalValueMuPerKwh: 0.1, priceMuPerKwh: Float64Array.from([0.1, 0.5, 0.1, 0.1]) }), peak.schedule);
    expect(Math.abs(ev.objective - peak.objective)).toBeLessThan(1e-6);
  });
});
