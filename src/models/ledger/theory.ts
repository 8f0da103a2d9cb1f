// Experiments 'theory' (paper Figs. 13 and 16, issue: theory vs simulation over a documented grid)
// and 'throughput' (offered vs served load, saturation predicted and found, a ramp past capacity).
// The analytical side is src/ledger/theory/ (independent of the engine); the simulated side is the
// engine through runStream / the fast path, pooled over seeds for the stochastic conditions.
import { z } from 'zod';
import type { Row } from '../../sim/recorder.js';
import { FastPoaNetwork } from '../../ledger/fastnet.js';
import type { ForkStats } from '../../ledger/fork-engine.js';
import { sha256Hex } from '../../ledger/hash.js';
import { resolvePoa, type PoaParams, type PoaParamsInput, type ResolvedPoa } from '../../ledger/params.js';
import { burstDtotal, pipeline, predictSlotDtotal, predictStream, saturationRate, servedThroughput } from '../../ledger/theory/index.js';
import { rateAt, type Workload } from '../../ledger/workload.js';
import { mean, quantile, round, runStream } from './run.js';
import type { ExperimentResult, LedgerRunCtx } from './types.js';

// Fields every experiment case shares (one definition, so the schemas cannot drift apart).
const caseCore = {
  name: z.string(),
  validators: z.number().int().min(1),
  complexity: z.number().positive(),
  size_bytes: z.number().int().positive().default(250),
};
const faultsOverride = z.record(z.string(), z.unknown()).default({}).describe('fault settings merged over ledger.faults');

const streamCase = z
  .object({
    ...caseCore,
    rate_tps: z.number().positive().describe('Poisson arrival rate, tx/s'),
    duration_s: z.number().positive().default(600),
    deadline_s: z.number().positive().nullable().default(null),
    deadlineSpread_s: z.number().min(0).default(0),
    faults: faultsOverride,
  })
  .strict();

const burstCase = z.object({ N: z.array(z.number().int().min(1)).min(1), M: z.array(z.number().int().min(1)).min(1), C: z.array(z.number().positive()).min(1), size_bytes: z.number().int().positive().default(250) }).strict();

const slotCase = z
  .object({ name: z.string(), validators: z.number().int().min(1), complexity: z.number().positive(), size_bytes: z.number().int().positive().default(250), perSlot: z.number().int().min(1), spread_s: z.number().min(0), slots: z.number().int().min(1).default(12), slot_s: z.number().positive().default(300) })
  .strict();

const saturationCase = z
  .object({
    ...caseCore,
    loads_tps: z.array(z.number().positive()).min(2).describe('offered Poisson loads bracketing the knee, tx/s (the most served must lie inside)'),
    duration_s: z.number().positive().default(300).describe('length of each load step, s'),
    faults: faultsOverride,
  })
  .strict();

export const theorySchema = z
  .object({
    kind: z.literal('theory'),
    seeds: z.array(z.number().int()).min(1).default([1, 2, 3]).describe('seeds pooled for the stochastic conditions'),
    streams: z.array(streamCase).default([]),
    bursts: burstCase.nullable().default(null),
    slots: z.array(slotCase).default([]),
    saturation: z.array(saturationCase).default([]).describe('saturation throughput: predicted vs the most served in steady state over a load sweep (theory_saturation.csv)'),
  })
  .strict();

export const throughputSchema = z
  .object({
    kind: z.literal('throughput'),
    complexity: z.number().positive().default(1),
    size_bytes: z.number().int().positive().default(250),
    loads_tps: z.array(z.number().positive()).min(2).describe('offered Poisson loads, tx/s'),
    duration_s: z.number().positive().default(300).describe('length of each load step, s'),
    ramp: z.array(z.tuple([z.number().min(0), z.number().min(0)])).nullable().default(null).describe('[t_s, tps] ramp past capacity (queue.csv), null = none'),
    rampDuration_s: z.number().positive().default(1200),
    window_s: z.number().positive().default(60),
  })
  .strict();

const sum = (rows: ForkStats[], k: 'forks' | 'orphaned' | 'reorgs') => rows.reduce((a, f) => a + f[k], 0);
const pct = (a: number, b: number) => (100 * (a - b)) / b;

