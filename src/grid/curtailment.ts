// DF control: bring a feeder back inside its operating limits by cutting the flexible loads
// (charging clusters, CEVs) that affect the violated quantity most. The one curtailment rule of the
// project, used by the DF agent (src/agents/df.ts).
//
// Each round takes the worst violation of the exact power flow, in this order: undervoltage (the
// lowest bus), overvoltage (the highest bus), branch overload (the worst loading, only with
// `loading`), total losses (only with `limits.maxLossKw`); an overload or loss excess that cutting
// every eligible load would not clear (by the linear estimate: the base load causes it) is skipped.
// It sizes the cut from a linear
// sensitivity of that quantity to each load (LinDistFlow dV/dP for voltages, 1 for loads fed through
// an overloaded branch in the direction of its flow, the marginal loss factor for losses), cuts the
// most effective loads first (charging for undervoltage, overload and losses; V2G discharge for
// overvoltage) by need / sensitivity times `safety`, capped at what each load draws, re-solves the
// exact power flow and repeats until the limits hold, nothing is left to cut or `maxIter` rounds ran.
//
// A bus whose voltage is out of band with no flexible load at all (`baseVmPu`, the base-load-only
// power flow) cannot be brought back by cutting: cutting every load to zero still leaves it out.
// Such buses are not curtailed for; they are returned in `baseViolatingBuses` for the records.
// A load is never cut below its `floorKw` (what it needs to keep its own commitments, e.g. the
// vehicles' targets); with floors, a violation that cutting every load to its floor would not clear
// (linear estimate) is not cut for at all (it would cost energy without bringing the bus back); it
// stays and is counted by the caller.
import type { LinDistFlowModel } from './lindistflow.js';
import type { PowerFlowResult } from './powerflow.js';
import type { PreparedFeeder } from './topology.js';
import type { GridLimits } from './types.js';

export type CurtailReason = 'undervoltage' | 'overvoltage' | 'overload' | 'losses';

export interface CurtailmentOptions {
  /** Aim this far inside the voltage limits, p.u. (default 0.001). */
  marginPu?: number;
  /** Multiplier on the linear estimate of each cut (default 1.05). */
  safety?: number;
  /** Rounds of cut + exact power flow (default 12). */
  maxIter?: number;
  /** Also clear branch overloads (currents above maxLoadingPct of the rating; default false). */
  loading?: boolean;
}

export interface CurtailmentProblem {
  prep: PreparedFeeder;
  /** LinDistFlow sensitivities of the feeder (voltage cuts). */
  lin: LinDistFlowModel;
  /** Feeder bus index of each flexible load. */
  bus: readonly number[];
  limits: GridLimits;
  /** Exact power flow with the flexible loads at these net powers (kW, consumption positive). */
  flow: (pKw: Float64Array) => PowerFlowResult;
  /**
   * Bus voltages without any flexible load (feeder order). When given, a bus already out of band
   * there is not curtailed for (cutting cannot bring it back) and is reported instead.
   */
  baseVmPu?: ArrayLike<number>;
  /**
   * Per flexible load, the net power it is not cut below (kW; e.g. the charging a CEV's vehicles need
   * now to reach their targets). Default 0: charging can be cut to zero. V2G (overvoltage) cuts are
   * not affected.
   */
  floorKw?: ArrayLike<number>;
  /** The floors for voltage cuts (default floorKw): lower where some of a load's charging may yield to the band only. */
  voltageFloorKw?: ArrayLike<number>;
}

export interface CurtailmentResult {
  /** Net power per flexible load after the cuts, kW. */
  powerKw: Float64Array;
  /** Exact power flow before and after the cuts. */
  before: PowerFlowResult;
  flow: PowerFlowResult;
  curtailed: boolean;
  /** Why each load was cut (the first reason it was cut for), or null. */
  reason: (CurtailReason | null)[];
  /** Feeder bus indices out of band after control that are out of band without any flexible load. */
  baseViolatingBuses: number[];
}

