// Experiments 'dtotal' (paper Figs. 12-13: D_total vs N, M, C, simulation and closed form) and
// 'consensus' (Figs. 16 and 19 left: consensus time vs number of B/As).
import { z } from 'zod';
import type { Row } from '../../sim/recorder.js';
import { FastPoaNetwork } from '../../ledger/fastnet.js';
import { sha256Hex } from '../../ledger/hash.js';
import type { PoaParams } from '../../ledger/params.js';
import { resolvePoa } from '../../ledger/params.js';
import { criticalPathConsensus, criticalPathDtotal } from '../../ledger/critical-path.js';
import { workloadSchema } from '../../ledger/workload.js';
import { mean, r2, round, runStream } from './run.js';
import type { ExperimentResult, LedgerRunCtx } from './types.js';

const intList = z.array(z.number().int().min(1)).min(1);

export const dtotalSchema = z
  .object({
    kind: z.literal('dtotal'),
    N: intList.describe('transactions per slot (all submitted at the slot start)'),
    M: intList.describe('numbers of B/As'),
    C: z.array(z.number().positive()).min(1).describe('transaction complexities'),
    size_bytes: z.number().int().positive().default(250).describe('transaction size, bytes'),
  })
  .strict();

export const consensusSchema = z
  .object({
    kind: z.literal('consensus'),
    M: intList.describe('numbers of B/As'),
    workload: workloadSchema.describe('steady load; use one transaction class for an exact theory curve'),
  })
  .strict();

/** D_total of one slot: N transactions submitted at t = 0, until the last is final. */
export function simulateDtotal(base: PoaParams, M: number, N: number, C: number, S: number, seed: number): { sim: number; theory: number; blocks: number } {
  const p = resolvePoa({ ...base, validators: M, quorum: null });
  let last = 0, blocks = 0;
  const net = new FastPoaNetwork(p, {
    seed,
    onBlock: (o) => {
      if (!o.block) return;
      blocks++;
      last = Math.max(last, o.finalT);
    },
  });
  const ph = sha256Hex('dtotal payload');
  for (let i = 0; i < N; i++) net.submit({ id: `d${i}`, type: 'load', sender: `agg:${i % 40}`, payloadHash: ph, size_bytes: S, complexity: C, submit_t_s: 0, deadline_t_s: null }, 0);
  net.drain();
  return { sim: last, theory: criticalPathDtotal(p, { N, complexity: C, size_bytes: S }), blocks };
}

export function runDtotal(x: z.output<typeof dtotalSchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const rows: Row[] = [];
  const fits: Row[] = [];
  let errSum = 0, errN = 0;
  for (const M of x.M) {
    for (const C of x.C) {
      const xs: number[] = [], ys: number[] = [];
      for (const N of x.N) {
        const r = simulateDtotal(base, M, N, C, x.size_bytes, ctx.seed);
        const rel = Math.abs(r.sim - r.theory) / r.sim;
        errSum += rel;
        errN++;
        xs.push(N);
        ys.push(r.sim);
        rows.push({ n_tx: N, m: M, c: C, d_total_s: round(r.sim), d_theory_s: round(r.theory), rel_err: round(rel), blocks: r.blocks });
      }
      fits.push({ m: M, c: C, r2_linear_in_N: round(r2(xs, ys)), dtotal_at_max_N_s: round(ys[ys.length - 1]) });
    }
    ctx.log(`dtotal: M=${M} done`);
  }
  const atMaxN = (M: number, C: number) => rows.find((r) => r.m === M && r.c === C && r.n_tx === x.N[x.N.length - 1])?.d_total_s as number;
  const Ms = [...x.M].sort((a, b) => a - b);
  const tradeoff: Record<string, unknown> = {};
  for (const C of x.C) tradeoff[`C=${C}`] = Ms.map((M) => atMaxN(M, C));
  return {
    tables: { delay: rows, delay_fits: fits },
    metrics: {
      dtotalMeanRelativeError: round(errSum / errN, 6),
      dtotalMinR2: round(Math.min(...fits.map((f) => f.r2_linear_in_N as number))),
      dtotalAtMaxNByM: { M: Ms, ...tradeoff },
    },
  };
}

export function runConsensus(x: z.output<typeof consensusSchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const rows: Row[] = [];
  const w = x.workload;
  const totalShare = w.mix.reduce((s, c) => s + c.share, 0);
  const meanC = w.mix.reduce((s, c) => s + c.share * c.complexity, 0) / totalShare;
  const meanS = w.mix.reduce((s, c) => s + c.share * c.size_bytes, 0) / totalShare;
  for (const M of x.M) {
    const p = resolvePoa({ ...base, validators: M, quorum: null });
    const st = runStream(p, w, ctx.seed, `consensus-M${M}`);
    const cons = mean(st.blocks.map((b) => b.consensus_s));
    const nBlock = mean(st.blocks.map((b) => b.txCount));
    const theory = criticalPathConsensus(p, { N: nBlock, complexity: meanC, size_bytes: meanS });
    rows.push({ m: M, quorum: p.q, consensus_s: round(cons), consensus_theory_s: round(theory), mean_block_tx: round(nBlock, 1), blocks: st.blocks.length, throughput_tps: round(st.final / st.lastFinalT, 2) });
  }
  const xs = rows.map((r) => r.m as number), ys = rows.map((r) => r.consensus_s as number);
  const mre = mean(rows.map((r) => Math.abs((r.consensus_s as number) - (r.consensus_theory_s as number)) / (r.consensus_s as number)));
  return { tables: { consensus: rows }, metrics: { consensusR2LinearInM: round(r2(xs, ys)), consensusMeanRelativeError: round(mre, 6), consensusByM: Object.fromEntries(rows.map((r) => [String(r.m), r.consensus_s])) } };
}
