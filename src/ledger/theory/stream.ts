// Steady Poisson stream through the PoA pipeline: an embedded Markov chain of the block cycle.
// A block of n transactions sets the next cycle Z' = next step boundary after the critical path and
// CPU budget (pipeline.ts); the next block holds the arrivals of one cycle, n' ~ Poisson(rate Z').
// The stationary law of Z gives, for an arrival at a uniform phase of a length-biased cycle, its wait
// for the next build (or the one after, when its gateway check and gossip miss the cut-off), plus the
// proposer's execution and the quorum order statistic: the delay distribution, its mean and p95 and
// the probability of missing a deadline.
import { cdf, mean, mix, poissonRange, quantile, shift, type Dist } from './dist.js';
import { blockSend, ceilStep, exec, finalityAfterExec, linkDelay, rawCycle, type Pipeline } from './pipeline.js';

export interface DelayPrediction {
  /** Delay of the transactions that become final (those expired before inclusion are not). */
  mean_s: number;
  p95_s: number;
  /** Probability that a transaction is not final by its deadline. */
  missProb: number;
  meanCycle_s: number;
  meanBlockTx: number;
  /** Delay distribution of the final transactions. */
  dist: Dist;
  /** Share of transactions whose deadline passed before their block was built (dropped). */
  expired: number;
}

/** P(deadline before t after submission), deadline = deadline_s + U[0, spread]. */
export function pastDeadline(t: number, dl: Deadline): number {
  if (dl.deadline_s === null) return 0;
  const x = t - dl.deadline_s;
  return dl.deadlineSpread_s > 0 ? Math.min(1, Math.max(0, x / dl.deadlineSpread_s)) : x > 1e-9 ? 1 : 0;
}

export interface Deadline {
  deadline_s: number | null;
  deadlineSpread_s: number;
}

/** P(final after its deadline) for a delay distribution of final transactions; deadline = deadline_s + U[0, spread]
 * (conditioned on not having expired before the build is ignored: the deadline is drawn independently). */
export function missProbability(d: Dist, dl: Deadline): number {
  if (dl.deadline_s === null) return 0;
  let s = 0, W = 0;
  for (let i = 0; i < d.v.length; i++) {
    const x = d.v[i] - dl.deadline_s;
    const p = dl.deadlineSpread_s > 0 ? Math.min(1, Math.max(0, x / dl.deadlineSpread_s)) : x > 1e-9 ? 1 : 0;
    s += p * d.w[i];
    W += d.w[i];
  }
  return s / W;
}

/** How the next block's step is pushed: by `o` seconds (a multiple of T) with probability `p`;
 * `miss` is the share of the window's arrivals not checked and gossiped by the (pushed) build. */
export interface Push {
  o: number;
  p: number;
  miss: number;
}

/**
 * Gateway checks behind a block: once block k is built, every B/A's CPU is booked for it (the
 * proposer until X + V0, the others until the next proposer's critical path ends), so the arrivals
 * of the next window queue behind those bookings and go to the earliest-free CPU. Arrivals are laid
 * at their mean spacing 1/rate. A proposer still busy at its step proposes at the first step
 * boundary after its CPU is free (docs/ledger.md, rule 4), so the step is pushed: by as many steps
 * as the checks queued behind the bookings need (a backlog: under sustained load the queue of checks
 * outlasts the critical path), or by one step with the probability that a check of a transaction
 * that just arrived is running on the next proposer. Returns the pushes with their probabilities
 * and the share of the window's arrivals that miss the (pushed) build.
 */
