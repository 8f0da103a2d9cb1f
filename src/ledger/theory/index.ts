// Independent analytical model of the PoA pipeline (docs/ledger.md, "Theory"). Takes scenario
// parameters only; shares no code with the engine (test/ledger/theory.test.ts checks the imports).
import type { ResolvedPoa } from '../params.js';
import { mean as dmean, mix, quantile, type Dist } from './dist.js';
import { burstDtotal, fluidRun, type Crash } from './fluid.js';
import { pipeline, type TxClassTheory } from './pipeline.js';
import { missProbability, pastDeadline, saturationRate, servedThroughput, streamDelay, type Deadline } from './stream.js';

export { pipeline, type Pipeline, type TxClassTheory } from './pipeline.js';
export { saturationRate, servedThroughput, backloggedThroughput, streamDelay, cycleLaw, missProbability, type DelayPrediction, type Deadline } from './stream.js';
export { burstDtotal, fluidRun, type Crash } from './fluid.js';

export interface StreamPredictionInput {
  rate_tps: number;
  cls: TxClassTheory;
  deadline: Deadline;
  /** Length of the arrival stream, s (only matters with a crash). */
  duration_s: number;
  crash?: Crash | null;
}

export interface StreamPrediction {
  mean_s: number;
  p95_s: number;
  missProb: number;
  saturation_tps: number;
  saturated: boolean;
}

/** Mean and p95 of the transaction delay (submission to finality) and the deadline-miss probability. */
export function predictStream(p: ResolvedPoa, x: StreamPredictionInput): StreamPrediction {
  const k = pipeline(p, x.cls);
  const sat = saturationRate(k);
  // the delay and miss model is written for the basic rules (quorum finality); Clique's confirmations
  // and Aura's rolling finality are not in it
  if (k.rules !== 'basic') return { mean_s: NaN, p95_s: NaN, missProb: NaN, saturation_tps: sat, saturated: x.rate_tps >= sat };
  const base = streamDelay(k, x.rate_tps, x.deadline, { horizon_s: x.duration_s });
  if (!base) return { mean_s: NaN, p95_s: NaN, missProb: 1, saturation_tps: sat, saturated: true };
  let dist: Dist = base.dist;
  let expired = base.expired;
  const cr = x.crash ?? null;
  if (cr) {
    const r = x.rate_tps;
    const blocks = fluidRun(k, { A: (t) => r * Math.max(0, Math.min(t, x.duration_s)), Ainv: (c) => c / r, totalArrivals: r * x.duration_s, rate: (t) => (t < x.duration_s ? r : 0), crash: cr });
    // the transient: from the crash until the chain is back to blocks of a normal cycle's size
    const end = cr.at_s + cr.duration_s;
    let i0 = blocks.findIndex((b) => b.t >= cr.at_s);
    if (i0 < 0) i0 = blocks.length;
    let i1 = i0;
    // ... which includes the crashed validator's first turn after recovery (it must catch up first)
    let back = false;
    while (i1 < blocks.length && (!back || blocks[i1].n > 1.3 * r * base.meanCycle_s)) {
      if (blocks[i1].t >= end && blocks[i1].proposer === cr.validator) back = true;
      i1++;
    }
    const parts: [number, Dist][] = [];
    let inTransient = 0, expT = 0;
    for (let i = i0; i < Math.min(i1 + 1, blocks.length); i++) {
      const b = blocks[i];
      const Q = 8;
      for (let j = 0; j < Q; j++) {
        const arr = (b.c0 + ((j + 0.5) * b.n) / Q) / r;
        const e = pastDeadline(b.t - arr, x.deadline);
        expT += (e * b.n) / Q;
        if (e < 1) parts.push([((1 - e) * b.n) / Q, { v: b.final.v.map((f) => f - arr), w: b.final.w.slice() }]);
      }
      inTransient += b.n;
    }
    const rest = Math.max(0, r * x.duration_s - inTransient);
    dist = mix([...parts.map(([w, d]) => [w, normalize(d)] as [number, Dist]), [rest * (1 - base.expired), base.dist]]);
    expired = (expT + rest * base.expired) / (r * x.duration_s);
  }
  return { mean_s: dmean(dist), p95_s: quantile(dist, 0.95), missProb: expired + (1 - expired) * missProbability(dist, x.deadline), saturation_tps: sat, saturated: x.rate_tps >= sat };
}

function normalize(d: Dist): Dist {
  const s = d.w.reduce((a, b) => a + b, 0);
  return { v: d.v, w: d.w.map((x) => x / s) };
}

export interface SlotPredictionInput {
  perSlot: number;
  poissonCounts: boolean;
  spread_s: number;
  cls: TxClassTheory;
}

/** Mean and p95 over slots of D_total (slot start to the finality of its last transaction). */
export function predictSlotDtotal(p: ResolvedPoa, x: SlotPredictionInput): { mean_s: number; p95_s: number } {
  const k = pipeline(p, x.cls);
  const one = (N: number): number => {
    if (N <= 0) return 0;
    if (x.spread_s <= 0) return burstDtotal(k, N).dtotal_s;
    const s = x.spread_s;
    const blocks = fluidRun(k, { A: (t) => (N * Math.max(0, Math.min(t, s))) / s, Ainv: (c) => (c * s) / N, totalArrivals: N, rate: (t) => (t < s ? N / s : 0) });
    return dmean(blocks[blocks.length - 1].final);
  };
  if (!x.poissonCounts) {
    const d = one(x.perSlot);
    return { mean_s: d, p95_s: d };
  }
  // D_total over the Poisson law of the slot count, evaluated on its quantile grid
  const Q = 41, vals: number[] = [];
  const sd = Math.sqrt(x.perSlot);
  for (let i = 0; i < Q; i++) {
    const z = normalQuantile((i + 0.5) / Q);
    vals.push(one(Math.max(0, Math.round(x.perSlot + z * sd))));
  }
  const d: Dist = { v: vals, w: vals.map(() => 1) };
  return { mean_s: dmean(d), p95_s: quantile(d, 0.95) };
}

/** Standard normal quantile (Acklam's rational approximation). */
function normalQuantile(q: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (q < lo) {
    const t = Math.sqrt(-2 * Math.log(q));
    return (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
  }
  if (q > 1 - lo) return -normalQuantile(1 - q);
  const t = q - 0.5, r = t * t;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export { servedThroughput as theoryServed };