function streamWorkload(c: z.output<typeof streamCase>): Workload {
  return { kind: 'poisson', duration_s: c.duration_s, slot_s: 300, perSlot: 0, profile: null, profileStep_s: null, poissonCounts: false, spread_s: 0, rate_tps: [[0, c.rate_tps]], senders: 40, senderSkew: 0, mix: [{ type: 'grid', share: 1, complexity: c.complexity, size_bytes: c.size_bytes, deadline_s: c.deadline_s, deadlineSpread_s: c.deadlineSpread_s }] };
}

/** One Poisson load step through the simulator: served within the step and in steady state. */
function loadStep(p: ResolvedPoa, c: { complexity: number; size_bytes: number }, L: number, duration_s: number, seed: number, name: string) {
  const mix = [{ type: 'flood', share: 1, complexity: c.complexity, size_bytes: c.size_bytes, deadline_s: null, deadlineSpread_s: 0 }];
  const w: Workload = { kind: 'poisson', duration_s, slot_s: 300, perSlot: 0, profile: null, profileStep_s: null, poissonCounts: false, spread_s: 0, rate_tps: [[0, L]], senders: 40, senderSkew: 0, mix };
  // served: final within the step / its length; steady: the rate at which blocks become final in
  // its second half (transactions of the blocks after the first / time from the first to the last
  // finality there): past the start-up from an empty chain, not cut by the delay of the step's last
  // arrivals, and not rounded to whole blocks
  let finalIn = 0, finalLate = 0, blocks = 0, lateFirst = Infinity, lateLast = -Infinity;
  const st = runStream(p, w, seed, name, { keepBlocks: false, onBlock: (o) => {
    if (o.block) blocks++;
    if (o.block && o.finalT <= duration_s) {
      finalIn += o.included.length;
      if (o.finalT > duration_s / 2) {
        if (lateFirst === Infinity) lateFirst = o.finalT;
        else finalLate += o.included.length;
        lateLast = Math.max(lateLast, o.finalT);
      }
    }
  } });
  return { st, blocks, served: finalIn / duration_s, steady: lateLast > lateFirst ? finalLate / (lateLast - lateFirst) : 0, backlog: st.submitted - finalIn };
}

