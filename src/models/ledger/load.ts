// Experiments 'ramp' (Fig. 17: throughput, validation time and block size over a load ramp),
// 'reliability' (Fig. 18: share final by deadline in load/failure regions) and 'storage'
// (Fig. 19 right: ledger bytes vs transactions).
import { z } from 'zod';
import type { Row } from '../../sim/recorder.js';
import { resolvePoa, type PoaParams, type PoaParamsInput } from '../../ledger/params.js';
import { serializeBlock } from '../../ledger/serialize.js';
import { workloadSchema, rateAt } from '../../ledger/workload.js';
import { mean, quantile, r2, round, runStream } from './run.js';
import type { ExperimentResult, LedgerRunCtx } from './types.js';

export const rampSchema = z
  .object({
    kind: z.literal('ramp'),
    workload: workloadSchema.describe('kind: poisson with a rising rate_tps'),
    window_s: z.number().positive().default(300).describe('averaging window, s'),
    writeLedger: z.boolean().default(false).describe('export ledger.jsonl (about 330 bytes per transaction)'),
  })
  .strict();

export const regionSchema = z
  .object({
    name: z.string(),
    workload: workloadSchema,
    faults: z.record(z.string(), z.unknown()).default({}).describe('fault settings for this region, merged over ledger.faults (fields as in ledger.faults)'),
    ledger: z.record(z.string(), z.unknown()).default({}).describe('other ledger parameter overrides for this region'),
  })
  .strict();

export const reliabilitySchema = z.object({ kind: z.literal('reliability'), regions: z.array(regionSchema).min(1) }).strict();

export const storageSchema = z
  .object({ kind: z.literal('storage'), workload: workloadSchema, sampleEvery: z.number().int().min(1).default(10).describe('one row per this many blocks') })
  .strict();

export function runRamp(x: z.output<typeof rampSchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const p = resolvePoa(base, ctx.file);
  const st = runStream(p, x.workload, ctx.seed, 'ramp', { keepLedger: x.writeLedger });
  const W = x.window_s;
  const n = Math.ceil(x.workload.duration_s / W);
  const rows: Row[] = [];
  for (let k = 0; k < n; k++) {
    const t0 = k * W, t1 = t0 + W;
    const built = st.blocks.filter((b) => b.t_s >= t0 && b.t_s < t1);
    const finalTx = st.blocks.filter((b) => b.finalT >= t0 && b.finalT < t1).reduce((s, b) => s + b.txCount, 0);
    rows.push({
      t_s: t0,
      offered_tps: round(rateAt(x.workload.rate_tps, t0 + W / 2), 2),
      throughput_tps: round(finalTx / W, 2),
      validation_s: round(mean(built.map((b) => b.validation_s)), 3),
      block_kb: round(mean(built.map((b) => b.size_bytes)) / 1000, 1),
      blocks: built.length,
    });
  }
  const first = rows[0], last = rows[rows.length - 1];
  return {
    tables: { ramp: rows },
    metrics: {
      throughput_tps: [first.throughput_tps, last.throughput_tps],
      validation_s: [first.validation_s, last.validation_s],
      block_kb: [first.block_kb, last.block_kb],
      maxValidation_s: Math.max(...rows.map((r) => r.validation_s as number).filter(Number.isFinite)),
      maxBlock_kb: Math.max(...rows.map((r) => r.block_kb as number).filter(Number.isFinite)),
      final: st.final,
      submitted: st.submitted,
    },
    ledger: st.ledger ?? undefined,
  };
}

export function runReliability(x: z.output<typeof reliabilitySchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const rows: Row[] = [];
  x.regions.forEach((r, i) => {
    const p = resolvePoa({ ...base, ...r.ledger, faults: { ...base.faults, ...r.faults } } as PoaParamsInput, ctx.file, `experiment.regions.${i}`);
    const st = runStream(p, r.workload, ctx.seed, `region-${r.name}`);
    const rel = st.submitted > 0 ? st.onTime / st.submitted : 1;
    rows.push({
      region: r.name,
      transactions: st.submitted,
      final: st.final,
      final_on_time: st.onTime,
      expired: st.expired,
      reliability_pct: round(100 * rel, 2),
      mean_delay_s: round(mean(st.delays), 3),
      p95_delay_s: round(quantile(st.delays, 0.95), 3),
      link_drops: st.linkDrops,
    });
    ctx.log(`reliability: ${r.name} ${(100 * rel).toFixed(1)}%`);
  });
  return { tables: { reliability: rows }, metrics: { reliability_pct: Object.fromEntries(rows.map((r) => [r.region as string, r.reliability_pct])) } };
}

export function runStorage(x: z.output<typeof storageSchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const p = resolvePoa(base, ctx.file);
  const rows: Row[] = [];
  let tx = 0, modelled = p.headerBytes, jsonl = 0, k = 0;
  runStream(p, x.workload, ctx.seed, 'storage', {
    keepBlocks: false,
    onBlock: (o) => {
      if (!o.block) return;
      tx += o.block.txCount;
      modelled += o.block.size_bytes;
      jsonl += Buffer.byteLength(serializeBlock(o.block, o.included.map((e) => e.digest))) + 1;
      if (++k % x.sampleEvery === 0) rows.push({ n_tx: tx, blocks: k, storage_kb: round(modelled / 1000, 3), storage_jsonl_kb: round(jsonl / 1000, 3) });
    },
  });
  rows.push({ n_tx: tx, blocks: k, storage_kb: round(modelled / 1000, 3), storage_jsonl_kb: round(jsonl / 1000, 3) });
  const xs = rows.map((r) => r.n_tx as number);
  return {
    tables: { storage: rows },
    metrics: { transactions: tx, blocks: k, r2Modelled: round(r2(xs, rows.map((r) => r.storage_kb as number)), 6), r2Jsonl: round(r2(xs, rows.map((r) => r.storage_jsonl_kb as number)), 6), jsonlBytesPerTx: round(jsonl / Math.max(1, tx), 1) },
  };
}
