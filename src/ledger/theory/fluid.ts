// Deterministic (fluid) recursion of the block cycle for non-stationary stretches: a slot whose
// transactions arrive together or over a spread, and a validator crash with its recovery. Arrivals
// are a cumulative count A(t); a block takes everything available at its proposer (up to nMax), the
// next one follows after the critical path, the CPU budget and the step grid. A crashed validator
// is skipped as proposer after proposerTimeout_s, queues the blocks it missed and must execute them
// all before it can propose again (a stall of the chain at its turn), and its acknowledgement does not
// count while it is down or behind.
import { add, point, type Dist } from './dist.js';
import { blockSend, ceilStep, exec, finalityAfterExec, type Pipeline } from './pipeline.js';
import { mean } from './dist.js';

export interface Crash {
  validator: number;
  at_s: number;
  duration_s: number;
}

export interface FluidInput {
  /** Cumulative arrivals by time t. */
  A: (t: number) => number;
  /** Inverse of A: time of the x-th arrival (x in (0, total]). */
  Ainv: (x: number) => number;
  totalArrivals: number;
  /** Arrival rate at time t (for the gateway share of the CPU budget). */
  rate: (t: number) => number;
  crash?: Crash | null;
  /** Start of the recursion (no block before it); the chain may be warm (steady cycle) at start. */
  t0?: number;
  /** Blocks already built before t0 (sets whose turn comes first). */
  height0?: number;
}

export interface FluidBlock {
  t: number;
  proposer: number;
  n: number;
  /** Cumulative arrival index range (c0, c1]. */
  c0: number;
  c1: number;
  final: Dist;
}

export function fluidRun(k: Pipeline, x: FluidInput): FluidBlock[] {
  const out: FluidBlock[] = [];
  const cr = x.crash ?? null;
  const down = (t: number) => cr !== null && t >= cr.at_s && t < cr.at_s + cr.duration_s;
  const { p } = k;
  const delta = p.clientLatency_s + k.check + meanLatency(k);
  let t = x.t0 ?? 0, h = x.height0 ?? 0, inc = 0;
  let prev: FluidBlock | null = null;
  let vFree = -Infinity; // when the crashed validator has executed and committed everything it received
  const runV = (start: number, work: number): number => {
    if (!cr) return start + work;
    const a = cr.at_s, b = cr.at_s + cr.duration_s;
    let s = start;
    if (s >= a && s < b) s = b;
    return s < a && s + work > a ? s + work + (b - a) : s + work;
  };
  for (let guard = 0; inc < x.totalArrivals - 1e-9 && guard < 100_000; guard++) {
    let pr = h % k.M;
    let due = prev ? prev.t + k.T : 0;
    const firstAvail = x.Ainv(Math.min(x.totalArrivals, inc + 1)) + delta;
    let ready = firstAvail;
    if (prev) {
      const cycle = (to: number) => prev!.t + rawCycleMean(k, prev!.n, prev!.proposer, to, x.rate(prev!.t), down(prev!.t) ? k.M - 1 : k.M);
      if (cr && pr === cr.validator && down(due)) {
        pr = (pr + 1) % k.M;
        due += p.proposerTimeout_s;
      }
      ready = Math.max(ready, cycle(pr));
      if (cr && pr === cr.validator) ready = Math.max(ready, vFree);
    }
    const tb = ceilStep(k, Math.max(due, ready));
    const n = Math.min(k.nMax, Math.max(0, x.A(tb - delta) - inc));
    if (n <= 0) {
      t = tb;
      continue;
    }
    const xe = exec(k, n);
    const excluded = new Set<number>();
    if (cr && cr.validator !== pr) {
      const arrive = tb + xe + p.lat[pr][cr.validator];
      if (down(arrive) || vFree > arrive) excluded.add(cr.validator);
      vFree = runV(Math.max(arrive, vFree), xe + k.commit);
    } else if (cr) vFree = tb + xe + k.commit;
    const fin = add(point(tb + xe), finalityAfterExec(k, pr, n, excluded));
    const b: FluidBlock = { t: tb, proposer: pr, n, c0: inc, c1: inc + n, final: fin };
    out.push(b);
    inc += n;
    prev = b;
    t = tb;
    h++;
  }
  void t;
  return out;
}

function rawCycleMean(k: Pipeline, n: number, from: number, to: number, rate: number, cpus: number): number {
  const xe = exec(k, n);
  const send = mean(blockSend(k, from, to, n));
  const path = xe + send + xe + k.commit;
  const util = (rate * k.check) / cpus;
  const cpu = util < 1 ? (xe + k.commit) / (1 - util) : Infinity;
  return Math.max(k.T, path, cpu);
}

/** Mean one-way latency between distinct B/As. */
export function meanLatency(k: Pipeline): number {
  if (k.M < 2) return 0;
  let s = 0;
  for (let i = 0; i < k.M; i++) for (let j = 0; j < k.M; j++) if (i !== j) s += k.p.lat[i][j];
  return s / (k.M * (k.M - 1));
}

/**
 * D_total of a burst: N transactions submitted together at 0. The gateways check them in parallel
 * (each B/A takes N/M in rotation); the first proposer starts once its own checks are done (at a step
 * boundary) with everything that has reached it; then blocks of up to nMax follow the cycle.
 */
export function burstDtotal(k: Pipeline, N: number): { dtotal_s: number; blocks: number } {
  const { p } = k;
  const cl = p.clientLatency_s;
  const share = (g: number) => Math.floor(N / k.M) + (g < N % k.M ? 1 : 0);
  const first = ceilStep(k, Math.max(cl + k.check, cl + share(0) * k.check));
  // available at proposer 0 by `first`: all of its own, and of gateway g those checked one transfer earlier
  let n1 = 0;
  for (let g = 0; g < k.M; g++) {
    const lead = g === 0 ? 0 : p.lat[g][0] + (8 * k.S) / p.bandwidth_bps;
    n1 += Math.min(share(g), Math.max(0, Math.floor((first - lead - cl) / k.check + 1e-9)));
  }
  n1 = Math.min(k.nMax, Math.max(1, n1));
  let t = first, n = n1, left = N - n1, pr = 0, blocks = 1;
  while (left > 0) {
    const to = (pr + 1) % k.M;
    t = ceilStep(k, t + rawCycleMean(k, n, pr, to, 0, k.M));
    pr = to;
    n = Math.min(k.nMax, left);
    left -= n;
    blocks++;
  }
  return { dtotal_s: t + exec(k, n) + mean(finalityAfterExec(k, pr, n)), blocks };
}