export function curtailToLimits(prob: CurtailmentProblem, pKw: ArrayLike<number>, opts: CurtailmentOptions = {}): CurtailmentResult {
  const margin = opts.marginPu ?? 0.001;
  const safety = opts.safety ?? 1.05;
  const maxIter = opts.maxIter ?? 12;
  const { prep, lin, bus, limits, baseVmPu } = prob;
  const { vMinPu, vMaxPu } = limits;
  const n = prep.n;
  const m = bus.length;
  const p = Float64Array.from(pKw);
  const before = prob.flow(p);
  let flow = before;
  let curtailed = false;
  const reason: (CurtailReason | null)[] = new Array(m).fill(null);
  const floor = (i: number) => Math.max(0, prob.floorKw?.[i] ?? 0);
  const vFloor = (i: number) => Math.max(0, prob.voltageFloorKw?.[i] ?? prob.floorKw?.[i] ?? 0);
  // with floors: a bus that cutting every load to its floor would not bring back (linear estimate)
  // is not cut for (the cuts would not clear it); without floors every violated bus is cut for
  const clearable = (j: number, need: number, raise: boolean) => {
    if (!prob.floorKw) return true;
    let relief = 0;
    for (let i = 0; i < m; i++) relief += -lin.dvdpPuPerKw[j * n + bus[i]] * Math.max(0, raise ? -p[i] : p[i] - vFloor(i));
    return relief >= need;
  };
  const fixable = (j: number) => !baseVmPu || (baseVmPu[j] >= vMinPu && baseVmPu[j] <= vMaxPu);

  for (let it = 0; it < maxIter && flow.converged; it++) {
    const v = flow.vmPu;
    // worst fixable undervoltage, then overvoltage (feeder order, first on ties)
    let ju = -1, jo = -1;
    for (let j = 0; j < n; j++) {
      if (!fixable(j)) continue;
      if (v[j] < vMinPu && (ju < 0 || v[j] < v[ju]) && clearable(j, vMinPu + margin - v[j], false)) ju = j;
      if (v[j] > vMaxPu && (jo < 0 || v[j] > v[jo]) && clearable(j, v[j] - (vMaxPu - margin), true)) jo = j;
    }
    let kind: CurtailReason | null = null;
    let need = 0;
    let effect: (i: number) => number = () => 0;
    // true: the cut raises the net power (less V2G discharge); false: it lowers it (less charging)
    let raise = false;
    if (ju >= 0 || jo >= 0) {
      const j = ju >= 0 ? ju : jo;
      kind = ju >= 0 ? 'undervoltage' : 'overvoltage';
      raise = kind === 'overvoltage';
      need = ju >= 0 ? vMinPu + margin - v[j] : v[j] - (vMaxPu - margin);
      effect = (i) => -lin.dvdpPuPerKw[j * n + bus[i]];
    } else {
      // overloads (worst first), then losses: only those that cutting the loads can clear
      for (const c of otherViolations(prep, flow, limits, opts.loading === true, bus)) {
        let relief = 0;
        for (let i = 0; i < m; i++) relief += c.effect(i) * Math.max(0, c.raise ? -p[i] : p[i] - floor(i));
        if (relief < c.need) continue;
        ({ kind, need, effect, raise } = c);
        break;
      }
    }
    if (kind === null) break;
    const order = Array.from({ length: m }, (_, i) => ({ i, s: effect(i) })).sort((a, b) => b.s - a.s || a.i - b.i);
    let changed = false;
    for (const { i, s } of order) {
      if (need <= 0 || s <= 0) break;
      const room = raise ? Math.max(0, -p[i]) : Math.max(0, p[i] - (kind === 'undervoltage' ? vFloor(i) : floor(i)));
      if (room <= 0) continue;
      const cut = Math.min(room, (need / s) * safety);
      p[i] += raise ? cut : -cut;
      need -= cut * s;
      reason[i] ??= kind;
      changed = true;
    }
    if (!changed) break;
    curtailed = true;
    flow = prob.flow(p);
  }
  const baseViolatingBuses: number[] = [];
  if (baseVmPu) {
    for (let j = 0; j < n; j++) {
      const out = flow.vmPu[j] < vMinPu || flow.vmPu[j] > vMaxPu;
      if (out && !fixable(j)) baseViolatingBuses.push(j);
    }
  }
  return { powerKw: p, before, flow, curtailed, reason, baseViolatingBuses };
}

