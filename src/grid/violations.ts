// Operating-limit checks on a power-flow result: bus voltages, branch loading, total losses.
import type { PreparedFeeder } from './topology.js';
import type { GridLimits } from './types.js';

export type Violation =
  | { kind: 'undervoltage'; busId: number; vPu: number; limitPu: number }
  | { kind: 'overvoltage'; busId: number; vPu: number; limitPu: number }
  | { kind: 'overload'; branchIndex: number; from: number; to: number; currentA: number; limitA: number }
  | { kind: 'losses'; pLossKw: number; limitKw: number };

export type ViolationKind = Violation['kind'];

/** The part of a power-flow result the limit checks read (a PowerFlowResult is one). */
export interface OperatingPoint {
  vmPu: ArrayLike<number>;
  branches: { currentA: ArrayLike<number> };
  pLossKw: number;
}

/**
 * Lists limit violations. Voltage limits: `limits.vMinPu/vMaxPu` when given, else per bus from the
 * feeder. Loading: branch current above maxLoadingPct (default 100) of its rating. Losses: above
 * maxLossKw when given. Order: buses in feeder order, then branches in file order, then losses.
 */
export function detectViolations(
  prep: PreparedFeeder,
  result: OperatingPoint,
  limits: Partial<GridLimits> = {}
): Violation[] {
  const out: Violation[] = [];
  const { vmPu } = result;
  for (let i = 0; i < prep.n; i++) {
    const lo = limits.vMinPu ?? prep.vMinPu[i];
    const hi = limits.vMaxPu ?? prep.vMaxPu[i];
    if (vmPu[i] < lo) out.push({ kind: 'undervoltage', busId: prep.busIds[i], vPu: vmPu[i], limitPu: lo });
    else if (vmPu[i] > hi) out.push({ kind: 'overvoltage', busId: prep.busIds[i], vPu: vmPu[i], limitPu: hi });
  }
  const share = (limits.maxLoadingPct ?? 100) / 100;
  const branches = prep.feeder.branches;
  for (let e = 0; e < branches.length; e++) {
    const limitA = prep.maxCurrentA[e] * share;
    const currentA = result.branches.currentA[e];
    if (currentA > limitA) out.push({ kind: 'overload', branchIndex: e, from: branches[e].from, to: branches[e].to, currentA, limitA });
  }
  if (limits.maxLossKw !== undefined && result.pLossKw > limits.maxLossKw) {
    out.push({ kind: 'losses', pLossKw: result.pLossKw, limitKw: limits.maxLossKw });
  }
  return out;
}

/** One line per violation, for logs and the CLI. */
export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'undervoltage':
      return `bus ${v.busId}: ${v.vPu.toFixed(4)} p.u. < ${v.limitPu} p.u.`;
    case 'overvoltage':
      return `bus ${v.busId}: ${v.vPu.toFixed(4)} p.u. > ${v.limitPu} p.u.`;
    case 'overload':
      return `branch ${v.from}-${v.to}: ${v.currentA.toFixed(1)} A > ${v.limitA.toFixed(1)} A`;
    case 'losses':
      return `losses ${v.pLossKw.toFixed(1)} kW > ${v.limitKw} kW`;
  }
}
