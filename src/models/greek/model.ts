// Scenario model `greek`: the Greek Virtual Prosumer case study (Sifakis et al., Energies 2025).
// Builds the world (ESO, VP, one DF per city, CEVs, EVs, optional PoA validators), runs the day
// interval by interval (timing each decision cycle in wall-clock ms), and turns the records into
// tables and metrics (greek-output.ts) plus the optimizer comparison (greek-compare.ts). The VP's
// obligations and delegations become lifecycle events (src/kpi/greek.ts), committed to the ledger
// when it is enabled; K1-K10 are computed from those events and the ledger (src/kpi).
import { DfAgent } from '../../agents/df.js';
import { CevAgent } from '../../agents/greek/cev.js';
import { EsoAgent } from '../../agents/greek/eso.js';
import { EvAgent } from '../../agents/greek/ev.js';
import { FINAL_SETTLE_S, VpAgent, type Scheduler } from '../../agents/greek/vp.js';
import { NO_LEDGER, type LedgerPort } from '../../greek/ledger-port.js';
import { ids } from '../../greek/messages.js';
import { createLpSolver } from '../../optim/lp.js';
import { solveScheduleLp } from '../../optim/schedule-lp.js';
import { shiftPosition, solveSchedulePso } from '../../optim/schedule-pso.js';
import type { ModelDefinition, RunContext, RunOutput } from '../../scenarios/model.js';
import type { Row } from '../../sim/recorder.js';
import { Simulation } from '../../sim/simulation.js';
import { createRng } from '../../sim/rng.js';
import { compareOptimizers, oracleBound } from './compare.js';
import { assignBlocks, installGreekLedger, PoaLedgerPort, submitEvents, type GreekEventRecord, type LedgerStats } from './ledger.js';
import { buildOutput, ledgerMetrics } from './output.js';
import { greekLifecycleEvents, type GreekLifecycleEvent } from '../../kpi/greek.js';
import { computeKpis } from '../../kpi/index.js';
import type { Ev } from '../../kpi/records.js';
import { greekSchema, type GreekConfig, type GreekScenario } from './schema.js';
import { buildWorld } from './world.js';
import { checkGreek } from './check.js';
import type { GreekRun } from './day-run.js';


async function makeScheduler(g: GreekConfig, seed: number, infeasible: number[]): Promise<Scheduler> {
  if (g.scheduler === 'lp') {
    const solver = await createLpSolver(g.lpBackend);
    const b = g.lpBlocking;
    // move blocking (src/optim/schedule-blocks.ts); the small blocked LPs are solved without presolve
    const opts = b ? { blocking: { exactIntervals: Math.max(1, Math.ceil(b.exactMin / g.horizon.stepMin - 1e-9)), blockIntervals: Math.max(1, Math.round(b.blockMin / g.horizon.stepMin)) }, presolve: false } : {};
    return (p, k) => {
      const r = solveScheduleLp(p, solver, opts);
      if (r.status === 'optimal') return r;
      // clearly reported: the decision is recorded as infeasible, then the VP falls back to
      // penalized obligations so the day can continue (never a silent wrong schedule)
      infeasible.push(k);
      const soft = solveScheduleLp({ ...p, obligationPenaltyMuPerKwh: 100 * Math.max(...p.priceMuPerKwh, 1) }, solver, opts);
      return { ...soft, status: r.status, solveMs: r.solveMs + soft.solveMs };
    };
  }
  const rng = createRng(seed, 'vp:pso');
  const o = g.pso;
  let prev: Float64Array | undefined;
  let prevT = 0;
  return (p, k) => {
    const warm = prev ? shiftPosition(prev, p.clusters.length, prevT, p.T, o.blockLen) : undefined;
    const r = solveSchedulePso(p, rng, { ...o, iterations: k === 0 ? o.iterations : o.rollingIterations }, warm);
    prev = r.position;
    prevT = p.T;
    return { status: 'optimal', schedule: r.schedule, objective: r.objective, solveMs: r.solveMs };
  };
}

