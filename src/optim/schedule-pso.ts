// PSO scheduler for the VP scheduling problem (schedule.ts).
//
// Encoding: one coordinate x per (cluster, block of `blockLen` intervals) in [-1, 1]: within the
// block the cluster asks for net power x * pChMax[t] (x >= 0) or x * pDisMax[t] (x < 0); 0 holds
// the energy state (unless the reachable band forces charging).
// Constraint handling:
// 1. Repair decoder (per-cluster constraints hold by construction): walking forward in time, the
//    requested energy change is clamped to what the power limits allow from the current state and
//    to the backward-reachable band [Lr[t], Ur[t]], i.e. the states from which every later
//    envelope bound can still be met at full power. So power limits, the SoC floor and "every EV
//    reaches its target" are never violated by a decoded schedule.
// 2. Static penalties for the coupling constraints: obligation deviation (kWh) x the problem's
//    obligation penalty (or `hardPenaltyMuPerKwh` when the obligations are hard), and voltage
//    violation (p.u. x interval) x `voltagePenaltyMuPerPu`.
// The swarm is seeded with a greedy valley-filling particle (greedyPosition), a "charge only when
// forced" particle (all 0), four price-rank
// particles (charge at full power below the 15/30/45/60% block-price quantile, discharge in the
// dearest 8% of blocks, hold elsewhere) and, in rolling use, the previous solution.
import type { Rng } from '../sim/rng.js';
import { pso, type PsoOptions } from './pso.js';
import { emptySchedule, evaluateSchedule, rowVoltagesPu, v2gWaitPremium, type RowVoltages, type Schedule, type SchedulingProblem } from './schedule.js';

export interface SchedulePsoOptions extends Partial<PsoOptions> {
  blockLen?: number;
  hardPenaltyMuPerKwh?: number;
  voltagePenaltyMuPerPu?: number;
}

export interface SchedulePsoResult {
  schedule: Schedule;
  objective: number;
  /** Position vector of the best particle (for warm starts). */
  position: Float64Array;
  blockLen: number;
  iterations: number;
  evaluations: number;
  solveMs: number;
  history: number[];
}

interface Reach {
  lr: Float64Array;
  ur: Float64Array;
}

function reachBands(p: SchedulingProblem): Reach[] {
  return p.clusters.map((cl) => {
    const T = p.T;
    const lr = new Float64Array(T), ur = new Float64Array(T);
    lr[T - 1] = cl.eLowKwh[T - 1];
    ur[T - 1] = cl.eHighKwh[T - 1];
    for (let t = T - 2; t >= 0; t--) {
      lr[t] = Math.max(cl.eLowKwh[t], lr[t + 1] - p.dtH * cl.etaCh * cl.pChMaxKw[t + 1]);
      ur[t] = Math.min(cl.eHighKwh[t], ur[t + 1] + (p.dtH * cl.pDisMaxKw[t + 1]) / cl.etaDis);
    }
    return { lr, ur };
  });
}

/**
 * Decodes a position into a schedule (writes into `out`). Walks forward in time over all clusters
 * at once: each cluster's requested energy change is clamped to its power limits and reachable
 * band; then, if the aggregate misses an obligation band, the clusters' changes are pushed towards
 * it within their remaining room (proportionally), so obligations hold whenever the bands allow.
 */
