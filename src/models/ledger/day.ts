// Experiment 'day' (paper Figs. 14, 15, 22, Table 3): 288 five-minute slots through M B/As;
// transactions per B/A per slot, their mean and standard deviation, incoming / processed / queue /
// capacity per slot, and each slot's D_total. With 10,000 transactions a slot it is also the
// "up to 10,000 transactions in one interval" check.
import { z } from 'zod';
import type { Row } from '../../sim/recorder.js';
import { resolvePoa, type PoaParams } from '../../ledger/params.js';
import { criticalPathCapacity } from '../../ledger/critical-path.js';
import { workloadSchema } from '../../ledger/workload.js';
import { mean, quantile, round, runStream } from './run.js';
import type { ExperimentResult, LedgerRunCtx } from './types.js';

export const daySchema = z
  .object({
    kind: z.literal('day'),
    workload: workloadSchema.describe('kind: slots; 288 slots of 300 s is one day'),
    writeLedger: z.boolean().default(true).describe('export ledger.jsonl (about 400 bytes per transaction)'),
  })
  .strict();

export function runDay(x: z.output<typeof daySchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const p = resolvePoa(base, ctx.file);
  const w = x.workload;
  const st = runStream(p, w, ctx.seed, 'day', { slot_s: w.slot_s, keepLedger: x.writeLedger });
  const nSlots = Math.ceil(w.duration_s / w.slot_s);
  const perBa: Row[] = [];
  const long: Row[] = [];
  const day: Row[] = [];
  const cols = Array.from({ length: p.M }, (_, i) => `ba_${i}`);
  const totalShare = w.mix.reduce((s, c) => s + c.share, 0);
  const meanC = w.mix.reduce((s, c) => s + c.share * c.complexity, 0) / totalShare;
  const meanS = w.mix.reduce((s, c) => s + c.share * c.size_bytes, 0) / totalShare;
  const capacity = criticalPathCapacity(p, meanC, meanS);
  let cumIn = 0, cumFinal = 0, allInSlot = 0, maxD = 0;
  const dts: number[] = [];
  for (let k = 0; k < nSlots; k++) {
    const s = st.slots[k];
    const row: Row = { slot: k };
    cols.forEach((c, i) => {
      row[c] = s ? s.perBa[i] : 0;
      long.push({ slot: k, validator: `B/A ${i + 1}`, tx: row[c] });
    });
    row.total = s ? s.incoming : 0;
    perBa.push(row);
    const t0 = k * w.slot_s;
    cumIn += s ? s.incoming : 0;
    cumFinal += s ? s.finalizedIn : 0;
    const dtotal = s && s.finalOfSlot > 0 ? s.maxFinalT - t0 : 0;
    const inSlot = !s || (s.finalOfSlot === s.incoming && (s.incoming === 0 || s.maxFinalT <= t0 + w.slot_s));
    if (inSlot) allInSlot++;
    maxD = Math.max(maxD, dtotal);
    if (s && s.incoming > 0) dts.push(dtotal);
    day.push({ slot: k, t_s: t0, incoming_tx: s ? s.incoming : 0, processed_tx: s ? s.finalizedIn : 0, queue_tx: cumIn - cumFinal, capacity_tx: round(capacity * w.slot_s, 0), dtotal_s: round(dtotal), all_final_in_slot: inSlot });
  }
  const table3: Row[] = cols.map((c, i) => {
    const v = perBa.map((r) => r[c] as number);
    const m = mean(v);
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1));
    return { ba: `B/A ${i + 1}`, mean_tx_per_slot: round(m, 2), std_tx_per_slot: round(sd, 2), min: Math.min(...v), max: Math.max(...v), total: v.reduce((s, x) => s + x, 0) };
  });
  ctx.log(`day: ${st.submitted} transactions, ${st.blocks.length} blocks`);
  return {
    tables: { tx_per_ba: perBa, tx_per_validator: long, table3, day, blocks: st.blocks.map((b) => ({ ...b, t_s: round(b.t_s), finalT: round(b.finalT), validation_s: round(b.validation_s), consensus_s: round(b.consensus_s) })) },
    metrics: {
      transactions: st.submitted,
      final: st.final,
      finalOnTime: st.onTime,
      expired: st.expired,
      blocks: st.blocks.length,
      slots: nSlots,
      slotsAllFinalInSlot: allInSlot,
      maxTxPerInterval: Math.max(...perBa.map((r) => r.total as number)),
      maxProcessedPerSlot: Math.max(...day.map((r) => r.processed_tx as number)),
      maxDtotal_s: round(maxD),
      meanDtotal_s: round(mean(dts)),
      p95Delay_s: round(quantile(st.delays, 0.95)),
      meanDelay_s: round(mean(st.delays)),
      capacityTheory_tps: round(capacity, 1),
      validators: p.M,
    },
    ledger: st.ledger ?? undefined,
  };
}