export async function runGreek(s: GreekScenario, ctx: RunContext): Promise<GreekRun> {
  const g = s.greek;
  const file = ctx.scenarioFile;
  const world = buildWorld(g, ctx.seed, file);
  const { h } = world;
  const coordinated = g.mode === 'sc1';
  // one envelope per CEV with the LP: the rating becomes a soft row of the LP (see VpConfig)
  const softRating = g.scheduler === 'lp' && g.fleet.deadlineGroups === 1;
  const sim = new Simulation({ seed: ctx.seed, trace: ctx.trace });
  const lat = g.latency;
  const toVp = (city: string) => (city === lat.vpCity ? lat.localS : lat.remoteS);
  const cityOfCev = g.cevs.map((c) => c.city);

  let ledger: LedgerPort = NO_LEDGER;
  let ledgerOut: GreekRun['ledger'] = null;
  if (g.ledger.enabled) {
    const { net, stats } = installGreekLedger(sim, g.ledger.validators, g.ledger.blockPeriodS, h.endS);
    ledger = new PoaLedgerPort(net.submitTo, g.ledger.complexity, h.stepS);
    ledgerOut = { stats, submitTo: net.submitTo, lines: () => net.ledgerRecords(), textLines: () => net.ledgerLines() };
  }
  const infeasible: number[] = [];
  const scheduler = await makeScheduler(g, ctx.seed, infeasible);
  const cevRefs = g.cevs.map((c) => ids.cev(c.id));
  const vp = sim.add(
    new VpAgent(
      ids.vp,
      {
        coordinated,
        nCev: g.cevs.length,
        cevRefs,
        esoRef: ids.eso,
        toCevS: cityOfCev.map(toVp),
        toEsoS: lat.remoteS,
        degradationMuPerKwh: g.degradationMuPerKwh,
        v2gWaitMuPerKwh: g.v2gWaitMuPerKwh,
        obligationPenaltyMuPerKwh: g.obligationPenaltyMuPerKwh,
        obligationMarginKw: g.obligationMarginKw,
        voltageMarginPu: g.grid.lpVoltageMarginPu,
        voltagePenaltyMuPerPu: g.grid.lpVoltagePenaltyMuPerPu,
        networkConstraints: g.grid.networkConstraints,
        maxLoadingPct: g.grid.maxLoadingPct,
        // far above any energy price: only used when the groups of a CEV cannot all be served
        shortfallPenaltyMuPerKwh: 100 * Math.max(1, ...world.price),
        // one envelope per CEV (LP): the rating is a soft row priced far above any energy price, so
        // the plan exceeds it only by what the vehicles' targets need (the must-run energy)
        ratingExcessPenaltyMuPerKwh: softRating ? 10 * Math.max(1, ...world.price) : undefined,
      },
      h,
      scheduler,
      ledger
    )
  );
  const eso = sim.add(new EsoAgent(ids.eso, ids.vp, lat.remoteS, world.price, world.obl.pMinKw, world.obl.pMaxKw));
  const dfs = world.grids.map((grid) =>
    sim.add(
      new DfAgent(ids.df(grid.name), grid, {
        nCev: g.cevs.length,
        control: coordinated && g.grid.curtail,
        cevRefs,
        toCevS: lat.localS,
        modelTo: ids.vp,
        toModelS: toVp(grid.name),
        ...(g.grid.maxLoadingPct !== null ? { maxLoadingPct: g.grid.maxLoadingPct, curtailment: { loading: true } } : {}),
      })
    )
  );
  const cevs = g.cevs.map((c, i) =>
    sim.add(
      new CevAgent(
        cevRefs[i],
        {
          index: i,
          limits: { id: c.id, pChMaxKw: c.pChMaxKw, pDisMaxKw: c.pDisMaxKw, v2g: coordinated && g.v2g, targetMarginSoc: g.fleet.planningMargin, softRating },
          coordinated,
          vpRef: ids.vp,
          dfRef: ids.df(c.city),
          toVpS: toVp(c.city),
          toDfS: lat.localS,
          toEvS: lat.evS,
          reportLeadS: 1,
          deadlineGroups: g.scheduler === 'lp' ? g.fleet.deadlineGroups : 1,
        },
        h,
        ledger
      )
    )
  );
  const evs = world.evs.map((spec) => sim.add(new EvAgent(spec, h, cevs[spec.cev].index, lat.evS, !coordinated)));

  const decisionMs: number[] = [];
  for (let k = 0; k < h.T; k++) {
    const t0 = performance.now();
    sim.run(h.startS + (k + 1) * h.stepS - 1.5);
    decisionMs.push(performance.now() - t0);
    ctx.progress?.(k + 1, h.T, 'intervals');
  }
  // the CEVs' final meter readings at the horizon end, and the VP's settlement of the last interval
  sim.run(h.endS + FINAL_SETTLE_S + lat.remoteS);
  // the EVs close their energy bins; afterwards only the ledger runs on (commitLifecycle)
  sim.finish();
  if (infeasible.length > 0) ctx.log(`WARNING: ${infeasible.length} decisions were infeasible (first at interval ${infeasible[0]}); see metrics.infeasibleDecisions`);
  return { world, sim, vp, cevs, dfs, evs, eso, decisionMs, ledger: ledgerOut, infeasibleDecisions: infeasible };
}