export function decodePosition(p: SchedulingProblem, reach: Reach[], blockLen: number, x: ArrayLike<number>, out: Schedule): void {
  const nB = Math.ceil(p.T / blockLen);
  const nC = p.clusters.length;
  const e = new Float64Array(nC), de = new Float64Array(nC), upR = new Float64Array(nC), dnR = new Float64Array(nC);
  for (let t = 0; t < p.T; t++) {
    let net = 0;
    for (let c = 0; c < nC; c++) {
      const cl = p.clusters[c];
      const { lr, ur } = reach[c];
      const upMax = p.dtH * cl.etaCh * cl.pChMaxKw[t];
      const downMax = (p.dtH * cl.pDisMaxKw[t]) / cl.etaDis;
      const xv = x[c * nB + Math.floor(t / blockLen)];
      let hi = Math.min(ur[t], e[c] + upMax), lo = Math.max(lr[t], e[c] - downMax);
      if (t === 0 && cl.p0MinKw !== undefined && cl.p0MaxKw !== undefined) {
        // the executed interval inside the vehicles' exact net range
        hi = Math.min(hi, e[c] + batteryKwh(p, cl, Math.max(cl.p0MinKw, cl.p0MaxKw)));
        // (the decoder plans net power only: charge or discharge, so must-run charging is not offset)
        lo = Math.max(lo, e[c] + batteryKwh(p, cl, Math.max(cl.p0MinKw, Math.min(cl.p0ChMinKw ?? 0, cl.p0MaxKw))));
      }
      let target = e[c] + (xv >= 0 ? xv * upMax : xv * downMax);
      if (target > hi) target = hi;
      if (target < lo) target = Math.min(lo, hi);
      de[c] = target - e[c];
      upR[c] = Math.max(0, hi - target);
      dnR[c] = Math.max(0, target - Math.max(lo, Math.min(lo, hi)));
      net += gridKw(p, cl, de[c]);
    }
    // net power is piecewise linear in each cluster's energy change: a few proportional passes
    for (let pass = 0; pass < 3 && (net < p.pMinKw[t] - 1e-9 || net > p.pMaxKw[t] + 1e-9); pass++) {
      const raise = net < p.pMinKw[t];
      let roomKw = 0;
      for (let c = 0; c < nC; c++) roomKw += Math.abs(gridKw(p, p.clusters[c], de[c] + (raise ? upR[c] : -dnR[c])) - gridKw(p, p.clusters[c], de[c]));
      const gap = raise ? p.pMinKw[t] - net : net - p.pMaxKw[t];
      const f = roomKw > 0 ? Math.min(1, gap / roomKw) : 0;
      if (f === 0) break;
      net = 0;
      for (let c = 0; c < nC; c++) {
        const step = f * (raise ? upR[c] : -dnR[c]);
        de[c] += step;
        if (raise) {
          upR[c] -= step;
          dnR[c] += step;
        } else {
          dnR[c] += step;
          upR[c] -= step;
        }
        net += gridKw(p, p.clusters[c], de[c]);
      }
    }
    for (let c = 0; c < nC; c++) {
      const cl = p.clusters[c];
      if (de[c] >= 0) {
        out.ch[c][t] = cl.pChMaxKw[t] > 0 ? de[c] / (p.dtH * cl.etaCh) : 0;
        out.dis[c][t] = 0;
      } else {
        out.ch[c][t] = 0;
        out.dis[c][t] = (-de[c] * cl.etaDis) / p.dtH;
      }
      e[c] += de[c];
    }
  }
}

/** Battery-side energy change over one interval of a grid-side net power (kW). */
function batteryKwh(p: SchedulingProblem, cl: SchedulingProblem['clusters'][number], kw: number): number {
  return kw >= 0 ? kw * p.dtH * cl.etaCh : (kw * p.dtH) / cl.etaDis;
}

/** Grid-side net power (kW) of a battery-side energy change over one interval. */
function gridKw(p: SchedulingProblem, cl: SchedulingProblem['clusters'][number], de: number): number {
  return de >= 0 ? de / (p.dtH * cl.etaCh) : (de * cl.etaDis) / p.dtH;
}

/**
 * Greedy valley filling per cluster (no V2G, coupling ignored): visit intervals from the cheapest
 * up and charge there just enough to cover the largest later deficit below the lower envelope,
 * limited by the power limit and by the headroom under the upper envelope at every later interval.
 * Returned as power fractions per block (the PSO encoding).
 */
export function greedyPosition(p: SchedulingProblem, blockLen: number): Float64Array {
  const nB = Math.ceil(p.T / blockLen);
  const T = p.T;
  const order = Array.from({ length: T }, (_, t) => t).sort((a, b) => p.priceMuPerKwh[a] - p.priceMuPerKwh[b] || a - b);
  const x = new Float64Array(p.clusters.length * nB);
  const E = new Float64Array(T);
  const frac = new Float64Array(T);
  p.clusters.forEach((cl, c) => {
    E.fill(0);
    frac.fill(0);
    for (const t of order) {
      const upMax = p.dtH * cl.etaCh * cl.pChMaxKw[t];
      if (upMax <= 0) continue;
      let need = -Infinity, room = Infinity;
      for (let s = t; s < T; s++) {
        need = Math.max(need, cl.eLowKwh[s] - E[s]);
        room = Math.min(room, cl.eHighKwh[s] - E[s]);
      }
      const amt = Math.min(need, room, upMax * (1 - frac[t]));
      if (!(amt > 1e-12)) continue;
      frac[t] += amt / upMax;
      for (let s = t; s < T; s++) E[s] += amt;
    }
    for (let b = 0; b < nB; b++) {
      let sum = 0, n = 0;
      for (let t = b * blockLen; t < Math.min(T, (b + 1) * blockLen); t++, n++) sum += frac[t];
      x[c * nB + b] = sum / n;
    }
  });
  return x;
}