export function gatewayPass(k: Pipeline, rate: number, o: number, x: number, from: number, to: number, step: number): Push[] {
  if (rate <= 0) return [{ o: 0, p: 1, miss: 0 }];
  const cl = k.p.clientLatency_s, s = k.check;
  const free = new Float64Array(k.M);
  for (let j = 0; j < k.M; j++) free[j] = j === from ? o + x + k.commit : o + x + k.p.lat[from][j] + x + k.commit;
  free[to] = Math.max(free[to], o + x + k.p.lat[from][to] + x + k.commit);
  const done: number[] = [];
  let rr = 0;
  const last = step - cl - s;
  const lay = (u: number): number => {
    const t = u + cl;
    let best = -1, bf = Infinity;
    const off = rr++ % k.M;
    for (let i0 = 0; i0 < k.M; i0++) {
      const i = (i0 + off) % k.M;
      const f = Math.max(free[i], t);
      if (f < bf) { bf = f; best = i; }
    }
    free[best] = bf + s;
    return best;
  };
  let u = 0.5 / rate;
  for (; u < last; u += 1 / rate) {
    const best = lay(u);
    // included when checked and gossiped by the build
    done.push(free[best] + (best === to ? 0 : k.p.lat[best][to] + (8 * k.S) / k.p.bandwidth_bps));
  }
  const missBy = (oo: number): number => {
    if (!done.length) return 0;
    let m = 0;
    for (const d of done) if (d > step + oo) m++;
    return m / done.length;
  };
  // arrivals of the last cl + s before the step: each reaches the next proposer when it is the idle
  // CPU chosen (in rotation among the idle ones)
  let idle = 0;
  for (let j = 0; j < k.M; j++) if (free[j] <= last) idle++;
  if (free[to] > step - 1e-9) {
    // a backlog of checks on the next proposer: the submissions up to the step queue as well, and it
    // proposes at the first boundary after its CPU is free
    for (; u < step; u += 1 / rate) lay(u);
    const oo = Math.max(k.T, ceilStep(k, free[to]) - step);
    return [{ o: oo, p: 1, miss: missBy(oo) }];
  }
  if (free[to] > last && idle === 0) return [{ o: k.T, p: 1, miss: missBy(k.T) }];
  const share = free[to] <= last ? 1 / Math.max(1, idle) : 0;
  const push = 1 - Math.exp(-rate * (cl + s) * share);
  return [{ o: 0, p: 1 - push, miss: missBy(0) }, { o: k.T, p: push, miss: missBy(k.T) }].filter((g) => g.p > 0);
}

/** A chain state: window W (s between two steps) and whether its block was pushed a step (o = T). */
interface State {
  W: number;
  o: number;
}
const key = (s: State) => `${Math.round(s.W * 1e6)}|${Math.round(s.o * 1e6)}`;

export interface CycleLaw {
  /** Stationary probabilities of the states, or with a finite horizon the expected number of visits
   * of each state from an empty start until the windows add up to the horizon. */
  states: { W: number; o: number; p: number }[];
  /** Transitions from a state: next state, probability, and the miss share of the next window. */
  next: (W: number, o: number) => { W: number; o: number; p: number; miss: number }[];
}

/**
 * Share of a window's arrivals still valid when its block is built: an arrival at a uniform phase u
 * of the window W waits W - u + o (o: the push of the build); those whose deadline passes first are
 * dropped by the proposer and do not add to the block (nor to its execution time).
 */
export function keptShare(W: number, o: number, dl: Deadline | null): number {
  if (!dl || dl.deadline_s === null) return 1;
  const Q = 16;
  let s = 0;
  for (let i = 0; i < Q; i++) s += 1 - pastDeadline(W - ((i + 0.5) * W) / Q + o, dl);
  return s / Q;
}