export function runTheory(x: z.output<typeof theorySchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const rows: Row[] = [];
  for (const [i, c] of x.streams.entries()) {
    const p = resolvePoa({ ...base, validators: c.validators, quorum: null, faults: { ...base.faults, ...c.faults } } as PoaParamsInput, ctx.file, `experiment.streams.${i}`);
    const delays: number[] = [];
    let sub = 0, on = 0;
    for (const seed of x.seeds) {
      const st = runStream(p, streamWorkload(c), seed, `theory-${c.name}`, { keepBlocks: false });
      for (const d of st.delays) delays.push(d);
      sub += st.submitted;
      on += st.onTime;
    }
    const crash = p.faults.crashes[0] ?? null;
    const th = predictStream(p, { rate_tps: c.rate_tps, cls: { complexity: c.complexity, size_bytes: c.size_bytes }, deadline: { deadline_s: c.deadline_s, deadlineSpread_s: c.deadlineSpread_s }, duration_s: c.duration_s, crash });
    const sm = mean(delays), sp = quantile(delays, 0.95), miss = sub ? 100 * (1 - on / sub) : 0;
    rows.push({ condition: c.name, kind: 'stream', m: c.validators, c: c.complexity, load_tps: c.rate_tps, n_tx: null, sim_mean_s: round(sm), theory_mean_s: round(th.mean_s), mean_err_pct: round(pct(th.mean_s, sm), 2), sim_p95_s: round(sp), theory_p95_s: round(th.p95_s), p95_err_pct: round(pct(th.p95_s, sp), 2), sim_miss_pct: round(miss, 2), theory_miss_pct: round(100 * th.missProb, 2), miss_err_pp: round(100 * th.missProb - miss, 2), theory_saturation_tps: round(th.saturation_tps, 1) });
    ctx.log(`theory: ${c.name} done`);
  }
  if (x.bursts) {
    const b = x.bursts;
    const ph = sha256Hex('theory burst payload');
    for (const M of b.M) for (const C of b.C) for (const N of b.N) {
      const p = resolvePoa({ ...base, validators: M, quorum: null });
      let last = 0;
      const net = new FastPoaNetwork(p, { seed: x.seeds[0], onBlock: (o) => { if (o.block) last = Math.max(last, o.finalT); } });
      for (let i = 0; i < N; i++) net.submit({ id: `b${i}`, type: 'load', sender: `agg:${i % 40}`, payloadHash: ph, size_bytes: b.size_bytes, complexity: C, submit_t_s: 0, deadline_t_s: null }, 0);
      net.drain();
      const th = burstDtotal(pipeline(p, { complexity: C, size_bytes: b.size_bytes }), N).dtotal_s;
      rows.push({ condition: `burst M=${M} C=${C} N=${N}`, kind: 'burst', m: M, c: C, load_tps: null, n_tx: N, sim_mean_s: round(last), theory_mean_s: round(th), mean_err_pct: round(pct(th, last), 2), sim_p95_s: round(last), theory_p95_s: round(th), p95_err_pct: round(pct(th, last), 2), sim_miss_pct: null, theory_miss_pct: null, miss_err_pp: null, theory_saturation_tps: null });
    }
    ctx.log('theory: bursts done');
  }
  for (const s of x.slots) {
    const p = resolvePoa({ ...base, validators: s.validators, quorum: null });
    const d: number[] = [];
    for (const seed of x.seeds) {
      const w: Workload = { kind: 'slots', duration_s: s.slots * s.slot_s, slot_s: s.slot_s, perSlot: s.perSlot, profile: null, profileStep_s: null, poissonCounts: true, spread_s: s.spread_s, rate_tps: [[0, 0]], senders: 40, senderSkew: 0, mix: [{ type: 'grid', share: 1, complexity: s.complexity, size_bytes: s.size_bytes, deadline_s: null, deadlineSpread_s: 0 }] };
      const st = runStream(p, w, seed, `theory-${s.name}`, { slot_s: s.slot_s, keepBlocks: false });
      st.slots.forEach((sl, k) => { if (sl.finalOfSlot > 0) d.push(sl.maxFinalT - k * s.slot_s); });
    }
    const th = predictSlotDtotal(p, { perSlot: s.perSlot, poissonCounts: true, spread_s: s.spread_s, cls: { complexity: s.complexity, size_bytes: s.size_bytes } });
    const sm = mean(d), sp = quantile(d, 0.95);
    rows.push({ condition: s.name, kind: 'slots', m: s.validators, c: s.complexity, load_tps: null, n_tx: s.perSlot, sim_mean_s: round(sm), theory_mean_s: round(th.mean_s), mean_err_pct: round(pct(th.mean_s, sm), 2), sim_p95_s: round(sp), theory_p95_s: round(th.p95_s), p95_err_pct: round(pct(th.p95_s, sp), 2), sim_miss_pct: null, theory_miss_pct: null, miss_err_pp: null, theory_saturation_tps: null });
  }
  const sat: Row[] = [];
  for (const [i, c] of x.saturation.entries()) {
    const p = resolvePoa({ ...base, validators: c.validators, quorum: null, faults: { ...base.faults, ...c.faults } } as PoaParamsInput, ctx.file, `experiment.saturation.${i}`);
    const predicted = saturationRate(pipeline(p, { complexity: c.complexity, size_bytes: c.size_bytes }));
    const steady = c.loads_tps.map((L) => loadStep(p, c, L, c.duration_s, x.seeds[0], `saturation-${c.name}-${L}`).steady);
    const best = steady.indexOf(Math.max(...steady));
    const found = steady[best];
    sat.push({ condition: c.name, m: c.validators, c: c.complexity, size_bytes: c.size_bytes, lowest_load_tps: c.loads_tps[0], highest_load_tps: c.loads_tps[c.loads_tps.length - 1], peak_offered_tps: c.loads_tps[best], peak_inside: best > 0 && best < c.loads_tps.length - 1, sim_saturation_tps: round(found, 1), theory_saturation_tps: round(predicted, 1), saturation_err_pct: round(pct(predicted, found), 2) });
    ctx.log(`theory: saturation ${c.name} done`);
  }
  const abs = (k: string, rs: Row[] = rows) => Math.max(0, ...rs.map((r) => r[k]).filter((v): v is number => typeof v === 'number').map(Math.abs));
  return {
    tables: { theory_grid: rows, ...(sat.length ? { theory_saturation: sat } : {}) },
    metrics: { theoryGridPoints: rows.length, theoryMaxMeanErrPct: abs('mean_err_pct'), theoryMaxP95ErrPct: abs('p95_err_pct'), theoryMaxMissErrPp: abs('miss_err_pp'), ...(sat.length ? { theoryMaxSaturationErrPct: abs('saturation_err_pct', sat) } : {}) },
  };
}

