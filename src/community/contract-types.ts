// Parameters and inputs of the community contract (the market operator's smart contract), as
// plain types: the model's schema is validated into these, the agents pass them on.
import type { EscrowParams } from './escrow.js';
import type { MissPolicy, PriceFilterParams } from './fallback.js';
import type { RegisteredParticipant } from './orders.js';
import type { PenaltyRates } from './penalties.js';
import type { ReputationParams } from './reputation.js';
import type { Mechanism, Side } from './types.js';

export interface CollateralParams extends EscrowParams {
  base: number;
  min: number;
  max: number;
  reputationSlope: number;
}

export interface ContractParams {
  mechanism: Mechanism;
  interval_s: number;
  intervals: number;
  /** Start of interval 0, simulation s. */
  t0_s: number;
  gateLead_s: number;
  k: number;
  priceCap_mu_per_kwh: number | null;
  /** Operator fee per P2P kWh as a share of the spot price (paid by the buyer). */
  feeShare: number;
  retail_mu_per_kwh: number[];
  feedIn_mu_per_kwh: number;
  collateral: CollateralParams;
  penalties: PenaltyRates;
  /** Penalty for a stale or badly signed channel state, m.u. */
  channelPenalty_mu: number;
  oracle: { tolerance: number; thirdReadingDelay_s: number } & MissPolicy;
  priceFeed: PriceFilterParams;
  reputation: ReputationParams;
  /** Grid carbon intensity per interval and of local PV, kg CO2e/MWh. */
  gridIntensity_kg_per_mwh: number[];
  pvIntensity_kg_per_mwh: number;
}

export interface ContractParticipant extends RegisteredParticipant {
  bus: number;
  kind: string;
  wallet_mu: number;
  posted_mu: number;
  /** Ignores margin calls (collateral-shortfall fault). */
  topsUp: boolean;
}

export interface OrderInput {
  participant: string;
  side: Side;
  qty_kwh: number;
  price_mu_per_kwh: number;
  /** What the order was bid from (recorded for the forecast KPIs): kWh of the interval. */
  forecast: Record<string, number>;
}

/** One party's data in a settlement batch: readings A (channel) and B (DSO meter), or null when missed. */
export interface BatchEntry {
  participant: string;
  a: { import_kwh: number; export_kwh: number } | null;
  b: { import_kwh: number; export_kwh: number } | null;
  /** PV inverter sub-meter and the load, kWh (for certificates and the community KPIs). */
  pv_kwh: number;
  load_kwh: number;
  /** The channel state the batch root covers (leaf), or null when missed. */
  nonce: number | null;
  /**
   * When the previous window was missed and data resumed: that window's energy, recovered from the
   * cumulative channel registers (cumulative now - cumulative before the gap - this window).
   */
  recovered?: { import_kwh: number; export_kwh: number } | null;
}

export interface Batch {
  interval: number;
  root: string;
  entries: BatchEntry[];
}
