// How much each charging cluster (CEV) on a feeder should cut to clear its limit violations,
// estimated with the LinDistFlow sensitivities (voltages), the branch flows (loading) and the
// marginal loss factors (losses). Pure: the DF agent only forwards the requests.
//
// Rule: `reduceKw` is a cut in the magnitude of a CEV's net power. Undervoltage, overload and losses
// cut charging (CEVs with pKw > 0); overvoltage cuts V2G discharge (pKw < 0). The cut is shared pro
// rata to each eligible CEV's present power, sized from the binding violation, times a safety factor
// (the linear estimates understate the nonlinear response), and capped at the CEV's present power.
import type { LinDistFlowModel } from './lindistflow.js';
import type { PowerFlowResult } from './powerflow.js';
import { busIndex, type PreparedFeeder } from './topology.js';
import type { Violation } from './violations.js';

export type CurtailReason = 'undervoltage' | 'overvoltage' | 'overload' | 'losses';

export interface CevPowerAtBus {
  cevId: string;
  busId: number;
  /** Present net consumption, kW (negative = V2G discharge). */
  pKw: number;
}

export interface CurtailmentRequest {
  cevId: string;
  /** kW to cut from |pKw| (> 0). */
  reduceKw: number;
  reason: CurtailReason;
}

export interface CurtailmentOptions {
  /** Aim this far inside the voltage limits, p.u. (default 0.002). */
  marginPu?: number;
  /** Multiplier on the linear estimate (default 1.2). */
  safety?: number;
}

export interface CurtailmentPlan {
  requests: CurtailmentRequest[];
  /** Violations that even cutting every eligible CEV to zero would not clear (by the estimate). */
  unresolved: Violation[];
}

export function estimateCurtailment(
  prep: PreparedFeeder,
  result: PowerFlowResult,
  violations: readonly Violation[],
  model: LinDistFlowModel,
  cevs: readonly CevPowerAtBus[],
  opts: CurtailmentOptions = {}
): CurtailmentPlan {
  const margin = opts.marginPu ?? 0.002;
  const safety = opts.safety ?? 1.2;
  const n = prep.n;
  const cevBus = cevs.map((c) => busIndex(prep, c.busId, prep.feeder.file, `CEV ${c.cevId} bus`));
  // Largest share (0..1) of its present power each CEV must cut, and why.
  const share = new Float64Array(cevs.length);
  const why: (CurtailReason | null)[] = cevs.map(() => null);
  const unresolved: Violation[] = [];
  const demand = (reason: CurtailReason, v: Violation, eligible: (c: number) => boolean, need: number, effect: (c: number) => number) => {
    let total = 0;
    for (let c = 0; c < cevs.length; c++) if (eligible(c)) total += effect(c) * Math.abs(cevs[c].pKw);
    const k = total > 0 ? (need * safety) / total : Infinity;
    if (k > 1) unresolved.push(v);
    for (let c = 0; c < cevs.length; c++) {
      if (eligible(c) && Math.min(1, k) > share[c]) {
        share[c] = Math.min(1, k);
        why[c] = reason;
      }
    }
  };
  const charging = (c: number) => cevs[c].pKw > 0;
  const discharging = (c: number) => cevs[c].pKw < 0;

  for (const v of violations) {
    if (v.kind === 'undervoltage' || v.kind === 'overvoltage') {
      const j = prep.indexOfBus.get(v.busId)!;
      const need = v.kind === 'undervoltage' ? v.limitPu + margin - v.vPu : v.vPu - (v.limitPu - margin);
      const effect = (c: number) => -model.dvdpPuPerKw[j * n + cevBus[c]];
      demand(v.kind, v, v.kind === 'undervoltage' ? charging : discharging, need, effect);
    } else if (v.kind === 'overload') {
      // Cut the CEVs fed through this branch, in the direction of its flow, by the excess share of its flow.
      const downstream = subtreeMask(prep, v.branchIndex);
      const k = prep.branchOfPos.indexOf(v.branchIndex);
      const pDownKw = prep.reversedOfPos[k] ? result.branches.pToKw[v.branchIndex] : result.branches.pFromKw[v.branchIndex];
      const qDown = prep.reversedOfPos[k] ? result.branches.qToKvar[v.branchIndex] : result.branches.qFromKvar[v.branchIndex];
      const need = Math.hypot(pDownKw, qDown) * (1 - v.limitA / v.currentA);
      const direction = pDownKw >= 0 ? charging : discharging;
      demand('overload', v, (c) => downstream[cevBus[c]] === 1 && direction(c), need, () => 1);
    } else {
      const lambda = marginalLossFactors(prep, result);
      demand('losses', v, charging, v.pLossKw - v.limitKw, (c) => Math.max(lambda[cevBus[c]], 1e-9));
    }
  }
  const requests: CurtailmentRequest[] = [];
  for (let c = 0; c < cevs.length; c++) {
    const reason = why[c];
    if (reason && share[c] > 0) requests.push({ cevId: cevs[c].cevId, reduceKw: share[c] * Math.abs(cevs[c].pKw), reason });
  }
  return { requests, unresolved };
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
