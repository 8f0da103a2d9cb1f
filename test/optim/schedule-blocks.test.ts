import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLpSolver } from '../../src/optim/lp.js';
import { evaluateSchedule, type ClusterEnvelope, type SchedulingProblem } from '../../src/optim/schedule.js';
import { blockStarts } from '../../src/optim/schedule-blocks.js';
import { buildScheduleLp, solveScheduleLp } from '../../src/optim/schedule-lp.js';
import { createRng } from '../../src/sim/rng.js';

/**
 * A random day: T intervals of 15 min, prices in steps, clusters whose vehicles leave at random
 * intervals (the power limit drops, the energy they need is due then), an obligation window.
 */
function randomProblem(seed: number, T: number, v2g: boolean): SchedulingProblem {
  const rng = createRng(seed, 'blocks');
  const dtH = 0.25;
  const price = new Float64Array(T);
  let level = rng.uniform(0.05, 0.3);
  for (let t = 0; t < T; t++) {
    if (rng.bernoulli(0.15)) level = rng.uniform(0.05, 0.3);
    price[t] = level;
  }
  const clusters: ClusterEnvelope[] = [];
  const nC = 1 + Math.floor(rng.uniform(0, 3));
  for (let c = 0; c < nC; c++) {
    const nEv = 2 + Math.floor(rng.uniform(0, 4));
    const pCh = new Float64Array(T), pDis = new Float64Array(T), lo = new Float64Array(T), hi = new Float64Array(T);
    for (let v = 0; v < nEv; v++) {
      const p = rng.uniform(3, 11), dep = Math.min(T, Math.floor(rng.uniform(T / 3, T + 4)));
      const need = Math.min(rng.uniform(5, 30), 0.9 * p * dtH * dep);
      for (let t = 0; t < dep; t++) {
        pCh[t] += p;
        if (v2g) pDis[t] += p / 2;
      }
      let reach = 0;
      for (let t = 0; t < T; t++) {
        if (t < dep) reach += 0.92 * p * dtH;
        hi[t] += Math.min(reach, need * 1.5);
        if (t >= dep - 1) lo[t] += need;
      }
    }
    clusters.push({ id: `c${c}`, pChMaxKw: pCh, pDisMaxKw: pDis, eLowKwh: lo, eHighKwh: hi, etaCh: 0.92, etaDis: 0.92 });
  }
  const pMinKw = new Float64Array(T).fill(-Infinity), pMaxKw = new Float64Array(T).fill(Infinity);
  const w0 = Math.floor(rng.uniform(0, T / 2)), w1 = Math.min(T, w0 + 1 + Math.floor(rng.uniform(0, T / 3)));
  for (let t = w0; t < w1; t++) {
    pMinKw[t] = 2;
    pMaxKw[t] = 25;
  }
  return { T, dtH, priceMuPerKwh: price, degradationMuPerKwh: 0.02, clusters, pMinKw, pMaxKw, obligationPenaltyMuPerKwh: 2, voltageRows: [] };
}

