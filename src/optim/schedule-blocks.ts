// Move blocking for the rolling scheduling LP: the first intervals of the horizon (the one executed
// and the near future) stay exact, the rest are merged into coarser blocks in which each cluster
// charges and discharges at one average power. A standard model-predictive-control reduction: the
// LP's size then depends on the horizon's length in hours, not on its number of intervals, so the
// day's cost grows about linearly in the number of intervals instead of quadratically.
//
// A block never spans a change of the energy price, the V2G price or an obligation bound, so its
// energy cost and its obligation row are exact for its average power. Within a block the LP sees
// (schedule-lp.ts): the mean of the clusters' per-interval power limits (a relaxation: any schedule
// feasible on the intervals has a block average inside them), the energy envelope at the block's
// end only (also a relaxation), and every voltage/branch row of the block's intervals applied to the
// block's power. The plan beyond the exact window is re-planned every interval before it is
// executed, so blocking costs optimality, never realizability (the executed interval is exact).

import type { SchedulingProblem } from './schedule.js';

export interface MoveBlocking {
  /** Intervals from the start of the horizon kept exact (one LP period each), at least 1. */
  exactIntervals: number;
  /** Largest number of intervals one block merges (>= 1; 1 = no blocking). */
  blockIntervals: number;
}

/**
 * Start interval of every LP period (ascending, first 0) and, last, T: period b covers intervals
 * starts[b]..starts[b+1]-1. Without blocking (or blockIntervals <= 1) every interval is a period.
 */
export function blockStarts(p: SchedulingProblem, blocking?: MoveBlocking | null): Int32Array {
  const T = p.T;
  if (!blocking || blocking.blockIntervals <= 1 || blocking.exactIntervals >= T) return Int32Array.from({ length: T + 1 }, (_, t) => t);
  const exact = Math.max(1, Math.floor(blocking.exactIntervals));
  const maxLen = Math.max(1, Math.floor(blocking.blockIntervals));
  const v2g = p.v2gPriceMuPerKwh ?? p.priceMuPerKwh;
  const out: number[] = [];
  for (let t = 0; t < Math.min(exact, T); t++) out.push(t);
  let start = exact;
  for (let t = exact; t < T; t++) {
    const change = t > start && (p.priceMuPerKwh[t] !== p.priceMuPerKwh[t - 1] || v2g[t] !== v2g[t - 1] || !sameBound(p.pMinKw[t], p.pMinKw[t - 1]) || !sameBound(p.pMaxKw[t], p.pMaxKw[t - 1]));
    if (t === start || change || t - start >= maxLen) {
      out.push(t);
      start = t;
    }
  }
  out.push(T);
  return Int32Array.from(out);
}

function sameBound(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