/**
 * The run's events in commit order: the lifecycle events of its obligations and delegations
 * (src/kpi/greek.ts, from the timeseries and cev tables) merged by time with the agents' other
 * records (DF curtailments, infeasible decisions), numbered (`seq`) and, with the ledger on,
 * submitted to the validators by their signers once the day's meters have closed; the simulation
 * then runs until every one is in a block, and each record gets the height of its block.
 */
export function commitLifecycle(run: GreekRun, tables: Record<string, Row[]>): { events: GreekEventRecord[]; ledgerLines: string[] | null } {
  const lifecycle = greekLifecycleEvents(tables.timeseries, tables.cev);
  const other = run.sim.recorder.events as GreekLifecycleEvent[];
  const merged = [...lifecycle, ...other].map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i);
  const records = merged.map(({ e }, seq) => ({ seq, block: -1, ...e }) as GreekEventRecord);
  if (!run.ledger) return { events: records, ledgerLines: null };
  submitEvents(run.sim, run.ledger.submitTo, records);
  run.sim.run();
  return { events: assignBlocks(records, run.ledger.stats), ledgerLines: run.ledger.textLines() };
}

const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);
const r6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);

export const greekModel: ModelDefinition<GreekScenario> = {
  name: 'greek',
  description: 'Greek Virtual Prosumer case study: VP, DFs, CEVs, EVs, rolling LP/PSO scheduling, V2G, PoA ledger',
  schema: greekSchema,
  check: (s, ctx) => checkGreek(s.greek, ctx.scenarioFile, s.seed),
  traces: true,
  async run(s, ctx): Promise<RunOutput> {
    const t0 = performance.now();
    const run = await runGreek(s, ctx);
    const t1 = performance.now();
    const out = buildOutput(s.greek, run);
    const { events, ledgerLines } = commitLifecycle(run, out.tables);
    out.events = events;
    if (ctx.trace) out.trace = run.sim.trace ?? undefined;
    if (run.ledger) {
      out.ledger = run.ledger.lines();
      out.metrics.ledger = ledgerMetrics(run.world.h, run.ledger.stats);
    }
    const t2 = performance.now();
    out.kpis = computeKpis(events as Ev[], ledgerLines);
    const t3 = performance.now();
    const timings: Record<string, number> = {};
    // the perfect-foresight bound and this run's gap to it (per kWh delivered: the schedules do not
    // deliver exactly the same energy)
    const oracle = await oracleBound(s.greek, run);
    const perKwh = out.metrics.costPerKwhDeliveredMu as number;
    out.metrics.oracleCostMu = r3(oracle.costMu);
    out.metrics.oracleEnergyDeliveredKwh = r3(oracle.energyDeliveredKwh);
    out.metrics.oracleCostPerKwhMu = r6(oracle.costPerKwhMu);
    out.metrics.optimalityGapPct = r6((100 * (perKwh - oracle.costPerKwhMu)) / Math.abs(oracle.costPerKwhMu));
    timings.oracleMs = oracle.solveMs;
    if (s.greek.compareOptimizers.enabled) {
      const cmp = await compareOptimizers(s.greek, run, ctx.seed);
      out.tables.optimizers = cmp.rows;
      out.metrics.optimizerComparison = cmp.summary;
      Object.assign(timings, cmp.timings);
    }
    out.timings = { ...(out.timings ?? {}), ...timings, simulateMs: t1 - t0, kpiMs: t3 - t2, totalMs: performance.now() - t0 };
    return out;
  },
};
