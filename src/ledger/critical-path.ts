// Critical-path consistency check (NOT a theory): retraces the engine's deterministic critical path
// with the engine's own cost functions, so its agreement with the simulation only shows the engine
// does what its docs say. The independent model is src/ledger/theory/ (docs/ledger.md, "Theory").
//
// A slot's N transactions (size S, complexity C) arrive together. Gateways check them in parallel
// (N s / M), then blocks of at most n_max = floor((maxBlockBytes - headerBytes) / S) transactions
// form a chain: a block is executed (X) by its proposer and sent (L + size/bandwidth) to the next
// proposer, who executes it (X) and commits its state (V0) before assembling the next one; the last
// block is final when the quorum has executed and acknowledged it (commits are off that path).
// With B blocks, X = n c + (M-1) k0 and per-transaction cost c = C e + (M-1) C^k y + S b:
//   D_total = t_1 + 2 [B (M-1) k0 + N c] + (B-1) V0 + B (L + 8 H / bw) + 8 N S / bw + (B-1) T / 2 + L_q
// where t_1 = the first step boundary at or after l_c + N s / M (a proposer busy at its step proposes at
// the next boundary) is when the first block starts; transactions that other gateways finish within
// one latency L before t_1 ((M-1) (L - gap) / s of them) miss the first block, so
// B = 1 + ceil((N - n_1) / n_max) with n_1 = min(n_max, N - stragglers). V0 = blockBase_s, k0 = coordPerPeer_s, L the mean B/A latency, L_q the latency to the
// (q-1)-th nearest peer, and T/2 the mean wait for the next step boundary.
import { blockValidationTime, txValidationCost } from './engine.js';
import type { ResolvedPoa } from './params.js';

export interface TheoryInput {
  N: number;
  complexity: number;
  size_bytes: number;
}

function meanLatency(p: ResolvedPoa): number {
  if (p.M < 2) return 0;
  let s = 0;
  for (let i = 0; i < p.M; i++) for (let j = 0; j < p.M; j++) if (i !== j) s += p.lat[i][j];
  return s / (p.M * (p.M - 1));
}

/** Mean over proposers of the one-way latency to the (q-1)-th nearest peer (one leg; a round trip is twice this). */
function quorumLatency(p: ResolvedPoa): number {
  if (p.q <= 1) return 0;
  let s = 0;
  for (let i = 0; i < p.M; i++) {
    const d = p.lat[i].filter((_, j) => j !== i).sort((a, b) => a - b);
    s += d[p.q - 2];
  }
  return s / p.M;
}

/** Closed-form D_total(N, M, C), seconds. */
export function criticalPathDtotal(p: ResolvedPoa, x: TheoryInput): number {
  const { N, complexity: C, size_bytes: S } = x;
  if (N <= 0) return 0;
  const nMax = Math.floor((p.maxBlockBytes - p.headerBytes) / S);
  const c = txValidationCost(p, C, S);
  const L = meanLatency(p);
  const bw = p.bandwidth_bps;
  const T = p.blockPeriod_s;
  // The first block starts at the first step boundary at which the proposer has checked its share.
  const checked = p.clientLatency_s + (N * p.preValidate_s) / p.M;
  const first = Math.ceil((p.clientLatency_s + p.preValidate_s + L) / T - 1e-9) * T;
  const start = checked > first ? Math.ceil(checked / T - 1e-9) * T : first;
  // Transactions other gateways finish within one latency L before that moment miss the first block.
  const gap = start - checked;
  const stragglers = gap < L && p.preValidate_s > 0 ? Math.min(N - 1, Math.round(((p.M - 1) * (L - Math.max(0, gap))) / p.preValidate_s)) : 0;
  const n1 = Math.min(nMax, N - stragglers);
  const B = 1 + Math.ceil((N - n1) / nMax);
  return (
    start +
    2 * (B * (p.M - 1) * p.coordPerPeer_s + N * c) +
    (B - 1) * p.blockBase_s +
    B * (L + (8 * p.headerBytes) / bw) +
    (8 * N * S) / bw +
    ((B - 1) * p.blockPeriod_s) / 2 +
    quorumLatency(p)
  );
}

/** Closed-form consensus time of one block of n transactions: send, validate, acknowledge, seconds. */
export function criticalPathConsensus(p: ResolvedPoa, x: TheoryInput): number {
  const exec = blockValidationTime(p, x.N * txValidationCost(p, x.complexity, x.size_bytes)) - p.blockBase_s;
  return exec + 2 * quorumLatency(p) + (8 * (p.headerBytes + x.N * x.size_bytes)) / p.bandwidth_bps;
}

/** Sustained PoA capacity with full blocks (transactions per second), ignoring gateway checks. */
export function criticalPathCapacity(p: ResolvedPoa, complexity: number, size_bytes: number): number {
  const nMax = Math.floor((p.maxBlockBytes - p.headerBytes) / size_bytes);
  const exec = blockValidationTime(p, nMax * txValidationCost(p, complexity, size_bytes)) - p.blockBase_s;
  const interval = Math.max(p.blockPeriod_s, 2 * exec + p.blockBase_s + meanLatency(p) + (8 * (p.headerBytes + nMax * size_bytes)) / p.bandwidth_bps);
  return nMax / interval;
}
