// The wait-and-see premium on V2G that no later recharge pays for (v2gWaitMuPerKwh).
import { describe, expect, it } from 'vitest';
import { createLpSolver } from '../../src/optim/lp.js';
import { evaluateSchedule, v2gWaitPremium, type ClusterEnvelope, type SchedulingProblem } from '../../src/optim/schedule.js';
import { solveScheduleLp } from '../../src/optim/schedule-lp.js';
import { flatCluster, flatProblem } from '../helpers/schedule-problem.js';

const T = 6;
// the vehicles are at their targets (no need) and may hold at most 5 kWh more
const cluster = (over: Partial<ClusterEnvelope> = {}) =>
  flatCluster(T, { eLowKwh: new Float64Array(T).fill(-30), eHighKwh: new Float64Array(T).fill(5), etaCh: 0.95, etaDis: 0.95, ...over });
const problem = (over: Partial<SchedulingProblem> = {}) => flatProblem(T, [cluster()], { priceMuPerKwh: new Float64Array(T).fill(0.12), degradationMuPerKwh: 0.02, ...over });

describe('v2gWaitPremium', () => {
  it('is 0 without the knob and falls by the knob per interval on a flat price', () => {
    expect([...v2gWaitPremium(problem())]).toEqual(new Array(T).fill(0));
    const w = v2gWaitPremium(problem({ v2gWaitMuPerKwh: 1e-5 }));
    for (let t = 0; t < T; t++) expect(w[t]).toBeCloseTo(1e-5 * (T - 1 - t), 15);
  });

  it('is 0 where a later recharge pays for the discharge (arbitrage keeps its timing)', () => {
    // 0.3 now, 0.1 later: 0.3 - 0.02 > 0.1 / 0.9025; the last intervals have nothing cheaper after them
    const priceMuPerKwh = Float64Array.from([0.3, 0.3, 0.1, 0.1, 0.3, 0.3]);
    const w = v2gWaitPremium(problem({ priceMuPerKwh, v2gWaitMuPerKwh: 1e-5 }));
    expect(w[0]).toBe(0);
    expect(w[1]).toBe(0);
    expect(w[2]).toBeGreaterThan(0); // 0.1 - wear never pays back a recharge at 0.1
    expect(w[4]).toBeGreaterThan(0); // nothing cheaper after 0.3 in interval 5
    expect(w[5]).toBe(0); // last interval: no interval left to wait for
  });

  it('is counted in the evaluated objective like the LP counts it', async () => {
    const highs = await createLpSolver('highs');
    const pMinKw = new Float64Array(T).fill(-Infinity);
    pMinKw[4] = 10;
    const p = problem({ pMinKw, v2gWaitMuPerKwh: 1e-5 });
    const r = solveScheduleLp(p, highs);
    expect(r.status).toBe('optimal');
    expect(evaluateSchedule(p, r.schedule).objective).toBeCloseTo(r.objective, 9);
  });
});

describe('room made for a later floor waits', () => {
  it('discharges in the last interval before the floor, not the first', async () => {
    const highs = await createLpSolver('highs');
    // interval 4 must import 10 kW, but the vehicles hold only 5 kWh more: they have to discharge
    // first to make room; on a flat price every interval before 4 costs the same
    const pMinKw = new Float64Array(T).fill(-Infinity);
    pMinKw[4] = 10;
    const r = solveScheduleLp(problem({ pMinKw, v2gWaitMuPerKwh: 1e-5 }), highs);
    expect(r.status).toBe('optimal');
    const dis = [...r.schedule.dis[0]];
    expect(dis.slice(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(dis[3]).toBeGreaterThan(4);
    expect(r.schedule.ch[0][4]).toBeCloseTo(10, 6);
  });

  it('leaves V2G that pays at the price peak where it is', async () => {
    const highs = await createLpSolver('highs');
    const priceMuPerKwh = Float64Array.from([0.3, 0.1, 0.1, 0.1, 0.1, 0.1]);
    const p = problem({ priceMuPerKwh, clusters: [cluster({ eLowKwh: Float64Array.from([-30, -30, -30, -30, -30, 0]) })] });
    const without = solveScheduleLp(p, highs);
    const withWait = solveScheduleLp({ ...p, v2gWaitMuPerKwh: 1e-5 }, highs);
    expect(without.schedule.dis[0][0]).toBeCloseTo(20, 6);
    expect(withWait.schedule.dis[0][0]).toBeCloseTo(20, 6);
    expect(withWait.objective).toBeCloseTo(without.objective, 9);
  });
});
