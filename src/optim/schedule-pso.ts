// PSO scheduler for the VP scheduling problem (schedule.ts).
//
// Encoding: one coordinate per (cluster, block of `blockLen` intervals) in [-1, 1]; within the
// block the cluster asks for net power x * pChMax[t] (x >= 0) or x * pDisMax[t] (x < 0).
// Constraint handling:
// 1. Repair decoder (per-cluster constraints hold by construction): walking forward in time, the
//    requested energy change is clamped to what the power limits allow from the current state and
//    to the backward-reachable band [Lr[t], Ur[t]], i.e. the states from which every later
//    envelope bound can still be met at full power. So power limits, the SoC floor and "every EV
//    reaches its target" are never violated by a decoded schedule.
// 2. Static penalties for the coupling constraints: obligation deviation (kWh) x the problem's
//    obligation penalty (or `hardPenaltyMuPerKwh` when the obligations are hard), and voltage
//    violation (p.u. x interval) x `voltagePenaltyMuPerPu`.
// The swarm is seeded with a "charge only when forced" particle (all zeros), a price-rank
// particle and, in rolling use, the previous solution shifted by one interval.
import type { Rng } from '../sim/rng.js';
import { pso, type PsoOptions } from './pso.js';
import { emptySchedule, evaluateSchedule, type Schedule, type SchedulingProblem } from './schedule.js';

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

/** Decodes a position into a schedule (writes into `out`). */
export function decodePosition(p: SchedulingProblem, reach: Reach[], blockLen: number, x: ArrayLike<number>, out: Schedule): void {
  const nB = Math.ceil(p.T / blockLen);
  for (let c = 0; c < p.clusters.length; c++) {
    const cl = p.clusters[c];
    const { lr, ur } = reach[c];
    const ch = out.ch[c], dis = out.dis[c];
    let e = 0;
    for (let t = 0; t < p.T; t++) {
      const xv = x[c * nB + Math.floor(t / blockLen)];
      const upMax = p.dtH * cl.etaCh * cl.pChMaxKw[t];
      const downMax = (p.dtH * cl.pDisMaxKw[t]) / cl.etaDis;
      let de = xv >= 0 ? xv * upMax : xv * downMax;
      let target = e + de;
      if (target < lr[t]) target = lr[t];
      if (target > ur[t]) target = ur[t];
      if (target > e + upMax) target = e + upMax;
      if (target < e - downMax) target = e - downMax;
      de = target - e;
      if (de >= 0) {
        ch[t] = upMax > 0 ? de / (p.dtH * cl.etaCh) : 0;
        dis[t] = 0;
      } else {
        ch[t] = 0;
        dis[t] = (-de * cl.etaDis) / p.dtH;
      }
      e = target;
    }
  }
}

/** Price-rank heuristic: charge hard in the cheapest blocks, discharge in the dearest. */
function priceRankPosition(p: SchedulingProblem, blockLen: number): Float64Array {
  const nB = Math.ceil(p.T / blockLen);
  const blockPrice = new Float64Array(nB);
  for (let b = 0; b < nB; b++) {
    let s = 0, n = 0;
    for (let t = b * blockLen; t < Math.min(p.T, (b + 1) * blockLen); t++, n++) s += p.priceMuPerKwh[t];
    blockPrice[b] = s / n;
  }
  const sorted = Array.from(blockPrice).sort((a, b) => a - b);
  const lo = sorted[Math.floor(0.25 * (nB - 1))], hi = sorted[Math.floor(0.9 * (nB - 1))];
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
  const f = (x: Float64Array): number => {
    decodePosition(p, reach, blockLen, x, work);
    const ev = evaluateSchedule(penalized, work);
    let vv = 0;
    if (p.voltageRows.length > 0) {
      for (const r of p.voltageRows) {
        let v = r.v0Pu;
        for (let c = 0; c < p.clusters.length; c++) v -= r.sensPuPerKw[c] * (work.ch[c][r.t] - work.dis[c][r.t]);
        vv += Math.max(0, r.vMinPu - v, v - r.vMaxPu);
      }
    }
    return ev.objective + vPenalty * vv;
  };
  const lb = new Float64Array(n).fill(-1), ub = new Float64Array(n).fill(1);
  const seeds: Float64Array[] = [new Float64Array(n), priceRankPosition(p, blockLen)];
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
