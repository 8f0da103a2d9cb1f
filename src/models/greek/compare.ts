// Optimizer comparison (replaces the paper's qualitative radar chart): the day-ahead scheduling
// problem with every vehicle of the day known (forecast envelopes from the fleet), solved by HiGHS
// (reference optimum), PSO and, on a small instance cut from the same day, javascript-lp-solver.
// Reports objective, gap to HiGHS and the largest constraint violation of each answer (rows and
// summary, deterministic), and each solver's wall time separately (`timings`, for summary.timings
// as `optimizer<Instance><Solver>Ms`, e.g. optimizerDayHighsMs; see optimizerTimingKey).
import type { EvSpec } from '../../greek/battery.js';
import { clusterEnvelope } from '../../greek/envelope.js';
import { voltageRows } from '../../greek/network.js';
import { createLpSolver } from '../../optim/lp.js';
import { evaluateSchedule, type SchedulingProblem } from '../../optim/schedule.js';
import { solveScheduleLp } from '../../optim/schedule-lp.js';
import { solveSchedulePso } from '../../optim/schedule-pso.js';
import type { Row } from '../../sim/recorder.js';
import { createRng } from '../../sim/rng.js';
import type { GreekRun } from './day-run.js';
import type { GreekConfig } from './schema.js';

/** jslp's dense tableau is only attempted below this many columns. */

const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
/** summary.timings key of one optimizer's wall time on one comparison instance: optimizerDayHighsMs. */
export function optimizerTimingKey(instance: string, solver: string): string {
  return `optimizer${cap(instance)}${cap(solver)}Ms`;
}

export const JSLP_MAX_COLS = 1500;

export function dayAheadProblem(g: GreekConfig, run: Pick<GreekRun, 'world'>): SchedulingProblem {
  const { world } = run;
  const { h } = world;
  const clusters = g.cevs.map((c, i) =>
    clusterEnvelope(
      { id: c.id, pChMaxKw: c.pChMaxKw, pDisMaxKw: c.pDisMaxKw, v2g: g.v2g },
      world.evs.filter((e) => e.cev === i).map((spec) => ({ spec, eKwh: spec.socInit * spec.capacityKwh })),
      h.startS,
      h.stepS,
      h.T
    )
  );
  const m = g.obligationMarginKw;
  const rows = g.grid.networkConstraints
    ? world.grids.flatMap((gr) => voltageRows(gr, 0, h.T, g.cevs.length, clusters.map((c) => c.pChMaxKw), clusters.map((c) => c.pDisMaxKw), g.grid.lpVoltageMarginPu))
    : [];
  return {
    T: h.T,
    dtH: h.stepS / 3600,
    priceMuPerKwh: world.price,
    degradationMuPerKwh: g.degradationMuPerKwh,
    clusters,
    pMinKw: world.obl.pMinKw.map((v) => (v === -Infinity ? v : v + m)),
    pMaxKw: world.obl.pMaxKw.map((v) => (v === Infinity ? v : v - m)),
    obligationPenaltyMuPerKwh: g.obligationPenaltyMuPerKwh,
    voltageRows: rows,
    voltagePenaltyMuPerPu: g.grid.lpVoltagePenaltyMuPerPu,
  };
}

/** The first `nC` clusters over the first `T` intervals (obligations scaled by the cluster share). */
export function smallInstance(p: SchedulingProblem, nC: number, T: number): SchedulingProblem {
  const cut = (a: Float64Array) => a.slice(0, T);
  const clusters = p.clusters.slice(0, nC).map((c) => ({ ...c, pChMaxKw: cut(c.pChMaxKw), pDisMaxKw: cut(c.pDisMaxKw), eLowKwh: cut(c.eLowKwh), eHighKwh: cut(c.eHighKwh) }));
  return {
    ...p,
    T,
    priceMuPerKwh: cut(p.priceMuPerKwh),
    clusters,
    pMinKw: cut(p.pMinKw).fill(-Infinity),
    pMaxKw: cut(p.pMaxKw).fill(Infinity),
    voltageRows: p.voltageRows.filter((r) => r.t < T).map((r) => ({ ...r, sensPuPerKw: r.sensPuPerKw.slice(0, nC) })),
  };
}