interface Candidate {
  kind: CurtailReason;
  need: number;
  effect: (i: number) => number;
  raise: boolean;
}

/** Branch overloads (highest loading first; with `loading`) and the loss limit, as cut candidates. */
function otherViolations(prep: PreparedFeeder, flow: PowerFlowResult, limits: GridLimits, loading: boolean, bus: readonly number[]): Candidate[] {
  const out: Candidate[] = [];
  if (loading) {
    const pct = limits.maxLoadingPct ?? 100;
    const over: { e: number; ratio: number }[] = [];
    for (let e = 0; e < prep.feeder.branches.length; e++) {
      const lim = (prep.maxCurrentA[e] * pct) / 100;
      if (!(lim > 0) || !Number.isFinite(lim)) continue;
      const ratio = flow.branches.currentA[e] / lim;
      if (ratio > 1) over.push({ e, ratio });
    }
    over.sort((a, b) => b.ratio - a.ratio || a.e - b.e);
    for (const { e, ratio } of over) {
      const pos = prep.branchOfPos.indexOf(e);
      const pDown = prep.reversedOfPos[pos] ? flow.branches.pToKw[e] : flow.branches.pFromKw[e];
      const qDown = prep.reversedOfPos[pos] ? flow.branches.qToKvar[e] : flow.branches.qFromKvar[e];
      const down = subtreeMask(prep, e);
      // loads behind the branch relieve it: charging ones when it flows downstream, V2G otherwise
      out.push({ kind: 'overload', need: Math.hypot(pDown, qDown) * (1 - 1 / ratio), effect: (i) => (down[bus[i]] === 1 ? 1 : 0), raise: pDown < 0 });
    }
  }
  if (limits.maxLossKw !== undefined && flow.pLossKw > limits.maxLossKw) {
    const lambda = marginalLossFactors(prep, flow);
    out.push({ kind: 'losses', need: flow.pLossKw - limits.maxLossKw, effect: (i) => Math.max(0, lambda[bus[i]]), raise: false });
  }
  return out;
}

/** 1 for feeder buses fed through branch e (its downstream side), else 0. */
export function subtreeMask(prep: PreparedFeeder, e: number): Uint8Array {
  const mask = new Uint8Array(prep.n);
  const root = prep.branchOfPos.indexOf(e);
  if (root < 0) return mask; // out of service
  const inside = new Uint8Array(prep.n);
  inside[root] = 1;
  // Positions are in breadth-first order, so a parent is always decided before its children.
  for (let k = root; k < prep.n; k++) {
    if (k > root && inside[prep.parentPos[k]]) inside[k] = 1;
    if (inside[k]) mask[prep.order[k]] = 1;
  }
  return mask;
}

/**
 * d(total P losses) / d(P load at bus i), kW per kW, per feeder bus: 2 sum over the path of r P / V^2
 * (reactive flows neglected).
 */
export function marginalLossFactors(prep: PreparedFeeder, result: PowerFlowResult): Float64Array {
  const { n, order, parentPos, branchOfPos, reversedOfPos, rPu, sBaseKva } = prep;
  const atPos = new Float64Array(n);
  const out = new Float64Array(n);
  for (let k = 1; k < n; k++) {
    const e = branchOfPos[k];
    const pDown = (reversedOfPos[k] ? result.branches.pToKw[e] : result.branches.pFromKw[e]) / sBaseKva;
    const vUp = result.vmPu[order[parentPos[k]]];
    atPos[k] = atPos[parentPos[k]] + (2 * rPu[k] * pDown) / (vUp * vUp);
    out[order[k]] = atPos[k];
  }
  return out;
}
