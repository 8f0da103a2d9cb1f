// Ledger benchmark: a 24-hour day at 10,000 transactions per 5-minute slot (2.88 million
// transactions) through the PoA fast path with real SHA-256 hashing, Merkle roots and Ed25519
// block signatures. Reports simulated transactions per wall-clock second, wall time and memory,
// and beside it the hash ceiling measured in the same run: the same stream generated and put
// through vpsim's own transaction hash, Merkle root and header hash with the same block sizes and
// nothing else (no consensus timing, no pending queue, no signatures). Both on process CPU time.
// The share of the ceiling is also measured as in the kernel group: the engine and the ceiling
// alternately on a 96-slot stream (960,000 transactions), both warm, the median CPU time of 5 each;
// a single cold day on a shared machine swings by +-10%.
import { performance } from 'node:perf_hooks';
import { hashHeaderBytes, hashTransaction, merkleRootBytes, ZERO_HASH } from '../ledger/hash.js';
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
  const sizes: number[] = [];
  const net = new FastPoaNetwork(p, {
    seed: 1,
    horizon_s: slots * 300 + 3600,
    onBlock: (o) => {
      if (!o.block) return;
      blocks++;
      final += o.included.length;
      sizes.push(o.included.length);
      for (const e of o.included) {
        const d = o.finalT - e.tx.submit_t_s;
        if (d > maxDelay) maxDelay = d;
      }
      if ((blocks & 63) === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss);
    },
  });
  const t0 = performance.now();
  const c0 = cpuMs();
  const n = generateStream(w, 1, 'bench', (tx, t) => net.submit(tx, t));
  net.drain();
  const ms = performance.now() - t0;
  const cpu = cpuMs() - c0;
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
  if (maxDelay > 300) lateSlots = 1;
  const ceiling = hashCeiling(w, sizes);
  return {
    txPerSec: n / (ms / 1000),
    txPerCpuSec: n / (cpu / 1000),
    hashCeilingTxPerCpuSec: ceiling.txPerCpuSec,
    shareOfHashCeiling: n / (cpu / 1000) / ceiling.txPerCpuSec,
    dayWall_s: ms / 1000,
    transactions: n,
    final,
    blocks,
    maxTxDelay_s: maxDelay,
    anySlotLate: lateSlots,
    peakRss_mb: maxRss / 2 ** 20,
  };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The same stream through vpsim's hash functions only, cut into blocks of the given sizes. */
function hashCeiling(w: ReturnType<typeof workloadSchema.parse>, sizes: readonly number[]): { txPerCpuSec: number; ms: number; n: number } {
  let b = 0, parent = ZERO_HASH, digests: string[] = [];
  const c0 = cpuMs();
  const n = generateStream(w, 1, 'bench', (tx) => {
    digests.push(hashTransaction(tx));
    if (b < sizes.length && digests.length === sizes[b]) {
      const root = merkleRootBytes(digests).toString('hex');
      parent = hashHeaderBytes({ height: b + 1, parentHash: parent, t_s: tx.submit_t_s, proposer: b % 4, merkleRoot: root, txCount: digests.length, size_bytes: 512 }).toString('hex');
      digests = [];
      b++;
    }
  });
  const ms = cpuMs() - c0;
  return { txPerCpuSec: n / (ms / 1000), ms, n };
}

/** Engine and hash ceiling alternately on the same stream, `reps` times each; median CPU ms of each. */
export function ledgerShareOfCeiling(slots = 96, perSlot = 10_000, reps = 5): { engineTxPerCpuSec: number; ceilingTxPerCpuSec: number; share: number } {
  const p = resolvePoa({ validators: 4 });
  const w = workloadSchema.parse({ kind: 'slots', duration_s: slots * 300, slot_s: 300, perSlot });
  const engine = (): { ms: number; sizes: number[] } => {
    const sizes: number[] = [];
    const c0 = cpuMs();
    const net = new FastPoaNetwork(p, { seed: 1, horizon_s: slots * 300 + 3600, onBlock: (o) => void (o.block && sizes.push(o.included.length)) });
    generateStream(w, 1, 'bench', (tx, t) => net.submit(tx, t));
    net.drain();
    return { ms: cpuMs() - c0, sizes };
  };
  const e0 = engine();
  const E: number[] = [], C: number[] = [];
  let n = 0;
  for (let i = 0; i < reps; i++) {
    E.push(engine().ms);
    const c = hashCeiling(w, e0.sizes);
    C.push(c.ms);
    n = c.n;
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return { engineTxPerCpuSec: n / (med(E) / 1000), ceilingTxPerCpuSec: n / (med(C) / 1000), share: med(C) / med(E) };
}

export async function benchLedger(): Promise<Record<string, number>> {
  benchLedgerDay({ slots: 2, perSlot: 2000 }); // warm-up
  const day = benchLedgerDay();
  const s = ledgerShareOfCeiling();
  const { shareOfHashCeiling, ...rest } = day;
  return {
    ...rest,
    // the single day's ratio (one cold run of each)
    shareOfHashCeilingDay: shareOfHashCeiling,
    engineTxPerCpuSec: s.engineTxPerCpuSec,
    ceilingTxPerCpuSec: s.ceilingTxPerCpuSec,
    shareOfHashCeiling: s.share,
  };
}
