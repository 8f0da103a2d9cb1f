// Ledger benchmark: a 24-hour day at 10,000 transactions per 5-minute slot (2.88 million
// transactions) through the PoA fast path with real SHA-256 hashing, Merkle roots and Ed25519
// block signatures. Reports simulated transactions per wall-clock second, wall time and memory.
import { performance } from 'node:perf_hooks';
import { FastPoaNetwork } from '../ledger/fastnet.js';
import { resolvePoa } from '../ledger/params.js';
import { generateStream, workloadSchema } from '../ledger/workload.js';

export interface LedgerBenchOptions {
  slots?: number;
  perSlot?: number;
}

export function benchLedgerDay(opts: LedgerBenchOptions = {}): Record<string, number> {
  const slots = opts.slots ?? 288;
  const perSlot = opts.perSlot ?? 10_000;
  const p = resolvePoa({ validators: 4 });
  const w = workloadSchema.parse({ kind: 'slots', duration_s: slots * 300, slot_s: 300, perSlot });
  let final = 0, blocks = 0, lateSlots = 0, maxRss = process.memoryUsage().rss, maxDelay = 0;
  const net = new FastPoaNetwork(p, {
    seed: 1,
    horizon_s: slots * 300 + 3600,
    onBlock: (o) => {
      if (!o.block) return;
      blocks++;
      final += o.included.length;
      for (const e of o.included) {
        const d = o.finalT - e.tx.submit_t_s;
        if (d > maxDelay) maxDelay = d;
      }
      if ((blocks & 63) === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss);
    },
  });
  const t0 = performance.now();
  const n = generateStream(w, 1, 'bench', (tx, t) => net.submit(tx, t));
  net.drain();
  const ms = performance.now() - t0;
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
  if (maxDelay > 300) lateSlots = 1;
  return {
    txPerSec: n / (ms / 1000),
    dayWall_s: ms / 1000,
    transactions: n,
    final,
    blocks,
    maxTxDelay_s: maxDelay,
    anySlotLate: lateSlots,
    peakRss_mb: maxRss / 2 ** 20,
  };
}

export async function benchLedger(): Promise<Record<string, number>> {
  benchLedgerDay({ slots: 2, perSlot: 2000 }); // warm-up
  return benchLedgerDay();
}