export function runThroughput(x: z.output<typeof throughputSchema>, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const p = resolvePoa(base, ctx.file);
  const k = pipeline(p, { complexity: x.complexity, size_bytes: x.size_bytes });
  // the analytical model's block cycle covers all three rule sets (for clique | aura: the period /
  // step and the import path; forks are not modelled), so its served and saturation columns are shown
  const th = (v: number) => round(v, 2);
  const mix = [{ type: 'flood', share: 1, complexity: x.complexity, size_bytes: x.size_bytes, deadline_s: null, deadlineSpread_s: 0 }];
  const rows: Row[] = [];
  const forkRows: ForkStats[] = [];
  for (const L of x.loads_tps) {
    const { st, blocks: countBlocks, served, steady, backlog } = loadStep(p, x, L, x.duration_s, ctx.seed, `throughput-${L}`);
    const f = st.forks;
    rows.push({ offered_tps: L, served_tps: round(served, 2), served_steady_tps: round(steady, 2), theory_served_tps: th(servedThroughput(k, L)), backlog_end_tx: backlog, mean_delay_s: round(mean(st.delays), 3), p95_delay_s: round(quantile(st.delays, 0.95), 3), ...(f ? { blocks: countBlocks, forks: f.forks, orphaned_blocks: f.orphaned, reorgs: f.reorgs, out_of_turn_blocks: f.outOfTurn, skipped_steps: f.skippedSteps, wasted_cpu_s: round(f.wastedCpu_s, 3) } : {}) });
    if (f) forkRows.push(f);
  }
  const sat = saturationRate(k);
  // the simulation's saturation: the most served in steady state (second half of a step)
  const found = Math.max(...rows.map((r) => r.served_steady_tps as number));
  const queue: Row[] = [];
  if (x.ramp) {
    const w: Workload = { kind: 'poisson', duration_s: x.rampDuration_s, slot_s: 300, perSlot: 0, profile: null, profileStep_s: null, poissonCounts: false, spread_s: 0, rate_tps: x.ramp, senders: 40, senderSkew: 0, mix };
    const n = Math.ceil(x.rampDuration_s / x.window_s);
    // one run; its per-window counts: arrivals (incoming) and transactions final in the window
    const st = runStream(p, w, ctx.seed, 'throughput-ramp', { slot_s: x.window_s, keepBlocks: false });
    let cumIn = 0, cumOut = 0;
    for (let i = 0; i < n; i++) {
      const sl = st.slots[i];
      cumIn += sl ? sl.incoming : 0;
      cumOut += sl ? sl.finalizedIn : 0;
      const t0 = i * x.window_s;
      const off = rateAt(x.ramp, t0 + x.window_s / 2);
      queue.push({ t_s: t0, offered_tps: round(off, 2), served_tps: round((st.slots[i]?.finalizedIn ?? 0) / x.window_s, 2), theory_served_tps: th(servedThroughput(k, off)), queue_tx: cumIn - cumOut });
    }
  }
  return {
    tables: { throughput: rows, ...(queue.length ? { queue } : {}) },
    metrics: {
      saturationTheory_tps: round(sat, 1),
      saturationSim_tps: round(found, 1),
      maxServed_tps: round(Math.max(...rows.map((r) => r.served_tps as number)), 1),
      consensus: p.consensus ?? 'basic',
      ...(forkRows.length ? { forks: sum(forkRows, 'forks'), orphanedBlocks: sum(forkRows, 'orphaned'), reorgs: sum(forkRows, 'reorgs'), maxReorgDepth: Math.max(...forkRows.map((f) => f.maxReorgDepth)), finalityStalled: forkRows.some((f) => f.stalled) } : {}),
    },
  };
}
