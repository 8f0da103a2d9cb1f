// Scenario model `gvp`: the Global Virtual Prosumer cross-border layer (gvp.md). Runs one horizon
// with the scenario's VPs (or scale.count synthetic VPs) and, when scale.sweep is given, the scale
// study (one horizon per N, KPIs and wall/LP time and peak memory per N in scale.csv).
import type { Kpis } from '../../kpi/index.js';
import type { Row } from '../../sim/recorder.js';
import type { ModelDefinition, RunOutput } from '../../scenarios/model.js';
import { JsonLine, JsonlChunks } from '../../output/csv.js';
import { gvpSchema, type GvpScenario } from './schema.js';
import { runGvpWorld, type GvpRunResult } from './run.js';
import { nestedGreekEnvelopes } from './nested.js';
import type { WorldVp } from '../../gvp/world.js';

export const gvpModel: ModelDefinition<GvpScenario> = {
  name: 'gvp',
  description: 'Global Virtual Prosumer cross-border contract layer with KPIs K1-K10',
  schema: gvpSchema,
  async run(s, ctx): Promise<RunOutput> {
    const g = s.gvp;
    // option: one VP backed by the nested Greek VP simulation
    let nested: Map<string, WorldVp['envelopeSeries']> | undefined;
    let nestedMetrics: Record<string, unknown> | undefined;
    if (g.nested) {
      const vp = g.vps.find((v) => v.id === g.nested!.vp)!;
      const n = await nestedGreekEnvelopes(g.nested, ctx.scenarioFile, ctx.seed, g.horizon.slots, g.horizon.slot_s, vp.utcOffset_h);
      nested = new Map([[vp.id, n.series]]);
      nestedMetrics = { vp: vp.id, envelopes_kwh: n.series, greek: n.greekMetrics };
      ctx.log(`nested Greek VP behind ${vp.id}: flexibility ${n.series.flexibility!.reduce((a, b) => a + b, 0)} kWh/day`);
    }
    const r = await runGvpWorld(g, ctx.seed, nested);
    ctx.log(`${r.vps.length} VPs, ${r.eventCount} lifecycle events, ${r.ledger.length} blocks, ${(r.wallMs / 1000).toFixed(1)} s`);
    // the KPIs were accumulated as the run sealed its blocks (each record once, in seq order)
    const kpis = r.kpis;
    const tables: Record<string, Row[]> = { vps: vpRows(r), identities: r.identities.map((i) => ({ identity: i.id, kind: i.kind, public_key_spki_hex: i.publicKeyHex })) };
    if (g.scale.sweep.length > 0) {
      const rows: Row[] = [];
      for (const n of g.scale.sweep) {
        const rn = n === r.vps.length ? r : await runGvpWorld({ ...g, scale: { ...g.scale, count: n } }, ctx.seed, nested);
        const kn = rn.kpis;
        rows.push(scaleRow(rn, kn));
        ctx.log(`scale N=${n}: ${(rn.wallMs / 1000).toFixed(1)} s, LP ${(rn.lp.ms / 1000).toFixed(2)} s, success ${(100 * Number((kn.K7 as { successRate: number }).successRate)).toFixed(1)}%`);
      }
      tables.scale = rows;
    }
    return {
      metrics: {
        vps: r.vps.length,
        lifecycleEvents: r.eventCount,
        blocks: r.ledger.length,
        droppedBlocks: r.droppedBlocks,
        simEvents: r.simEvents,
        lpSolves: r.lp.solves,
        lpMaxColumns: r.lp.maxCols,
        allocationWelfare_mu: Math.round(r.lp.welfare * 100) / 100,
        ...(nestedMetrics ? { nested: nestedMetrics } : {}),
      },
      kpis,
      tables,
      // the committed events' lines as stored by the chain, written as they are
      events: new JsonlChunks(r.eventLines),
      // each item is its canonical ledger.jsonl line, made from the records and stored digests as
      // the file is written and written as is (JSON.stringify of it gives the same line), so a run
      // never holds its ledger as text
      ledger: jsonLines(r.ledger),
      timings: { worldMs: round(r.wallMs), lpMs: round(r.lp.ms), kpiMs: round(r.kpiMs), peakRss_mb: round(r.peakRssMb), peakHeap_mb: round(r.peakHeapMb) },
    };
  },
};

/** The lines as JsonLine items, made afresh on each iteration. */
function jsonLines(lines: Iterable<string>): Iterable<JsonLine> {
  return {
    *[Symbol.iterator]() {
      for (const l of lines) yield new JsonLine(l);
    },
  };
}

function vpRows(r: GvpRunResult): Row[] {
  return r.vps.map((v) => ({ vp: v.id, archetype: v.archetype, jurisdiction: v.jurisdiction, size: Math.round(v.size * 1e6) / 1e6, reputation_final: Math.round((r.reputation.get(v.id) ?? 0) * 1e6) / 1e6 }));
}

/** One row of the scale study (wall-clock columns are timings, not results). */
export function scaleRow(r: GvpRunResult, k: Kpis): Row {
  const K = k as Record<string, Record<string, unknown>>;
  const pct = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e4 : null);
  return {
    n_vps: r.vps.length,
    wall_s: round(r.wallMs / 1000),
    lp_time_s: round(r.lp.ms / 1000),
    lp_solves: r.lp.solves,
    lp_max_columns: r.lp.maxCols,
    events: r.eventCount,
    sim_events: r.simEvents,
    blocks: r.ledger.length,
    memory_mb: round(r.peakRssMb),
    heap_peak_mb: round(r.peakHeapMb),
    trades: Number((K.K9 as { registeredTrades?: number }).registeredTrades ?? 0),
    settlement_success_pct: pct(K.K7.successRate),
    rejection_pct: pct(K.K6.rate),
    oracle_failure_pct: pct(K.K8.failureRate),
    traceability_pct: pct(K.K9.traceabilityRatio),
    coverage_pct: pct(K.K2.coverage),
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