export async function compareOptimizers(g: GreekConfig, run: Pick<GreekRun, 'world'>, seed: number): Promise<{ rows: Row[]; summary: Record<string, unknown>; timings: Record<string, number> }> {
  const full = dayAheadProblem(g, run);
  const c = g.compareOptimizers;
  const small = smallInstance(full, Math.min(c.smallClusters, full.clusters.length), Math.min(c.smallIntervals, full.T));
  const highs = await createLpSolver('highs');
  const jslp = await createLpSolver('jslp');
  const rows: Row[] = [];
  const summary: Record<string, unknown> = {};
  const timings: Record<string, number> = {};
  for (const [name, p] of [['day', full], ['small', small]] as const) {
    const ref = solveScheduleLp(p, highs);
    const refObj = ref.objective;
    const add = (solver: string, status: string, obj: number, ms: number, viol: number, note = '') => {
      const gap = Number.isFinite(obj) && Number.isFinite(refObj) ? (100 * (obj - refObj)) / Math.max(1e-9, Math.abs(refObj)) : null;
      rows.push({ instance: name, solver, status, clusters: p.clusters.length, intervals: p.T, objective_mu: Number.isFinite(obj) ? obj : null, gap_pct: gap, max_violation: Number.isFinite(viol) ? viol : null, note });
      summary[`${name}:${solver}`] = { status, objectiveMu: Number.isFinite(obj) ? obj : null, gapPct: gap, maxViolation: Number.isFinite(viol) ? viol : null };
      if (status !== 'skipped') timings[optimizerTimingKey(name, solver)] = Math.round(ms * 10) / 10;
    };
    add('highs', ref.status, refObj, ref.solveMs + ref.buildMs, ref.status === 'optimal' ? evaluateSchedule(p, ref.schedule).maxViolation : NaN);
    if (ref.cols <= JSLP_MAX_COLS) {
      const r = solveScheduleLp(p, jslp);
      add('jslp', r.status, r.objective, r.solveMs + r.buildMs, r.status === 'optimal' ? evaluateSchedule(p, r.schedule).maxViolation : NaN);
    } else {
      add('jslp', 'skipped', NaN, 0, NaN, `${ref.cols} columns > ${JSLP_MAX_COLS}: dense tableau too slow`);
    }
    const ps = solveSchedulePso(p, createRng(seed, `compare:pso:${name}`), { ...g.pso, iterations: c.psoIterations, particles: c.psoParticles });
    const ev = evaluateSchedule(p, ps.schedule);
    add('pso', 'heuristic', ev.objective, ps.solveMs, ev.maxViolation, `${ps.iterations} iterations, ${ps.evaluations} evaluations`);
  }
  return { rows, summary, timings };
}

export interface OracleBound {
  status: string;
  costMu: number;
  /** Battery-side energy the plan puts into the vehicles, kWh. */
  energyDeliveredKwh: number;
  costPerKwhMu: number;
  solveMs: number;
}

/**
 * The perfect-foresight bound: the day-ahead problem with every arrival, departure and price known
 * (dayAheadProblem without CEV ratings, voltage rows and the obligation margin), solved once by
 * HiGHS. Its per-cluster envelopes are a relaxation of the per-vehicle constraints (sums of
 * per-vehicle bounds). It is planned with the wear cost the VP plans with, and reported like a run's
 * `totalCostMu`: the settled cost, energy bought minus V2G sold (wear is not settled), so the two
 * are compared in the same terms.
 */
export async function oracleBound(g: GreekConfig, run: Pick<GreekRun, 'world'> & { evs?: readonly { spec: { id: string }; eKwh: number }[] }): Promise<OracleBound> {
  // a relaxation of everything the rolling VP must respect besides targets and obligations: no CEV
  // rating (SC1 may exceed it where targets need it) and no voltage rows (keeping the band can only
  // cost more), so its cost bounds every run's from below, on a stressed grid too
  const world = run.world;
  // the run's deliveries: a vehicle the run left below its target (a best-effort vehicle the DF cut
  // for the band, one that missed) is required to get what it got, not more, so the bound stays a
  // relaxation of what the run did (the cheapest way to make the same deliveries)
  const got = new Map((run.evs ?? []).map((a) => [a.spec.id, a.eKwh]));
  const required = (spec: EvSpec): EvSpec => {
    const e = got.get(spec.id);
    const full = spec.socTarget * spec.capacityKwh;
    return e === undefined || e >= full - 1e-9 ? spec : { ...spec, socTarget: Math.max(spec.socInit, e / spec.capacityKwh) };
  };
  // the obligation margin is the rolling plan's allowance for what it cannot foresee: the bound
  // foresees everything and keeps the band itself
  const p = { ...dayAheadProblem({ ...g, obligationMarginKw: 0, grid: { ...g.grid, networkConstraints: false } }, run) };
  p.clusters = g.cevs.map((c, i) =>
    clusterEnvelope(
      { id: c.id, pChMaxKw: c.pChMaxKw, pDisMaxKw: c.pDisMaxKw, v2g: g.v2g, softRating: true },
      world.evs.filter((e) => e.cev === i).map((spec) => ({ spec: required(spec), eKwh: spec.socInit * spec.capacityKwh })),
      world.h.startS,
      world.h.stepS,
      world.h.T
    )
  );
  const r = solveScheduleLp(p, await createLpSolver('highs'));
  if (r.status !== 'optimal') return { status: r.status, costMu: NaN, energyDeliveredKwh: NaN, costPerKwhMu: NaN, solveMs: r.solveMs + r.buildMs };
  let e = 0, cost = 0;
  const v2g = p.v2gPriceMuPerKwh ?? p.priceMuPerKwh;
  p.clusters.forEach((cl, c) => {
    for (let t = 0; t < p.T; t++) {
      e += p.dtH * (cl.etaCh * r.schedule.ch[c][t] - r.schedule.dis[c][t] / cl.etaDis);
      cost += p.dtH * (p.priceMuPerKwh[t] * r.schedule.ch[c][t] - v2g[t] * r.schedule.dis[c][t]);
    }
  });
  return { status: r.status, costMu: cost, energyDeliveredKwh: e, costPerKwhMu: cost / Math.max(1e-9, e), solveMs: r.solveMs + r.buildMs };
}
