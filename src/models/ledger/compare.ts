// Experiment 'compare' (paper Figs. 20-21): PoA vs PoW vs PoS on the same transaction streams:
// vs number of validators (throughput, consensus latency, energy, scalability index), latency vs
// number of transactions, throughput vs offered network load.
import { z } from 'zod';
import type { Row } from '../../sim/recorder.js';
import { posSchema, powSchema, simulatePos, simulatePow, type Arrivals, type ComparatorResult } from '../../ledger/comparators.js';
import { FastPoaNetwork } from '../../ledger/fastnet.js';
import { resolvePoa, type PoaParams } from '../../ledger/params.js';
import { generateStream, workloadSchema, type Workload } from '../../ledger/workload.js';
import type { Transaction } from '../../ledger/types.js';
import { round } from './run.js';
import type { ExperimentResult, LedgerRunCtx } from './types.js';

export const compareSchema = z
  .object({
    kind: z.literal('compare'),
    validators: z.array(z.number().int().min(1)).min(1).describe('validator counts'),
    workload: workloadSchema.describe('saturating stream for the validator sweep'),
    latencyN: z.array(z.number().int().min(1)).min(1).describe('burst sizes for latency vs transactions'),
    loads_tps: z.array(z.number().positive()).min(1).describe('offered loads for throughput vs network load'),
    loadDuration_s: z.number().positive().default(300),
    fixedValidators: z.number().int().min(1).default(4).describe('validators for the latency and load sweeps'),
    poaNodePower_w: z.number().min(0).default(60).describe('power of one PoA validator node, W'),
    pow: powSchema.default(powSchema.parse({})),
    pos: posSchema.default(posSchema.parse({})),
  })
  .strict();
type Compare = z.output<typeof compareSchema>;

function collect(w: Workload, seed: number, name: string): { txs: Transaction[]; arr: Arrivals } {
  const txs: Transaction[] = [];
  generateStream(w, seed, name, (tx) => txs.push(tx));
  const arr: Arrivals = { t: new Float64Array(txs.length), size: new Float64Array(txs.length), complexity: new Float64Array(txs.length) };
  txs.forEach((tx, i) => {
    arr.t[i] = tx.submit_t_s;
    arr.size[i] = tx.size_bytes;
    arr.complexity[i] = tx.complexity;
  });
  return { txs, arr };
}

function runPoa(base: PoaParams, M: number, txs: Transaction[], seed: number, nodePower: number): ComparatorResult {
  const p = resolvePoa({ ...base, validators: M, quorum: null });
  let n = 0, sum = 0, last = 0, cons = 0, blocks = 0;
  const net = new FastPoaNetwork(p, {
    seed,
    onBlock: (o) => {
      if (!o.block) return;
      blocks++;
      cons += o.finalT - o.buildStart;
      last = Math.max(last, o.finalT);
      for (const e of o.included) {
        n++;
        sum += o.finalT - e.tx.submit_t_s;
      }
    },
  });
  for (const tx of txs) net.submit(tx, tx.submit_t_s);
  net.drain();
  const first = txs.length ? txs[0].submit_t_s : 0;
  return { finalCount: n, throughput_tps: n / Math.max(1e-9, last - first), meanLatency_s: n ? sum / n : 0, consensus_s: blocks ? cons / blocks : 0, energy_kwh: (M * nodePower * last) / 3.6e6, wasteShare: 0, lastFinalT: last };
}

function all(x: Compare, base: PoaParams, n: number, s: { txs: Transaction[]; arr: Arrivals }, seed: number): [string, ComparatorResult][] {
  return [
    ['PoA', runPoa(base, n, s.txs, seed, x.poaNodePower_w)],
    ['PoS', simulatePos(s.arr, n, x.pos, seed)],
    ['PoW', simulatePow(s.arr, n, x.pow, seed)],
  ];
}

export function runCompare(x: Compare, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const byValidators: Row[] = [];
  const stream = collect(x.workload, ctx.seed, 'compare');
  const ref: Record<string, ComparatorResult> = {};
  for (const n of x.validators) {
    for (const [proto, r] of all(x, base, n, stream, ctx.seed)) {
      ref[proto] ??= r;
      const si = r.throughput_tps / ref[proto].throughput_tps / (r.meanLatency_s / ref[proto].meanLatency_s);
      byValidators.push({ validators: n, protocol: proto, throughput_tps: round(r.throughput_tps, 2), latency_s: round(r.consensus_s, 3), tx_latency_s: round(r.meanLatency_s, 3), energy_kwh: round(r.energy_kwh, 4), scalability_index: round(si, 3), waste_share: round(r.wasteShare, 4) });
    }
    ctx.log(`compare: ${n} validators done`);
  }
  const latency: Row[] = [];
  for (const N of x.latencyN) {
    const w: Workload = { ...x.workload, kind: 'slots', duration_s: 1, slot_s: 1, perSlot: N, profile: null, spread_s: 0 };
    for (const [proto, r] of all(x, base, x.fixedValidators, collect(w, ctx.seed, `latency-${N}`), ctx.seed)) {
      latency.push({ n_tx: N, protocol: proto, latency_s: round(r.meanLatency_s, 3), last_final_s: round(r.lastFinalT, 3) });
    }
  }
  const load: Row[] = [];
  for (const L of x.loads_tps) {
    const w: Workload = { ...x.workload, kind: 'poisson', duration_s: x.loadDuration_s, rate_tps: [[0, L]] };
    const s = collect(w, ctx.seed, `load-${L}`);
    for (const [proto, r] of all(x, base, x.fixedValidators, s, ctx.seed)) {
      load.push({ offered_tps: L, protocol: proto, throughput_tps: round(Math.min(L, r.finalCount / Math.max(x.loadDuration_s, r.lastFinalT)), 2), served_tps: round(r.finalCount / Math.max(1e-9, r.lastFinalT), 2), mean_latency_s: round(r.meanLatency_s, 3) });
    }
  }
  const at = (n: number, proto: string) => byValidators.find((r) => r.validators === n && r.protocol === proto)!;
  const last = x.validators[x.validators.length - 1], firstN = x.validators[0];
  const slope = (proto: string) => ((at(last, proto).energy_kwh as number) - (at(firstN, proto).energy_kwh as number)) / Math.max(1, last - firstN);
  return {
    tables: { comparators: byValidators, latency_vs_tx: latency, throughput_vs_load: load },
    metrics: {
      poaSustainedTps: Math.min(...x.validators.map((n) => at(n, 'PoA').throughput_tps as number)),
      throughputAtMaxValidators_tps: { PoA: at(last, 'PoA').throughput_tps, PoS: at(last, 'PoS').throughput_tps, PoW: at(last, 'PoW').throughput_tps },
      throughputByValidators_tps: Object.fromEntries(['PoA', 'PoS', 'PoW'].map((pr) => [pr, x.validators.map((n) => at(n, pr).throughput_tps)])),
      energySlope_kwh_per_validator: { PoA: round(slope('PoA'), 5), PoS: round(slope('PoS'), 5), PoW: round(slope('PoW'), 5) },
    },
  };
}
