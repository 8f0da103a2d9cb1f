// Scenario model `community`: the local energy community with P2P trading on the PoA ledger
// (docs/community.md). Runs the grid-only counterfactual of the same community first (unless the
// mechanism is grid-only or outputs.baseline is off), then the scenario's mechanism; KPIs are
// computed from the records only (src/kpi/community.ts).
import { computeCommunityKpis } from '../../kpi/community.js';
import type { Ev } from '../../kpi/records.js';
import type { Mechanism } from '../../community/types.js';
import type { ModelDefinition, RunOutput } from '../../scenarios/model.js';
import { JsonLine } from '../../output/csv.js';
import { communityRunFigures } from './figures.js';
import { communityTables, forecastMetrics } from './output.js';
import { runCommunity, type Baseline, type CommunityRun } from './run.js';
import { communitySchema, type CommunityScenario } from './schema.js';
import { buildWorld, feederChecks } from './world.js';

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** The grid-only counterfactual's bills and grid intervals, read from its records. */
export function baselineOf(run: CommunityRun): Baseline {
  const bills = new Map<string, { participant: string; cost_mu: number; import_kwh: number; export_kwh: number }>();
  const grid: Record<string, unknown>[] = [];
  for (const e of run.records) {
    if (e.type === 'Settled') {
      const id = String(e.participant);
      const b = bills.get(id) ?? { participant: id, cost_mu: 0, import_kwh: 0, export_kwh: 0 };
      b.cost_mu += Number(e.gridCostMu) - Number(e.gridRevenueMu) + Number(e.penaltyMu) - Number(e.compensationMu);
      b.import_kwh += Number(e.importKwh);
      b.export_kwh += Number(e.exportKwh);
      bills.set(id, b);
    } else if (e.type === 'GridInterval') {
      const { seq: _s, block: _b, t: _t, type: _y, signer: _g, ...rest } = e;
      grid.push(rest);
    }
  }
  const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
  return { bills: [...bills.values()].map((b) => ({ ...b, cost_mu: r6(b.cost_mu), import_kwh: r6(b.import_kwh), export_kwh: r6(b.export_kwh) })), grid };
}

export const communityModel: ModelDefinition<CommunityScenario> = {
  name: 'community',
  description: 'Local energy community: P2P double auctions on the PoA ledger with state channels, escrow, penalties, fallbacks, carbon tokens and forecasting',
  schema: communitySchema,
  check: (s, ctx) => feederChecks(s.community, ctx.scenarioFile),
  traces: true,
  run(s, ctx): RunOutput {
    const c = s.community;
    const mech = c.market.mechanism as Mechanism;
    const t0 = performance.now();
    const world = buildWorld(c, ctx.seed, ctx.scenarioFile);
    const t1 = performance.now();
    let baseline: Baseline | undefined;
    if (mech !== 'grid-only' && c.outputs.baseline) {
      baseline = baselineOf(runCommunity(c, world, ctx.seed, 'grid-only', undefined, true));
      ctx.log(`grid-only counterfactual: ${baseline.bills.length} bills`);
    }
    const t2 = performance.now();
    // --trace: the traded day's messages (the grid-only counterfactual is not traced)
    const run = runCommunity(c, world, ctx.seed, mech, baseline, false, ctx.trace === true);
    const t3 = performance.now();
    const events = run.records as unknown as Ev[];
    const kpis = computeCommunityKpis(events, run.ledgerLines);
    const t4 = performance.now();
    ctx.log(`${mech}: ${world.participants.length} participants, ${run.records.length} events, ${run.ledgerLines.length} blocks, ${((t3 - t2) / 1000).toFixed(1)} s`);
    const fm = forecastMetrics(world);
    const tables = communityTables(world, run, baseline);
    return {
      metrics: {
        mechanism: mech,
        participants: world.participants.length,
        households: world.participants.filter((p) => p.kind === 'household').length,
        intervals: world.intervals,
        forecastHorizonIntervals: world.h,
        events: run.records.length,
        blocks: run.ledgerLines.length,
        simEvents: run.simEvents,
        unsettledIntervals: run.unsettled,
        insurancePoolFinal_mu: Math.round(run.contract.escrow.insurancePool_mu * 1e6) / 1e6,
        forecast: fm.summary,
      },
      kpis,
      tables: { ...tables, forecast: fm.rows },
      events: run.records,
      // each item is its canonical ledger.jsonl line, written as is
      ledger: run.ledgerLines.map((l) => new JsonLine(l)),
      figures: communityRunFigures(tables, s.name, ctx.seed),
      trace: run.trace,
      timings: { worldMs: r3(t1 - t0), baselineMs: r3(t2 - t1), marketMs: r3(t3 - t2), kpiMs: r3(t4 - t3) },
    };
  },
};
