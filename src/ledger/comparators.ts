// Comparator consensus models on the same transaction streams (docs/ledger.md, "Comparators").
// PoW: exponential block intervals (difficulty keeps the mean), a block found within the
//   propagation delay of its parent forks and is orphaned (its transactions return to the pool),
//   finality after k confirmations, energy from the miners' hash power.
// PoS: fixed slots, stake-weighted proposer (may be offline), committee attestation until 2/3 of
//   the stake has attested (aggregation cost grows with validators); a block not attested within
//   its slot is dropped; finality after a number of slots; small energy per validator.
import { z } from 'zod';
import { createRng } from '../sim/rng.js';

export const powSchema = z
  .object({
    blockInterval_s: z.number().positive().default(30).describe('mean block interval kept by difficulty, s'),
    maxBlockBytes: z.number().int().positive().default(1_000_000).describe('block size limit, bytes'),
    confirmations: z.number().int().min(0).default(6).describe('blocks on top for finality'),
    minerPower_w: z.number().min(0).default(1500).describe('power of one miner, W'),
    hopLatency_s: z.number().min(0).default(0.03).describe('per-hop latency of block relay, s'),
    txValidate_s: z.number().min(0).default(0.0005).describe('validation per transaction per unit C at each relay hop, s'),
    blockBase_s: z.number().min(0).default(0.5).describe('fixed validation per block per hop, s'),
    bandwidth_bps: z.number().positive().default(100e6),
  })
  .strict();

export const posSchema = z
  .object({
    slot_s: z.number().positive().default(12).describe('slot length, s'),
    maxBlockBytes: z.number().int().positive().default(1_000_000).describe('block size limit, bytes'),
    finalitySlots: z.number().int().min(0).default(2).describe('slots after inclusion until finality'),
    offlineProb: z.number().min(0).max(1).default(0.02).describe('probability that the chosen proposer misses its slot'),
    stakeSigma: z.number().min(0).default(0.5).describe('log-normal sigma of validator stakes'),
    attestVerify_s: z.number().min(0).default(0.02).describe('aggregation cost per attestation, s'),
    latency_s: z.number().min(0).default(0.03).describe('one-way latency proposer-validator, s'),
    latencyJitter_s: z.number().min(0).default(0.02).describe('uniform extra latency per validator, s'),
    txValidate_s: z.number().min(0).default(0.0005).describe('validation per transaction per unit C, s'),
    blockBase_s: z.number().min(0).default(0.5).describe('fixed validation per block, s'),
    validatorPower_w: z.number().min(0).default(60).describe('power of one validator node, W'),
    bandwidth_bps: z.number().positive().default(100e6),
  })
  .strict();

export type PowParams = z.output<typeof powSchema>;
export type PosParams = z.output<typeof posSchema>;

/** A transaction stream as arrays (time order). */
export interface Arrivals {
  t: Float64Array;
  size: Float64Array;
  complexity: Float64Array;
}

export interface ComparatorResult {
  finalCount: number;
  throughput_tps: number;
  meanLatency_s: number;
  /** Mean time from a block's creation to its finality (PoW: k confirmations; PoS: 2/3 attestation + finality slots). */
  consensus_s: number;
  energy_kwh: number;
  /** PoW: orphaned share of blocks; PoS: dropped or missed share of slots. */
  wasteShare: number;
  lastFinalT: number;
}

/** Takes a FIFO prefix of waiting transactions (submitted by t) up to `room` bytes. */
function take(a: Arrivals, from: number, t: number, room: number): { end: number; bytes: number; cost: number } {
  let k = from, bytes = 0, cost = 0;
  while (k < a.t.length && a.t[k] <= t && bytes + a.size[k] <= room) {
    bytes += a.size[k];
    cost += a.complexity[k];
    k++;
  }
  return { end: k, bytes, cost };
}

function finish(a: Arrivals, finalT: Float64Array, n: number, energy_w: number, consensusSum: number, blocks: number, waste: number, events: number): ComparatorResult {
  let sum = 0, last = 0, first = Infinity;
  for (let i = 0; i < n; i++) {
    sum += finalT[i] - a.t[i];
    last = Math.max(last, finalT[i]);
    first = Math.min(first, a.t[i]);
  }
  const span = n > 0 ? last - Math.min(first, a.t[0]) : 0;
  return {
    finalCount: n,
    throughput_tps: span > 0 ? n / span : 0,
    meanLatency_s: n > 0 ? sum / n : 0,
    consensus_s: blocks > 0 ? consensusSum / blocks : 0,
    energy_kwh: (energy_w * last) / 3.6e6,
    wasteShare: events > 0 ? waste / events : 0,
    lastFinalT: last,
  };
}