/** Stationary law of the block windows at a Poisson rate (embedded Markov chain). */
export function cycleLaw(k: Pipeline, rate: number, cpusUp = k.M, horizon_s = Infinity, dl: Deadline | null = null): CycleLaw {
  const trans = new Map<string, { W: number; o: number; p: number; miss: number }[]>();
  const step = (st: State) => {
    const kk = key(st);
    const hit = trans.get(kk);
    if (hit) return hit;
    const acc = new Map<string, { W: number; o: number; p: number; miss: number }>();
    // the block holds the window's arrivals whose deadline has not passed by the build
    const kept = rate * st.W * keptShare(st.W, st.o, dl);
    const { n0, p } = poissonRange(kept);
    const nMean = Math.min(k.nMax, kept);
    const pass = new Map<string, Push[]>();
    for (let i = 0; i < p.length; i++) {
      if (p[i] < 1e-13) continue;
      const n = Math.min(k.nMax, n0 + i);
      for (let from = 0; from < k.M; from++) {
        const to = (from + 1) % k.M;
        const send = blockSend(k, from, to, n);
        for (let a = 0; a < send.v.length; a++) {
          const zc = ceilStep(k, rawCycle(k, n, send.v[a], rate, cpusUp, st.o));
          const pk = `${from}|${zc}`;
          let g = pass.get(pk);
          if (!g) pass.set(pk, (g = gatewayPass(k, rate, st.o, exec(k, nMean), from, to, st.o + zc)));
          const pr = (p[i] * send.w[a]) / k.M;
          for (const { o: oo, p: po, miss: gm } of g) {
            if (po <= 0) continue;
            const ns = { W: st.o + zc, o: oo };
            const nk = key(ns);
            const e = acc.get(nk);
            if (e) {
              e.miss = (e.miss * e.p + gm * pr * po) / (e.p + pr * po);
              e.p += pr * po;
            } else acc.set(nk, { ...ns, p: pr * po, miss: gm });
          }
        }
      }
    }
    const out = [...acc.values()];
    trans.set(kk, out);
    return out;
  };
  let dist = new Map<string, { W: number; o: number; p: number }>([[key({ W: k.T, o: 0 }), { W: k.T, o: 0, p: 1 }]]);
  const visits = new Map<string, { W: number; o: number; p: number }>();
  let elapsed = 0;
  for (let it = 0; it < 3000; it++) {
    if (Number.isFinite(horizon_s)) {
      for (const [kk, e] of dist) {
        const v = visits.get(kk);
        if (v) v.p += e.p;
        else visits.set(kk, { ...e });
        elapsed += e.p * e.W;
      }
      if (elapsed >= horizon_s) break;
    }
    const nx = new Map<string, { W: number; o: number; p: number }>();
    for (const s0 of dist.values()) for (const t of step(s0)) {
      const kk = key(t);
      const e = nx.get(kk);
      if (e) e.p += s0.p * t.p;
      else nx.set(kk, { W: t.W, o: t.o, p: s0.p * t.p });
    }
    for (const [kk, e] of nx) if (e.p < 1e-12) nx.delete(kk);
    const tot = [...nx.values()].reduce((a, b) => a + b.p, 0);
    for (const e of nx.values()) e.p /= tot;
    let diff = 0;
    for (const kk of new Set([...nx.keys(), ...dist.keys()])) diff += Math.abs((nx.get(kk)?.p ?? 0) - (dist.get(kk)?.p ?? 0));
    dist = nx;
    if (!Number.isFinite(horizon_s) && diff < 1e-10) break;
    if (!Number.isFinite(horizon_s) && Math.max(...[...dist.values()].map((e) => e.W)) * rate > 50 * k.nMax) break;
  }
  const out = Number.isFinite(horizon_s) ? visits : dist;
  return { states: [...out.values()].sort((a, b) => a.W - b.W || a.o - b.o), next: (W, o) => step({ W, o }) };
}

/**
 * Mean window between two steps when every block holds n transactions at a Poisson rate: the cycle
 * (critical path, CPU budget, step grid) plus the push of the next proposer's step by the gateway
 * checks queued behind the block's CPU bookings (gatewayPass). The push of one block shifts the next
 * cycle, so the pushes form a small Markov chain over their sizes, followed to its stationary law.
 */
