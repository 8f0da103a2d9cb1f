// One feeder over a day of intervals, as the DF and the VP see it: the base operating point per
// interval (exact power flow with the base load net of RES, no flexible load), linear voltage
// sensitivities for a scheduling LP (the LinDistFlow matrix, or exact power-flow secants per
// interval), and the exact power flow with the flexible loads (charging clusters) added at their
// buses. Flexible loads are numbered globally (across feeders) so one power vector can serve them all.
import { InputError } from '../util/errors.js';
import { linDistFlowSensitivities, type LinDistFlowModel } from './lindistflow.js';
import { solvePowerFlow, type PowerFlowResult } from './powerflow.js';
import type { PreparedFeeder } from './topology.js';
import type { BusLoads } from './types.js';

export interface FeederDay {
  /** Label of the feeder (e.g. the city it serves). */
  name: string;
  prep: PreparedFeeder;
  slackVmPu: number;
  vMinPu: number;
  vMaxPu: number;
  /** Base loads (net of RES) per interval, feeder order. */
  base: BusLoads[];
  /** Base voltages per interval (exact power flow). */
  v0: Float64Array[];
  lin: LinDistFlowModel;
  /**
   * Voltage drop per kW (p.u./kW) at every bus for load added at each flexible load's bus, per
   * interval: sens[k][m][j]. 'lindistflow' uses the LinDistFlow matrix (linearized at the day's mean
   * base load); 'secant' measures it with the exact power flow at interval k's base point plus
   * `secantKw` at the load's bus, which includes the losses LinDistFlow drops.
   */
  sens: Float64Array[][];
  /** Global indices of the flexible loads on this feeder and their feeder bus indices. */
  cevs: number[];
  cevBus: number[];
  /**
   * Base branch flows per interval, by feeder position (BFS order; position 0, the slack, unused):
   * active and reactive power into the branch's downstream side (kW, kvar) and its current (A).
   */
  baseBranch: { pKw: Float64Array; qKvar: Float64Array; currentA: Float64Array }[];
}

export interface FeederDayInput {
  name: string;
  prep: PreparedFeeder;
  slackVmPu: number;
  vMinPu: number;
  vMaxPu: number;
  /** Load multiplier per interval (times each bus's nominal load). */
  loadScale: Float64Array;
  /** RES injections: bus index, capacity kW, normalized profile per interval. */
  res: { bus: number; capacityKw: number; profile: Float64Array }[];
  cevs: number[];
  cevBus: number[];
  sensitivity?: 'lindistflow' | 'secant';
  secantKw?: number;
}

/** What the base case of a feeder day needs (no flexible loads). */
export type BaseCaseInput = Pick<FeederDayInput, 'name' | 'prep' | 'slackVmPu' | 'loadScale' | 'res'>;

/**
 * The base operating point at interval k: loads net of RES and the exact power flow. Throws the
 * InputError of a base case that does not converge (file '': the caller names the scenario file);
 * buildFeederDay and the scenario check (checkBaseCase) both go through here.
 */
export function baseFlowAt(inp: BaseCaseInput, k: number): { loads: BusLoads; pf: PowerFlowResult } {
  const { prep } = inp;
  const s = inp.loadScale[k];
  const pKw = Float64Array.from(prep.feeder.buses, (b) => b.pKw * s);
  const qKvar = Float64Array.from(prep.feeder.buses, (b) => b.qKvar * s);
  for (const r of inp.res) pKw[r.bus] -= r.capacityKw * r.profile[k];
  const pf = solvePowerFlow(prep, { loads: { pKw, qKvar }, slackVmPu: inp.slackVmPu });
  if (!pf.converged) {
    // a scenario problem, not a crash: the caller names the scenario file
    throw new InputError('', `city ${inp.name}`, 'a base case whose power flow converges at every interval (lower peakLoadScale, another slack voltage or a stronger feeder)', `no convergence at interval ${k} (${pf.status})`);
  }
  return { loads: { pKw, qKvar }, pf };
}

/** Solves the base case at every interval, throwing (baseFlowAt) at the first that does not converge. */
export function checkBaseCase(inp: BaseCaseInput): void {
  for (let k = 0; k < inp.loadScale.length; k++) baseFlowAt(inp, k);
}

export function buildFeederDay(inp: FeederDayInput): FeederDay {
  const { prep } = inp;
  const T = inp.loadScale.length;
  const base: BusLoads[] = [];
  const v0: Float64Array[] = [];
  const baseBranch: FeederDay['baseBranch'] = [];
  const mean = { pKw: new Float64Array(prep.n), qKvar: new Float64Array(prep.n) };
  for (let k = 0; k < T; k++) {
    const { loads, pf } = baseFlowAt(inp, k);
    const { pKw, qKvar } = loads;
    base.push(loads);
    v0.push(Float64Array.from(pf.vmPu));
    const bb = { pKw: new Float64Array(prep.n), qKvar: new Float64Array(prep.n), currentA: new Float64Array(prep.n) };
    for (let pos = 1; pos < prep.n; pos++) {
      const e = prep.branchOfPos[pos];
      const rev = prep.reversedOfPos[pos] === 1;
      bb.pKw[pos] = rev ? pf.branches.pToKw[e] : pf.branches.pFromKw[e];
      bb.qKvar[pos] = rev ? pf.branches.qToKvar[e] : pf.branches.qFromKvar[e];
      bb.currentA[pos] = pf.branches.currentA[e];
    }
    baseBranch.push(bb);
    for (let i = 0; i < prep.n; i++) {
      mean.pKw[i] += pKw[i] / T;
      mean.qKvar[i] += qKvar[i] / T;
    }
  }
  const lin = linDistFlowSensitivities(prep, { base: mean, slackVmPu: inp.slackVmPu });
  const n = prep.n;
  const linSens = inp.cevBus.map((b) => Float64Array.from({ length: n }, (_, j) => -lin.dvdpPuPerKw[j * n + b]));
  const dP = inp.secantKw ?? 300;
  const sens = base.map((bl, k) => {
    if (inp.sensitivity !== 'secant') return linSens;
    return inp.cevBus.map((b) => {
      const pKw = Float64Array.from(bl.pKw);
      pKw[b] += dP;
      const pf = solvePowerFlow(prep, { loads: { pKw, qKvar: bl.qKvar }, slackVmPu: inp.slackVmPu });
      return Float64Array.from({ length: n }, (_, j) => Math.max(0, (v0[k][j] - pf.vmPu[j]) / dP));
    });
  });
  return { name: inp.name, prep, slackVmPu: inp.slackVmPu, vMinPu: inp.vMinPu, vMaxPu: inp.vMaxPu, base, v0, lin, sens, cevs: inp.cevs, cevBus: inp.cevBus, baseBranch };
}

/** Number of intervals of the day. */
export function feederDayLength(g: FeederDay): number {
  return g.base.length;
}

/** Exact power flow at interval k with the given flexible net powers (kW, global order). */
export function feederFlow(g: FeederDay, k: number, cevPowerKw: ArrayLike<number>): PowerFlowResult {
  const pKw = Float64Array.from(g.base[k].pKw);
  g.cevs.forEach((c, m) => (pKw[g.cevBus[m]] += cevPowerKw[c]));
  return solvePowerFlow(g.prep, { loads: { pKw, qKvar: g.base[k].qKvar }, slackVmPu: g.slackVmPu, limits: { vMinPu: g.vMinPu, vMaxPu: g.vMaxPu } });
}