/** Price-rank heuristic: fill in the blocks below the price quantile `q`, stay low elsewhere. */
function priceRankPosition(p: SchedulingProblem, blockLen: number, q: number): Float64Array {
  const nB = Math.ceil(p.T / blockLen);
  const blockPrice = new Float64Array(nB);
  for (let b = 0; b < nB; b++) {
    let s = 0, n = 0;
    for (let t = b * blockLen; t < Math.min(p.T, (b + 1) * blockLen); t++, n++) s += p.priceMuPerKwh[t];
    blockPrice[b] = s / n;
  }
  const sorted = Array.from(blockPrice).sort((a, b) => a - b);
  const lo = sorted[Math.floor(q * (nB - 1))], hi = sorted[Math.floor(0.92 * (nB - 1))];
  const x = new Float64Array(p.clusters.length * nB);
  for (let c = 0; c < p.clusters.length; c++) {
    for (let b = 0; b < nB; b++) x[c * nB + b] = blockPrice[b] <= lo ? 1 : blockPrice[b] >= hi ? -1 : 0;
  }
  return x;
}

export function solveSchedulePso(
  p: SchedulingProblem,
  rng: Rng,
  options: SchedulePsoOptions = {},
  warmStart?: Float64Array
): SchedulePsoResult {
  const t0 = performance.now();
  const blockLen = Math.max(1, options.blockLen ?? 6);
  const nB = Math.ceil(p.T / blockLen);
  const n = p.clusters.length * nB;
  const reach = reachBands(p);
  const work = emptySchedule(p);
  const oblPenalty = p.obligationPenaltyMuPerKwh ?? options.hardPenaltyMuPerKwh ?? 50;
  const vPenalty = options.voltagePenaltyMuPerPu ?? 1e5;
  const penalized: SchedulingProblem = { ...p, obligationPenaltyMuPerKwh: oblPenalty };
  const wait = v2gWaitPremium(p);
  const v: RowVoltages = { low: 0, high: 0 };
  const f = (x: Float64Array): number => {
    decodePosition(p, reach, blockLen, x, work);
    const ev = evaluateSchedule(penalized, work, wait);
    let vv = 0;
    if (p.voltageRows.length > 0) {
      for (const r of p.voltageRows) {
        rowVoltagesPu(r, work, v);
        vv += Math.max(0, r.vMinPu - v.low, v.high - r.vMaxPu);
      }
    }
    return ev.objective + vPenalty * vv;
  };
  const lb = new Float64Array(n).fill(-1), ub = new Float64Array(n).fill(1);
  const seeds: Float64Array[] = [greedyPosition(p, blockLen), new Float64Array(n), ...[0.15, 0.3, 0.45, 0.6].map((q) => priceRankPosition(p, blockLen, q))];
  if (warmStart && warmStart.length === n) seeds.unshift(warmStart);
  const r = pso(f, lb, ub, rng, options, seeds);
  const schedule = emptySchedule(p);
  decodePosition(p, reach, blockLen, r.x, schedule);
  return {
    schedule,
    objective: r.value,
    position: r.x,
    blockLen,
    iterations: r.iterations,
    evaluations: r.evaluations,
    solveMs: performance.now() - t0,
    history: r.history,
  };
}

/** Shifts a position by `steps` intervals for a rolling warm start (same block length). */
export function shiftPosition(prev: Float64Array, nClusters: number, oldT: number, newT: number, blockLen: number): Float64Array {
  const oldB = Math.ceil(oldT / blockLen), newB = Math.ceil(newT / blockLen);
  const out = new Float64Array(nClusters * newB);
  const drop = oldB - newB;
  for (let c = 0; c < nClusters; c++) for (let b = 0; b < newB; b++) out[c * newB + b] = prev[c * oldB + Math.min(oldB - 1, b + Math.max(0, drop))];
  return out;
}