export function meanWindow(k: Pipeline, n: number, rate: number, cpusUp = k.M): number {
  const x = exec(k, n);
  const sends = Array.from({ length: k.M }, (_, from) => mean(blockSend(k, from, (from + 1) % k.M, n)));
  if (k.rules !== 'basic') {
    // Clique: the next header time is the parent's + one period, and the in-turn signer seals then
    // or once it has imported the parent and is free (no step grid, no push); Aura: the first step
    // by which the next primary has imported the parent. Out-of-turn seals (forks) are not modelled.
    let W = 0;
    for (let from = 0; from < k.M; from++) {
      const raw = rawCycle(k, n, sends[from], rate, cpusUp);
      W += (k.rules === 'clique' ? raw : ceilStep(k, raw)) / k.M;
    }
    return W;
  }
  const memo = new Map<number, { W: number; next: Push[] }>();
  const at = (o: number) => {
    const kk = Math.round(o * 1e6);
    let e = memo.get(kk);
    if (!e) {
      let W = 0;
      const next = new Map<number, Push>();
      for (let from = 0; from < k.M; from++) {
        const zc = ceilStep(k, rawCycle(k, n, sends[from], rate, cpusUp, o));
        if (!Number.isFinite(zc)) return { W: Infinity, next: [] };
        W += (o + zc) / k.M;
        for (const g of gatewayPass(k, rate, o, x, from, (from + 1) % k.M, o + zc)) {
          const q = next.get(g.o);
          if (q) q.p += g.p / k.M;
          else next.set(g.o, { o: g.o, p: g.p / k.M, miss: 0 });
        }
      }
      memo.set(kk, (e = { W, next: [...next.values()] }));
    }
    return e;
  };
  let dist = new Map<number, number>([[0, 1]]);
  let W = 0;
  for (let it = 0; it < 200; it++) {
    W = 0;
    const nx = new Map<number, number>();
    for (const [o, p] of dist) {
      const e = at(o);
      if (!Number.isFinite(e.W)) return Infinity;
      W += p * e.W;
      for (const g of e.next) nx.set(g.o, (nx.get(g.o) ?? 0) + p * g.p);
    }
    let diff = 0;
    for (const o of new Set([...nx.keys(), ...dist.keys()])) diff += Math.abs((nx.get(o) ?? 0) - (dist.get(o) ?? 0));
    dist = nx;
    if (diff < 1e-9) break;
  }
  return W;
}

/**
 * Saturation throughput: the largest Poisson rate for which a window Z exists with
 * mean next window <= Z (cycle and pushes, meanWindow) while the block still fits (rate Z <= nMax),
 * or for which full blocks are served at least as fast as they arrive. The mean next window grows
 * with Z (a longer window holds a bigger block), so iterating it from one step converges to the
 * smallest such Z when one exists.
 */
export function saturationRate(k: Pipeline, cpusUp = k.M): number {
  let memo = satMemo.get(k);
  if (!memo) satMemo.set(k, (memo = new Map()));
  const hit = memo.get(cpusUp);
  if (hit !== undefined) return hit;
  const stable = (rate: number): boolean => {
    const zMax = k.nMax / rate;
    let z = k.T;
    for (let it = 0; it < 400 && z <= zMax + 1e-9; it++) {
      const next = meanWindow(k, rate * z, rate, cpusUp);
      if (next <= z + 1e-6) return true;
      z = next;
    }
    // the block limit is reached: stable while full blocks are served at least as fast as they arrive
    return z > zMax && meanWindow(k, k.nMax, rate, cpusUp) <= zMax + 1e-9;
  };
  let lo = 0, hi = cpusUp / Math.max(k.check, 1e-9);
  hi = Math.min(hi, 1 / Math.max(k.perTx, 1e-12), 1e7);
  while (hi - lo > 1e-4 * hi) {
    const mid = (lo + hi) / 2;
    if (stable(mid)) lo = mid;
    else hi = mid;
  }
  memo.set(cpusUp, lo);
  return lo;
}
const satMemo = new WeakMap<Pipeline, Map<number, number>>();

/** Sustained throughput with a permanent backlog (full blocks) at an offered rate, tx/s. */
export function backloggedThroughput(k: Pipeline, offered: number, cpusUp = k.M): number {
  const z = meanWindow(k, k.nMax, offered, cpusUp);
  return Number.isFinite(z) ? k.nMax / z : 0;
}

