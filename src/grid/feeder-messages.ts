// Messages between a feeder (DF) agent and the flexible loads (CEVs) and scheduler (VP) around it.
// Flexible loads are numbered globally (index `cev`), intervals 0-based (`k`).
import type { CurtailReason } from './curtailment.js';
import type { FeederDay } from './feeder-day.js';

/** CEV -> DF: the cluster's net power for interval k (kW, consumption positive; V2G negative). */
export interface CevPowerMsg {
  type: 'cevPower';
  cev: number;
  k: number;
  pKw: number;
  /**
   * Net power the load cannot go below without failing its own commitments (a CEV: the charging its
   * vehicles need now to keep their targets reachable), kW. The DF does not cut below it. Absent: 0.
   */
  floorKw?: number;
  /** The floor for voltage cuts when lower than floorKw (a CEV: without best-effort charging), kW. Absent: floorKw. */
  voltageFloorKw?: number;
}

/** DF -> CEV: keep the net power of interval k at or below capKw (charging cut) or, for overvoltage, at or above it. */
export interface CurtailMsg {
  type: 'curtail';
  k: number;
  capKw: number;
  reason: CurtailReason;
}

/** DF -> scheduler at the start: the feeder's day model (base voltages, sensitivities). */
export interface FeederModelMsg {
  type: 'gridModel';
  grid: FeederDay;
}

export type DfInbound = CevPowerMsg;
export type DfOutbound = CurtailMsg | FeederModelMsg;
