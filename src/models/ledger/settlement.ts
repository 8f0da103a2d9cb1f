// Experiment 'settlement': settlement transactions through the full kernel/agent path (aggregator
// agents -> B/A validator agents -> txFinal / txFailed notices back to the aggregators) under each
// consensus rule set (basic | clique | aura). The settlement KPIs are computed from the notices the
// aggregators receive (the time a settlement is known final to its submitter), so the delay that
// Clique's confirmations, Aura's rolling finality, out-of-turn seals and forks add is seen where a
// market would see it; fork and reorganization counts come from the engine of the same run.
import { z } from 'zod';
import type { Row } from '../../sim/recorder.js';
import { Agent } from '../../sim/agent.js';
import { createRng } from '../../sim/rng.js';
import { Simulation } from '../../sim/simulation.js';
import { installPoaNetwork } from '../../agents/validator.js';
import { ForkingPoaEngine } from '../../ledger/fork-engine.js';
import { sha256Hex } from '../../ledger/hash.js';
import type { LedgerOutMsg } from '../../ledger/messages.js';
import { resolvePoa, type PoaParams, type PoaParamsInput } from '../../ledger/params.js';
import type { Transaction } from '../../ledger/types.js';
import { mean, quantile, round } from './run.js';
import type { ExperimentResult, LedgerRunCtx } from './types.js';

export const settlementSchema = z
  .object({
    kind: z.literal('settlement'),
    consensus: z.array(z.enum(['basic', 'clique', 'aura'])).min(1).default(['basic', 'clique', 'aura']).describe('rule sets to run, each on the same submissions'),
    aggregators: z.number().int().min(1).default(20).describe('submitting aggregator agents'),
    slots: z.number().int().min(1).default(6).describe('settlement intervals'),
    slot_s: z.number().positive().default(300).describe('settlement interval, s'),
    perAggregator: z.number().int().min(1).default(20).describe('settlement transactions per aggregator per interval'),
    spread_s: z.number().min(0).default(30).describe('each aggregator submits at uniform random times in the first spread_s of an interval, s'),
    complexity: z.number().positive().default(2),
    size_bytes: z.number().int().positive().default(560),
    deadline_s: z.number().positive().default(60).describe('a settlement is on time when its submitter knows it final within deadline_s of submission, s'),
    ledger: z.record(z.string(), z.unknown()).default({}).describe('ledger parameter overrides for this experiment (e.g. clique.wiggleUnit_s)'),
  })
  .strict();

type Settlement = z.output<typeof settlementSchema>;

interface Sent {
  t: number;
}

/** An aggregator: submits its settlements at seeded random times each interval and records the notices. */
class Aggregator extends Agent<LedgerOutMsg, number> {
  readonly sent = new Map<string, Sent>();
  readonly settled: number[] = [];
  readonly onTime: boolean[] = [];
  failed = 0;
  /** Largest time between a finality (+ notify latency) and its notice reaching this agent, s. */
  noticeLag = 0;
  private readonly deadline_s: number;
  private readonly plan: Transaction[] = [];
  private readonly at: number[] = [];

  constructor(id: string, private readonly to: string, x: Settlement, seed: number, private readonly notify_s: number) {
    super(id);
    this.deadline_s = x.deadline_s;
    const rng = createRng(seed, `ledger:settlement:${id}`);
    const ph = sha256Hex(`settlement ${id}`);
    for (let s = 0; s < x.slots; s++) {
      const ts: number[] = [];
      for (let i = 0; i < x.perAggregator; i++) ts.push(s * x.slot_s + rng.next() * x.spread_s);
      ts.sort((a, b) => a - b);
      for (const t of ts) {
        const n = this.plan.length;
        this.plan.push({ id: `${id}:settle:${n}`, type: 'settlement', sender: id, payloadHash: ph, size_bytes: x.size_bytes, complexity: x.complexity, submit_t_s: t, deadline_t_s: t + x.deadline_s });
        this.at.push(t);
      }
    }
  }

