// Plain data of the local energy community market (community.md): orders, trades, clearing
// results. Energies in kWh per settlement interval, prices in m.u./kWh. No kernel imports.

export type Side = 'buy' | 'sell';

export type Mechanism = 'grid-only' | 'spot' | 'uniform' | 'pay-as-bid' | 'cda';
export const MECHANISMS: readonly Mechanism[] = ['grid-only', 'spot', 'uniform', 'pay-as-bid', 'cda'];

/** One limit order for one settlement interval (after validation: price capped, volume within limits). */
export interface Order {
  id: string;
  participant: string;
  side: Side;
  /** kWh offered (sell) or wanted (buy) in the interval, > 0. */
  qty_kwh: number;
  /** Limit price: the most a buyer pays, the least a seller accepts, m.u./kWh. */
  price_mu_per_kwh: number;
  /** Arrival time (for the CDA: ledger finality time; elsewhere the tie-break after reputation). */
  t_s: number;
  /** Soulbound reputation in [0, 1] of the participant at submission. */
  reputation: number;
}

export interface Trade {
  buyOrder: string;
  sellOrder: string;
  buyer: string;
  seller: string;
  qty_kwh: number;
  /** Price the buyer pays and the seller receives per kWh (before the operator fee). */
  price_mu_per_kwh: number;
  /** CDA: time the trade executed (the incoming order's arrival); periodic auctions: the clearing time. */
  t_s: number;
}

export interface ClearingResult {
  trades: Trade[];
  /** Uniform clearing price (uniform, spot); null for discriminatory mechanisms or no trade. */
  price_mu_per_kwh: number | null;
  /** Unmatched remainder per order id (kWh). */
  unmatched: Map<string, number>;
}

/**
 * The collateral gate of the matching (escrow.ts implements it): `cap` says how many kWh of an order
 * the participant's free collateral still covers at a price (Infinity = unlimited); `take` locks
 * what a trade uses.
 */
export interface CollateralGate {
  cap(order: Order, price_mu_per_kwh: number): number;
  take(order: Order, qty_kwh: number, price_mu_per_kwh: number): void;
}

export const UNLIMITED: CollateralGate = { cap: () => Infinity, take: () => {} };

export const ROUND = 1e-9;
