// Runs a transaction stream through the PoA network (fast path) and collects per-transaction and
// per-block statistics for the ledger experiments.
import type { BlockOutcome } from '../../ledger/engine.js';
import { FastPoaNetwork } from '../../ledger/fastnet.js';
import { ForkingPoaEngine, type ForkStats } from '../../ledger/fork-engine.js';
import type { ResolvedPoa } from '../../ledger/params.js';
import { blockRecord } from '../../ledger/serialize.js';
import type { Block } from '../../ledger/types.js';
import { generateStream, type Workload } from '../../ledger/workload.js';

export interface BlockStat {
  height: number;
  proposer: number;
  t_s: number;
  finalT: number;
  txCount: number;
  size_bytes: number;
  validation_s: number;
  consensus_s: number;
}

export interface StreamStats {
  submitted: number;
  rejected: number;
  final: number;
  onTime: number;
  expired: number;
  /** Per final transaction: delay (finality - submission), s. */
  delays: Float64Array;
  blocks: BlockStat[];
  /** Per slot (slot_s): submissions per gateway B/A, finals, on-time, max finality. */
  slots: SlotStat[];
  lastFinalT: number;
  ledger: Record<string, unknown>[] | null;
  cpuBusy: number[];
  linkDrops: number;
  /** Fork and reorganization counts (consensus clique | aura), else null. */
  forks: ForkStats | null;
}

export interface SlotStat {
  incoming: number;
  perBa: number[];
  finalOfSlot: number;
  onTimeOfSlot: number;
  maxFinalT: number;
  /** Transactions that became final during this slot (any submission slot). */
  finalizedIn: number;
}

export interface RunStreamOptions {
  slot_s?: number;
  keepLedger?: boolean;
  keepBlocks?: boolean;
  horizon_s?: number;
  onBlock?: (o: BlockOutcome) => void;
}

export function runStream(p: ResolvedPoa, w: Workload, seed: number, name: string, opts: RunStreamOptions = {}): StreamStats {
  const slot_s = opts.slot_s ?? w.slot_s;
  const slots: SlotStat[] = [];
  const slot = (k: number): SlotStat => {
    while (slots.length <= k) slots.push({ incoming: 0, perBa: new Array(p.M).fill(0), finalOfSlot: 0, onTimeOfSlot: 0, maxFinalT: 0, finalizedIn: 0 });
    return slots[k];
  };
  const delays: number[] = [];
  const blocks: BlockStat[] = [];
  const ledger: Record<string, unknown>[] | null = opts.keepLedger ? [] : null;
  let final = 0, onTime = 0, expired = 0, rejected = 0, lastFinalT = 0;
  const net = new FastPoaNetwork(p, {
    seed,
    horizon_s: opts.horizon_s ?? w.duration_s * 2 + 3600,
    onBlock: (o) => {
      opts.onBlock?.(o);
      expired += o.expired.length;
      const b = o.block;
      if (!b) return;
      if (ledger) ledger.push(blockRecord(b, o.included.map((e) => e.digest)));
      if (opts.keepBlocks !== false) {
        blocks.push({ height: b.height, proposer: o.proposer, t_s: b.t_s, finalT: o.finalT, txCount: b.txCount, size_bytes: b.size_bytes, validation_s: o.validation_s, consensus_s: o.consensus_s });
      }
      lastFinalT = Math.max(lastFinalT, o.finalT);
      slot(Math.floor(o.finalT / slot_s)).finalizedIn += o.included.length;
      for (const e of o.included) {
        const tx = e.tx;
        const s = slot(Math.floor(tx.submit_t_s / slot_s));
        s.finalOfSlot++;
        if (o.finalT > s.maxFinalT) s.maxFinalT = o.finalT;
        final++;
        delays.push(o.finalT - tx.submit_t_s);
        if (tx.deadline_t_s === null || o.finalT <= tx.deadline_t_s) {
          onTime++;
          s.onTimeOfSlot++;
        }
      }
    },
  });
  if (ledger) ledger.push(blockRecord(net.engine.chain.genesis));
  const submitted = generateStream(w, seed, name, (tx, t) => {
    const r = net.submit(tx, t);
    if (typeof r === 'string') rejected++;
    else slot(Math.floor(t / slot_s)).perBa[r.gw]++;
    slot(Math.floor(t / slot_s)).incoming++;
  });
  net.drain();
  return { submitted, rejected, final, onTime, expired, delays: Float64Array.from(delays), blocks, slots, lastFinalT, ledger, cpuBusy: Array.from(net.engine.cpuBusy), linkDrops: net.engine.links.drops, forks: net.engine instanceof ForkingPoaEngine ? { ...net.engine.stats } : null };
}

// sample statistics: one implementation for the whole code base (src/util/stats.ts)
export { mean, quantile, r2 } from '../../util/stats.js';

export function round(x: number, digits = 4): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

export type { Block };