  override onStart(): void {
    this.at.forEach((t, k) => this.setTimer(t, k));
  }

  override onTimer(k: number): void {
    const tx = this.plan[k];
    this.sent.set(tx.id, { t: this.now });
    this.send(this.to, { type: 'submitTx', tx });
  }

  override onMessage(m: LedgerOutMsg): void {
    if (m.type === 'txFinal') {
      const s = this.sent.get(m.txId);
      if (!s) return;
      const d = this.now - s.t;
      this.settled.push(d);
      // on time as its submitter knows it: the notice arrived within the deadline
      this.onTime.push(d <= this.deadline_s + 1e-9);
      this.noticeLag = Math.max(this.noticeLag, this.now - (m.finalT + this.notify_s));
    } else if (m.type === 'txFailed') this.failed++;
  }
}

export function runSettlement(x: Settlement, base: PoaParams, ctx: LedgerRunCtx): ExperimentResult {
  const rows: Row[] = [];
  for (const consensus of x.consensus) {
    const p = resolvePoa({ ...base, ...x.ledger, consensus } as PoaParamsInput, ctx.file, 'experiment.ledger');
    const sim = new Simulation({ seed: ctx.seed });
    let blocks = 0, engineDelay = 0, engineFinal = 0;
    const net = installPoaNetwork(sim, p, {
      recordBlocks: false,
      horizon_s: x.slots * x.slot_s + 3600,
      onBlock: (o) => {
        if (!o.block) return;
        blocks++;
        for (const e of o.included) {
          engineDelay += o.finalT - e.tx.submit_t_s;
          engineFinal++;
        }
      },
    });
    const aggs = Array.from({ length: x.aggregators }, (_, i) => sim.add(new Aggregator(`agg:${i}`, net.submitTo, x, ctx.seed, p.notifyLatency_s)));
    sim.run();
    const d = Float64Array.from(aggs.flatMap((a) => a.settled));
    const submitted = aggs.reduce((s, a) => s + a.sent.size, 0);
    const onTime = aggs.reduce((s, a) => s + a.onTime.filter(Boolean).length, 0);
    const f = net.engine instanceof ForkingPoaEngine ? net.engine.stats : null;
    rows.push({
      consensus,
      submitted,
      settled: d.length,
      failed: aggs.reduce((s, a) => s + a.failed, 0),
      settled_on_time_pct: round(submitted ? (100 * onTime) / submitted : 100, 2),
      mean_settlement_s: round(mean(d), 3),
      p95_settlement_s: round(quantile(d, 0.95), 3),
      max_settlement_s: round(d.length ? Math.max(...d) : NaN, 3),
      engine_mean_delay_s: round(engineFinal ? engineDelay / engineFinal : NaN, 3),
      max_notice_lag_s: round(Math.max(...aggs.map((a) => a.noticeLag)), 6),
      blocks,
      forks: f ? f.forks : 0,
      orphaned_blocks: f ? f.orphaned : 0,
      reorgs: f ? f.reorgs : 0,
      max_reorg_depth: f ? f.maxReorgDepth : 0,
      out_of_turn_blocks: f ? f.outOfTurn : 0,
      skipped_steps: f ? f.skippedSteps : 0,
      empty_blocks: f ? f.emptyBlocks : 0,
      wasted_cpu_s: round(f ? f.wastedCpu_s : 0, 3),
    });
    ctx.log(`settlement: ${consensus} mean ${mean(d).toFixed(2)} s`);
  }
  return {
    tables: { settlement: rows },
    metrics: { settlement: Object.fromEntries(rows.map((r) => [r.consensus as string, { meanSettlement_s: r.mean_settlement_s, p95Settlement_s: r.p95_settlement_s, onTimePct: r.settled_on_time_pct, forks: r.forks, reorgs: r.reorgs }])) },
  };
}