/** Simulates PoW with `miners` miners until every transaction is final. */
export function simulatePow(a: Arrivals, miners: number, p: PowParams, seed: number | string): ComparatorResult {
  const rng = createRng(seed, `ledger:pow:${miners}`);
  const n = a.t.length;
  const finalT = new Float64Array(n);
  const hops = Math.ceil(Math.log2(Math.max(2, miners))) + 1;
  const mainBlocks: { t: number; from: number; end: number }[] = [];
  let next = 0, t = 0, prevVisible = 0, orphans = 0, events = 0, finSum = 0;
  while (next < n) {
    t += rng.exponential(1 / p.blockInterval_s);
    events++;
    const { end, bytes, cost } = take(a, next, t, p.maxBlockBytes);
    const V = p.blockBase_s + cost * p.txValidate_s;
    const prop = hops * (p.hopLatency_s + (bytes * 8) / p.bandwidth_bps + V);
    if (t < prevVisible) {
      orphans++; // found before the parent reached this miner: a fork, the later block is orphaned
      continue;
    }
    prevVisible = t + prop;
    mainBlocks.push({ t, from: next, end });
    next = end;
  }
  // confirmations: more blocks keep coming after the last transaction
  let tail = t;
  const withTx = mainBlocks.length;
  for (let b = 0; b < withTx; b++) {
    const k = b + p.confirmations;
    while (k >= mainBlocks.length) {
      tail += rng.exponential(1 / p.blockInterval_s);
      mainBlocks.push({ t: tail, from: n, end: n });
    }
    const f = mainBlocks[k].t;
    finSum += f - mainBlocks[b].t;
    for (let i = mainBlocks[b].from; i < mainBlocks[b].end; i++) finalT[i] = f;
  }
  return finish(a, finalT, n, miners * p.minerPower_w, finSum, withTx, orphans, events);
}

/** Simulates PoS with `validators` validators until every transaction is final. */
export function simulatePos(a: Arrivals, validators: number, p: PosParams, seed: number | string): ComparatorResult {
  const rng = createRng(seed, `ledger:pos:${validators}`);
  const stake = Array.from({ length: validators }, () => rng.lognormal(0, p.stakeSigma));
  const total = stake.reduce((s, x) => s + x, 0);
  const n = a.t.length;
  const finalT = new Float64Array(n);
  let next = 0, slot = 0, wasted = 0, attSum = 0, blocks = 0;
  // proposers fit blocks to the slot: the size target halves after a dropped block and regrows
  let room = p.maxBlockBytes;
  let minSize = Infinity;
  for (let i = 0; i < n; i++) minSize = Math.min(minSize, a.size[i]);
  const att: { t: number; s: number }[] = new Array(validators);
  while (next < n) {
    const t0 = slot * p.slot_s;
    slot++;
    if (a.t[next] > t0) continue;
    rng.categorical(stake); // stake-weighted proposer
    if (rng.bernoulli(p.offlineProb)) {
      wasted++;
      continue;
    }
    const { end, bytes, cost } = take(a, next, t0, room);
    const V = p.blockBase_s + cost * p.txValidate_s;
    const built = t0 + V;
    for (let i = 0; i < validators; i++) {
      const lat = p.latency_s + rng.next() * p.latencyJitter_s;
      att[i] = { t: built + lat + (bytes * 8) / p.bandwidth_bps + V + lat, s: stake[i] };
    }
    att.sort((x, y) => x.t - y.t);
    let acc = 0, k = 0;
    while (acc < (2 / 3) * total) acc += att[k++].s;
    const attested = att[k - 1].t + k * p.attestVerify_s;
    if (attested > t0 + p.slot_s && end - next > 1) {
      wasted++; // not attested within the slot: the block is dropped, its transactions wait
      room = Math.max(minSize, room / 2);
      continue;
    }
    room = Math.min(p.maxBlockBytes, room * 1.25);
    blocks++;
    const f = attested + p.finalitySlots * p.slot_s;
    attSum += f - built;
    for (let i = next; i < end; i++) finalT[i] = f;
    next = end;
  }
  return finish(a, finalT, n, validators * p.validatorPower_w, attSum, blocks, wasted, slot);
}
