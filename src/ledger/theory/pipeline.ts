// The PoA pipeline as the analytical model sees it, written from the parameter definitions in
// docs/ledger.md (never from the engine's code): per-transaction and per-block CPU costs, link delays
// with losses and retransmission, the block cycle (propose -> execute -> send -> next proposer executes
// and commits -> next step boundary) and quorum finality as an order statistic.
import type { ResolvedPoa } from '../params.js';
import { add, orderStatistic, point, type Dist } from './dist.js';

const ACK_BYTES = 200;

export interface TxClassTheory {
  complexity: number;
  size_bytes: number;
}

/** Everything the model needs about one network and one transaction class. */
export interface Pipeline {
  p: ResolvedPoa;
  M: number;
  q: number;
  T: number;
  /** CPU s one transaction adds to a block's execution on each B/A. */
  perTx: number;
  /** CPU s of a block's execution independent of its transactions (coordination with peers). */
  perBlock: number;
  /** State commit after execution, s. */
  commit: number;
  /** Gateway check per transaction, s. */
  check: number;
  S: number;
  /** Largest number of transactions in a block. */
  nMax: number;
  /** Sealing rules (consensus): basic (steps, busy-proposer push, quorum finality), clique
   * (header time = parent + period, a busy signer seals when free), aura (steps; a primary that
   * has not imported the parent by its step leaves it to the next). */
  rules: 'basic' | 'clique' | 'aura';
}

export function pipeline(p: ResolvedPoa, c: TxClassTheory): Pipeline {
  const C = c.complexity, S = c.size_bytes, M = p.validators;
  // execution: C x txExec_s; state diff with each of the M-1 peers: C^k x syncPerPeer_s; bytes x perByte_s
  const perTx = C * p.txExec_s + (M - 1) * Math.pow(C, p.syncExponent) * p.syncPerPeer_s + S * p.perByte_s;
  return {
    p, M, q: p.quorum ?? Math.floor(M / 2) + 1, T: p.blockPeriod_s,
    perTx, perBlock: (M - 1) * p.coordPerPeer_s, commit: p.blockBase_s, check: p.preValidate_s, S,
    nMax: Math.floor((p.maxBlockBytes - p.headerBytes) / S),
    rules: p.consensus ?? 'basic',
  };
}

/** Execution time of a block of n transactions, s. */
export const exec = (k: Pipeline, n: number): number => n * k.perTx + k.perBlock;

/** Serialization time of a block of n transactions on a B/A link, s. */
export const blockWire = (k: Pipeline, n: number): number => (8 * (k.p.headerBytes + n * k.S)) / k.p.bandwidth_bps;

/** Next step boundary at or after t. */
export const ceilStep = (k: Pipeline, t: number): number => Math.ceil(t / k.T - 1e-9) * k.T;

/** Whether the scenario has lossy links at all. */
export function lossy(k: Pipeline): boolean {
  const f = k.p.faults;
  return f.degradedLinkFraction > 0 && (f.dropProb > 0 || f.extraDelay_s > 0);
}

/**
 * One-way delay of a message of `bytes` from i to j: latency + serialization, and on a degraded link
 * (each link is degraded with probability degradedLinkFraction) extraDelay_s plus retransmitTimeout_s
 * per lost attempt; attempts are lost independently with dropProb, at most maxRetries + 1 times.
 */
export function linkDelay(k: Pipeline, i: number, j: number, bytes: number): Dist {
  const base = k.p.lat[i][j] + (8 * bytes) / k.p.bandwidth_bps;
  if (i === j || !lossy(k)) return point(base);
  const f = k.p.faults;
  const v = [base], w = [1 - f.degradedLinkFraction];
  const d = f.dropProb;
  for (let g = 0; g <= f.maxRetries + 1; g++) {
    const pg = g <= f.maxRetries ? Math.pow(d, g) * (1 - d) : Math.pow(d, f.maxRetries + 1);
    v.push(base + f.extraDelay_s + g * f.retransmitTimeout_s);
    w.push(f.degradedLinkFraction * pg);
  }
  return { v, w };
}

/**
 * Finality after the proposer finished executing a block of n transactions: the (q-1)-th earliest
 * acknowledgement among the peers (the proposer counts itself). Peer j's acknowledgement takes
 * block transfer + its own execution + the acknowledgement's transfer back. `excluded` peers (down
 * or far behind) never count in time.
 */
export function finalityAfterExec(k: Pipeline, proposer: number, n: number, excluded: ReadonlySet<number> = new Set()): Dist {
  if (k.q <= 1) return point(0);
  const bytes = k.p.headerBytes + n * k.S;
  const x = exec(k, n);
  const peers: Dist[] = [];
  for (let j = 0; j < k.M; j++) {
    if (j === proposer || excluded.has(j)) continue;
    peers.push(add(add(linkDelay(k, proposer, j, bytes), point(x)), linkDelay(k, j, proposer, ACK_BYTES)));
  }
  if (peers.length < k.q - 1) return point(Infinity);
  return orderStatistic(peers, k.q - 1);
}

/**
 * Raw cycle (block k built by `from` at 0 -> block k+1 by `to` can be built) for a block of n
 * transactions, given the delay of the block message: the critical path (execute, send, execute and
 * commit on the next proposer) and the CPU budget (each B/A executes and commits every block and
 * takes its share of gateway checks of the rate_tps arriving meanwhile: W >= X + V0 + rate W s / m over the
 * window W = pushed + Z between two steps).
 */
export function rawCycle(k: Pipeline, n: number, send: number, rate: number, cpusUp: number, pushed = 0): number {
  const x = exec(k, n);
  const path = x + send + x + k.commit;
  const util = (rate * k.check) / cpusUp;
  // the budget holds over the whole window between steps, which includes a pushed step
  const cpu = util < 1 ? (x + k.commit) / (1 - util) - pushed : Infinity;
  return Math.max(k.T, path, cpu);
}

/** Distribution of the delay of the block message from `from` to `to` (n transactions). */
export function blockSend(k: Pipeline, from: number, to: number, n: number): Dist {
  return from === to ? point(0) : linkDelay(k, from, to, k.p.headerBytes + n * k.S);
}

/** Mean one-way latency from a gateway to a proposer `to` (the gateway is any of the CPUs that are up). */
export function gossipDelay(k: Pipeline, to: number, up: readonly number[]): Dist {
  const parts: Dist[] = up.map((g) => (g === to ? point(0) : linkDelay(k, g, to, k.S)));
  const v: number[] = [], w: number[] = [];
  for (const d of parts) for (let i = 0; i < d.v.length; i++) {
    v.push(d.v[i]);
    w.push(d.w[i] / parts.length);
  }
  return { v, w };
}