/** Served throughput at an offered rate: the offered rate below saturation, else the backlogged rate. */
export function servedThroughput(k: Pipeline, offered: number): number {
  const sat = saturationRate(k);
  return offered <= sat ? offered : Math.min(offered, backloggedThroughput(k, offered));
}

export interface StreamOptions {
  cpusUp?: number;
  /** Validators whose acknowledgements never count (down). */
  excluded?: ReadonlySet<number>;
  /** Phase grid points per cycle. */
  phases?: number;
  /** Length of the arrival stream, s: the chain starts empty and is followed for this long
   * (default: stationary, which needs a rate below saturation). */
  horizon_s?: number;
}

/** Delay distribution of a Poisson stream (finite horizon or stationary; null when stationary is asked past saturation). */
export function streamDelay(k: Pipeline, rate: number, dl: Deadline, o: StreamOptions = {}): DelayPrediction | null {
  const cpusUp = o.cpusUp ?? k.M;
  const horizon = o.horizon_s ?? Infinity;
  if (!Number.isFinite(horizon) && rate >= saturationRate(k, cpusUp)) return null;
  const law = cycleLaw(k, rate, cpusUp, horizon, dl);
  const K = o.phases ?? 32;
  const parts: [number, Dist][] = [];
  let wMean = 0, expW = 0, allW = 0;
  const fins = new Map<string, Dist>();
  const finOf = (to: number, n: number) => {
    const kk = `${to}|${Math.round(n)}`;
    let f = fins.get(kk);
    if (!f) fins.set(kk, (f = finalityAfterExec(k, to, n, o.excluded)));
    return f;
  };
  const gossipTo = Array.from({ length: k.M }, (_, to) => Array.from({ length: k.M }, (_, g) => g).filter((g) => g !== to).map((g) => linkDelay(k, g, to, k.S)));
  // arrivals in the window of block k+1 (between the steps of blocks k and k+1), weighted by its length
  for (const s0 of law.states) {
    for (const t of law.next(s0.W, s0.o)) {
      const pr = s0.p * t.p;
      wMean += pr * t.W;
      const n = Math.min(k.nMax, rate * t.W * keptShare(t.W, t.o, dl));
      const x = exec(k, n);
      // a transaction that misses block k+1 waits one more window (next cycle and its push)
      const later = mean({ v: law.next(t.W, t.o).map((u) => u.W), w: law.next(t.W, t.o).map((u) => u.p) });
      for (let from = 0; from < k.M; from++) {
        const fin = finOf((from + 1) % k.M, n);
        const to = (from + 1) % k.M;
        for (let i = 0; i < K; i++) {
          const u = ((i + 0.5) * t.W) / K;
          const wait = t.W - u + t.o;
          const w = (pr * t.W) / (K * k.M);
          // on a lossy gossip link (gateway -> proposer) the extra delay may miss the cut-off as well
          const slack = wait - k.p.clientLatency_s - k.check;
          let pLate = 0;
          for (const d of gossipTo[to]) pLate += (1 - cdf(d, slack)) / k.M;
          const miss = t.miss + (1 - t.miss) * pLate;
          // a transaction whose deadline passes before its block is built is dropped
          for (const [share, b] of [[1 - miss, wait], [miss, wait + later]] as const) {
            if (share <= 0) continue;
            const e = pastDeadline(b, dl);
            expW += w * share * e;
            allW += w * share;
            if (e < 1) parts.push([w * share * (1 - e), shift(fin, b + x)]);
          }
        }
      }
    }
  }
  const dist = mix(parts);
  let zMean = 0, zw = 0;
  for (const s0 of law.states) {
    zMean += s0.p * s0.W;
    zw += s0.p;
  }
  zMean /= zw;
  void wMean;
  const expired = expW / allW;
  return { mean_s: mean(dist), p95_s: quantile(dist, 0.95), missProb: expired + (1 - expired) * missProbability(dist, dl), meanCycle_s: zMean, meanBlockTx: rate * zMean, dist, expired };
}
