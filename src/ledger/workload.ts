// Deterministic transaction streams (the same stream feeds PoA, PoW and PoS): 5-minute slot bursts
// with a daily profile, or Poisson arrivals with a piecewise-linear rate (ramps, surges).
import { z } from 'zod';
import { createRng, type Rng } from '../sim/rng.js';
import { sha256Hex } from './hash.js';
import type { Transaction } from './types.js';

export const txClassSchema = z
  .object({
    type: z.string().describe('transaction type (setpoint, charge, settlement, ...)'),
    share: z.number().min(0).describe('relative share of transactions'),
    complexity: z.number().positive().describe('validation complexity C'),
    size_bytes: z.number().int().positive().describe('modelled transaction size, bytes'),
    deadline_s: z.number().positive().nullable().default(null).describe('deadline after submission, s (null = none)'),
    deadlineSpread_s: z.number().min(0).default(0).describe('each deadline is deadline_s plus a uniform draw in [0, deadlineSpread_s], s'),
  })
  .strict();
export type TxClass = z.output<typeof txClassSchema>;

export const DEFAULT_MIX: TxClass[] = [
  { type: 'setpoint', share: 0.5, complexity: 1, size_bytes: 250, deadline_s: 60, deadlineSpread_s: 0 },
  { type: 'charge', share: 0.3, complexity: 1.5, size_bytes: 250, deadline_s: 120, deadlineSpread_s: 0 },
  { type: 'settlement', share: 0.2, complexity: 2, size_bytes: 250, deadline_s: 300, deadlineSpread_s: 0 },
];

export const workloadSchema = z
  .object({
    kind: z.enum(['slots', 'poisson']).describe('slots: bursts each slot; poisson: arrivals at rate_tps(t)'),
    duration_s: z.number().positive().describe('length of the stream, s'),
    slot_s: z.number().positive().default(300).describe('slot length for kind=slots, s'),
    perSlot: z.number().int().min(0).default(1000).describe('transactions per slot (times the profile), kind=slots'),
    profile: z.array(z.number().min(0)).nullable().default(null).describe('multipliers of perSlot, one per profileStep_s, cycled (null = flat)'),
    profileStep_s: z.number().positive().nullable().default(null).describe('time step of the profile entries, s (null = one per slot)'),
    poissonCounts: z.boolean().default(false).describe('draw each slot count from a Poisson law with the profiled mean'),
    spread_s: z.number().min(0).default(0).describe('a slot burst is spread uniformly over this many seconds'),
    rate_tps: z.array(z.tuple([z.number().min(0), z.number().min(0)])).default([[0, 10]]).describe('[t_s, tps] breakpoints, linear between, kind=poisson'),
    senders: z.number().int().min(1).default(40).describe('submitting aggregators (CEV/A level)'),
    senderSkew: z.number().min(0).default(0).describe('0: senders take turns; > 0: sender k is drawn with weight 1/(k+1)^skew (unequal aggregator sizes)'),
    mix: z.array(txClassSchema).min(1).default(DEFAULT_MIX).describe('transaction classes'),
  })
  .strict();
export type WorkloadInput = z.input<typeof workloadSchema>;
export type Workload = z.output<typeof workloadSchema>;

/** Piecewise-linear rate at time t. */
export function rateAt(points: readonly (readonly [number, number])[], t: number): number {
  if (t <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    if (t <= points[i][0]) {
      const [t0, r0] = points[i - 1], [t1, r1] = points[i];
      return t1 === t0 ? r1 : r0 + ((r1 - r0) * (t - t0)) / (t1 - t0);
    }
  }
  return points[points.length - 1][1];
}

/**
 * Calls emit(tx, t) for every transaction of the stream in time order. Deterministic in (seed, name).
 * Returns the number of transactions.
 */
export function generateStream(w: Workload, seed: number | string, name: string, emit: (tx: Transaction, t: number) => void): number {
  const rng = createRng(seed, `ledger:workload:${name}`);
  const weights = w.mix.map((c) => c.share);
  const payload = w.mix.map((c) => sha256Hex(`synthetic ${c.type} payload`));
  const senderWeights = w.senderSkew > 0 ? Array.from({ length: w.senders }, (_, k) => 1 / Math.pow(k + 1, w.senderSkew)) : null;
  const senderIds = Array.from({ length: w.senders }, (_, k) => `agg:${k}`);
  let n = 0;
  const make = (t: number): Transaction => {
    const k = w.mix.length === 1 ? 0 : rng.categorical(weights);
    const c = w.mix[k];
    const s = senderWeights ? rng.categorical(senderWeights) : n % w.senders;
    return { id: `${name}:${n++}`, type: c.type, sender: senderIds[s], payloadHash: payload[k], size_bytes: c.size_bytes, complexity: c.complexity, submit_t_s: t, deadline_t_s: c.deadline_s === null ? null : t + c.deadline_s + (c.deadlineSpread_s > 0 ? rng.next() * c.deadlineSpread_s : 0) };
  };
  if (w.kind === 'slots') {
    const slots = Math.ceil(w.duration_s / w.slot_s);
    for (let k = 0; k < slots; k++) {
      const t0 = k * w.slot_s;
      const step = w.profileStep_s ?? w.slot_s;
      const mult = w.profile ? w.profile[Math.floor(t0 / step + 1e-9) % w.profile.length] : 1;
      const N = w.poissonCounts ? rng.poisson(w.perSlot * mult) : Math.round(w.perSlot * mult);
      const times = spreadTimes(N, t0, w.spread_s, rng);
      for (let i = 0; i < N; i++) emit(make(times[i]), times[i]);
    }
  } else {
    const rmax = Math.max(...w.rate_tps.map((p) => p[1]));
    if (rmax <= 0) return 0;
    // thinning of a homogeneous process at rmax
    let t = rng.exponential(rmax);
    while (t < w.duration_s) {
      if (rng.next() * rmax < rateAt(w.rate_tps, t)) {
        const tx = make(t);
        emit(tx, t);
      }
      t += rng.exponential(rmax);
    }
  }
  return n;
}

function spreadTimes(N: number, t0: number, spread: number, rng: Rng): Float64Array {
  const a = new Float64Array(N);
  if (spread <= 0) return a.fill(t0);
  for (let i = 0; i < N; i++) a[i] = t0 + rng.next() * spread;
  return a.sort();
}
