// Feeder data model: what a distribution feeder file describes, in engineering units.

export interface FeederBus {
  /** Bus number as written in the file (any integer; need not be contiguous). */
  id: number;
  /** Constant-power load, kW (negative = net injection). */
  pKw: number;
  /** Constant-power load, kvar. */
  qKvar: number;
  /** Optional per-bus voltage limits, p.u. (default: the feeder's). */
  vMinPu?: number;
  vMaxPu?: number;
  name?: string;
}

export interface FeederBranch {
  from: number;
  to: number;
  /** Series resistance, ohm. */
  rOhm: number;
  /** Series reactance, ohm. */
  xOhm: number;
  /** false = normally-open switch (tie); ignored by the power flow. */
  inService: boolean;
  /** Thermal limit, A (optional; no loading check without it). */
  maxCurrentA?: number;
  lengthKm?: number;
  /** Free label, e.g. the conductor type. */
  kind?: string;
}

export interface Feeder {
  name: string;
  /** Where the data came from (citation or derivation). */
  source?: string;
  /** Nominal line-to-line voltage, kV (the voltage base). */
  baseKV: number;
  /** Power base, MVA (only scales p.u. quantities; results do not depend on it). */
  baseMVA: number;
  slackBus: number;
  /** Slack voltage magnitude, p.u. */
  slackVmPu: number;
  /** Default voltage limits, p.u. */
  vMinPu: number;
  vMaxPu: number;
  buses: FeederBus[];
  branches: FeederBranch[];
  /** File the feeder was read from (for error messages). */
  file: string;
  /** Source format, so error messages can name fields the way the file does. */
  format: 'json' | 'matpower';
}

/** Loads per bus in feeder bus order (kW / kvar, consumption positive). */
export interface BusLoads {
  pKw: Float64Array;
  qKvar: Float64Array;
}

/** Operating limits a DF agent checks; voltage limits default to the feeder's. */
export interface GridLimits {
  vMinPu: number;
  vMaxPu: number;
  /** Total feeder losses, kW (optional). */
  maxLossKw?: number;
  /** Branch current as % of maxCurrentA (default 100). */
  maxLoadingPct?: number;
}

export const DEFAULT_VMIN_PU = 0.95;
export const DEFAULT_VMAX_PU = 1.05;
