import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLpSolver } from '../../src/optim/lp.js';
import { evaluateSchedule, type ClusterEnvelope, type SchedulingProblem } from '../../src/optim/schedule.js';
import { buildScheduleLp, solveScheduleLp } from '../../src/optim/schedule-lp.js';
import { solveSchedulePso } from '../../src/optim/schedule-pso.js';
import { createRng } from '../../src/sim/rng.js';

/** A small day: two clusters, 24 hourly intervals, a cheap night and an evening peak. */
function smallProblem(opts: { pMin?: number; pMax?: number; hard?: boolean; v2g?: boolean } = {}): SchedulingProblem {
  const T = 24;
  const price = Float64Array.from({ length: T }, (_, t) => (t < 6 ? 0.06 : t >= 17 && t < 20 ? 0.3 : 0.12));
  const env = (id: string, pMax: number, need: number, from: number): ClusterEnvelope => {
    const pCh = Float64Array.from({ length: T }, (_, t) => (t >= from ? pMax : 0));
    const lo = new Float64Array(T), hi = new Float64Array(T);
    let reach = 0;
    for (let t = 0; t < T; t++) {
      reach += 0.92 * pCh[t];
      hi[t] = Math.min(reach, need * 1.3);
      lo[t] = t === T - 1 ? need : opts.v2g ? -20 : 0;
    }
    return { id, pChMaxKw: pCh, pDisMaxKw: opts.v2g ? pCh.map((v) => v / 2) : new Float64Array(T), eLowKwh: lo, eHighKwh: hi, etaCh: 0.92, etaDis: 0.92 };
  };
  const pMinKw = new Float64Array(T).fill(-Infinity), pMaxKw = new Float64Array(T).fill(Infinity);
  for (let t = 15; t < 18; t++) {
    if (opts.pMin !== undefined) pMinKw[t] = opts.pMin;
    if (opts.pMax !== undefined) pMaxKw[t] = opts.pMax;
  }
  return {
    T,
    dtH: 1,
    priceMuPerKwh: price,
    degradationMuPerKwh: 0.02,
    clusters: [env('a', 40, 150, 0), env('b', 30, 100, 8)],
    pMinKw,
    pMaxKw,
    obligationPenaltyMuPerKwh: opts.hard ? null : 2,
    voltageRows: [],
  };
}

describe('scheduling LP', async () => {
  const highs = await createLpSolver('highs');
  const jslp = await createLpSolver('jslp');

  it('both backends agree (1e-6 relative) and meet every constraint', () => {
    for (const opts of [{}, { pMin: 30, pMax: 50 }, { v2g: true }, { v2g: true, pMin: 20, pMax: 60, hard: true }]) {
      const p = smallProblem(opts);
      const a = solveScheduleLp(p, highs);
      const b = solveScheduleLp(p, jslp);
      expect(a.status).toBe('optimal');
      expect(b.status).toBe('optimal');
      expect(Math.abs(a.objective - b.objective) / Math.max(1, Math.abs(a.objective))).toBeLessThan(1e-6);
      const ev = evaluateSchedule(p, a.schedule);
      expect(ev.maxViolation).toBeLessThan(1e-6);
      expect(Math.abs(ev.objective - a.objective)).toBeLessThan(1e-6);
    }
  });

  it('charges in the cheap night and discharges in the evening peak', () => {
    const p = smallProblem({ v2g: true });
    const s = solveScheduleLp(p, highs).schedule;
    const night = s.ch[0].slice(0, 6).reduce((x, y) => x + y, 0);
    expect(night).toBeGreaterThan(100);
    const peakDis = s.dis[0].slice(17, 20).reduce((x, y) => x + y, 0) + s.dis[1].slice(17, 20).reduce((x, y) => x + y, 0);
    const otherDis = s.dis.flatMap((d) => Array.from(d)).reduce((x, y) => x + y, 0) - peakDis;
    expect(peakDis).toBeGreaterThan(0);
    expect(otherDis).toBeLessThan(1e-6);
  });

  it('reports hard obligations that cannot be met as infeasible', () => {
    const p = smallProblem({ pMin: 500, hard: true });
    expect(solveScheduleLp(p, highs).status).toBe('infeasible');
    expect(solveScheduleLp(p, jslp).status).toBe('infeasible');
    // soft: solvable, with the deviation priced
    const soft = solveScheduleLp({ ...p, obligationPenaltyMuPerKwh: 2 }, highs);
    expect(soft.status).toBe('optimal');
    expect(evaluateSchedule({ ...p, obligationPenaltyMuPerKwh: 2 }, soft.schedule).obligationDeviationKwh).toBeGreaterThan(0);
  });

  it('keeps the matrix sparse (state variables, not cumulative sums)', () => {
    const m = buildScheduleLp(smallProblem({ pMin: 30, pMax: 50 }));
    expect(m.lp.coef.length).toBeLessThan(10 * m.lp.numRows);
  });
});

describe('PSO scheduler', () => {
  it('decodes any position into a schedule that meets power limits and envelopes', () => {
    const p = smallProblem({ v2g: true });
    const solved = solveSchedulePso(p, createRng(1, 't'), { particles: 2, iterations: 0, blockLen: 1 });
    expect(evaluateSchedule(p, solved.schedule).violation.energyKwh).toBeLessThan(1e-9);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 48, maxLength: 48 }), (xs) => {
        // a zero-iteration solve seeded with the position returns its decoded schedule
        const r = solveSchedulePso(p, createRng(2, 't'), { particles: 1, iterations: 0, blockLen: 1 }, Float64Array.from(xs));
        const ev = evaluateSchedule(p, r.schedule);
        expect(ev.violation.powerKw).toBeLessThan(1e-9);
        expect(ev.violation.energyKwh).toBeLessThan(1e-9);
      }),
      { numRuns: 40 }
    );
  });

  it('comes within 3% of the LP optimum on the small day', async () => {
    const highs = await createLpSolver('highs');
    const p = smallProblem({ v2g: true, pMin: 30, pMax: 50 });
    const lp = solveScheduleLp(p, highs);
    const ps = solveSchedulePso(p, createRng(3, 't'), { particles: 20, iterations: 100, blockLen: 1 });
    const ev = evaluateSchedule(p, ps.schedule);
    expect((ev.objective - lp.objective) / Math.abs(lp.objective)).toBeLessThan(0.03);
    expect(ev.objective).toBeGreaterThanOrEqual(lp.objective - 1e-6);
  });
});