describe('move blocking of the scheduling LP', async () => {
  const highs = await createLpSolver('highs');

  it('partitions the horizon: exact window, blocks no longer than asked, none spanning a price or obligation change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 8 }), (seed, T, exact, len) => {
        const p = randomProblem(seed, T, false);
        const s = blockStarts(p, { exactIntervals: exact, blockIntervals: len });
        expect(s[0]).toBe(0);
        expect(s[s.length - 1]).toBe(T);
        for (let b = 0; b + 1 < s.length; b++) {
          expect(s[b + 1]).toBeGreaterThan(s[b]);
          if (s[b] < exact) expect(s[b + 1] - s[b]).toBe(1);
          expect(s[b + 1] - s[b]).toBeLessThanOrEqual(len);
          for (let t = s[b] + 1; t < s[b + 1]; t++) {
            expect(p.priceMuPerKwh[t]).toBe(p.priceMuPerKwh[s[b]]);
            expect(p.pMinKw[t]).toBe(p.pMinKw[s[b]]);
            expect(p.pMaxKw[t]).toBe(p.pMaxKw[s[b]]);
          }
        }
      }),
      { numRuns: 200 }
    );
    // no blocking: every interval a period
    const p = randomProblem(1, 12, false);
    expect(Array.from(blockStarts(p, null))).toEqual(Array.from({ length: 13 }, (_, t) => t));
    expect(Array.from(blockStarts(p, { exactIntervals: 2, blockIntervals: 1 }))).toEqual(Array.from({ length: 13 }, (_, t) => t));
  });

  it('builds the same LP as without blocking when every block is one interval', () => {
    for (const seed of [1, 2, 3]) {
      const p = randomProblem(seed, 30, true);
      const a = buildScheduleLp(p).lp, b = buildScheduleLp(p, { exactIntervals: 3, blockIntervals: 1 }).lp;
      for (const k of ['colLower', 'colUpper', 'colCost', 'rowLower', 'rowUpper', 'rowStart', 'colIndex', 'coef'] as const) expect(b[k]).toEqual(a[k]);
    }
  });

  it('is a relaxation (lower or equal LP optimum) and keeps the executed interval inside its exact limits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 4, max: 48 }), fc.boolean(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 8 }), (seed, T, v2g, exact, len) => {
        const p = randomProblem(seed, T, v2g);
        const fine = solveScheduleLp(p, highs);
        const blocked = solveScheduleLp(p, highs, { blocking: { exactIntervals: exact, blockIntervals: len }, presolve: false });
        expect(blocked.status).toBe(fine.status);
        if (fine.status !== 'optimal') return;
        // prices are constant within a block, so a fine schedule's block averages cost the same and
        // meet the blocked rows (mean limits, envelope at block ends): the blocked optimum is lower or equal
        expect(blocked.objective).toBeLessThanOrEqual(fine.objective + 1e-6 * Math.max(1, Math.abs(fine.objective)));
        const s = blocked.schedule;
        for (let c = 0; c < p.clusters.length; c++) {
          const cl = p.clusters[c];
          expect(s.ch[c][0]).toBeLessThanOrEqual(cl.pChMaxKw[0] + 1e-6);
          expect(s.dis[c][0]).toBeLessThanOrEqual(cl.pDisMaxKw[0] + 1e-6);
          // the energy at the end of every exact interval and of every block is inside the envelope
          const starts = blockStarts(p, { exactIntervals: exact, blockIntervals: len });
          let e = 0, b = 1;
          for (let t = 0; t < T; t++) {
            e += p.dtH * (cl.etaCh * s.ch[c][t] - s.dis[c][t] / cl.etaDis);
            if (t === starts[b] - 1) {
              expect(e).toBeGreaterThanOrEqual(cl.eLowKwh[t] - 1e-6);
              expect(e).toBeLessThanOrEqual(cl.eHighKwh[t] + 1e-6);
              b++;
            }
          }
        }
        // an exact window over the whole horizon is the fine problem (obligations are soft: priced, not violations)
        if (exact >= T) {
          const ev = evaluateSchedule(p, s);
          expect(Math.max(ev.violation.powerKw, ev.violation.energyKwh)).toBeLessThan(1e-6);
          expect(Math.abs(blocked.objective - fine.objective)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fine.objective)));
        }
      }),
      { numRuns: 60 }
    );
  });

  it('makes the LP size depend on the horizon in hours, not on its number of intervals', () => {
    const sizes = [48, 96, 192].map((T) => {
      const p = randomProblem(5, T, true);
      // the same day at finer steps: constant prices, a 2-hour exact window, 1-hour blocks
      const perH = T / 12;
      const m = buildScheduleLp({ ...p, priceMuPerKwh: new Float64Array(T).fill(0.1), pMinKw: new Float64Array(T).fill(-Infinity), pMaxKw: new Float64Array(T).fill(Infinity) }, { exactIntervals: 2 * perH, blockIntervals: perH });
      return m.periods - 2 * perH;
    });
    expect(sizes).toEqual([10, 10, 10]);
  });
});
