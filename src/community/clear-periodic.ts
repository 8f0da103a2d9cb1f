// Periodic (call) market clearing of one settlement interval: `uniform` k-double auction,
// `pay-as-bid` and `spot` (community.md).
//   uniform: bids high to low, asks low to high (ties: reputation, then arrival); the crossing
//     pairs are matched greedily; the last crossing pair (marginal bid b*, marginal ask a*) sets one
//     price p = a* + k (b* - a*) for every trade. Then every accepted bid is >= p >= every accepted ask.
//   pay-as-bid: the same greedy matching, each trade at the buyer's bid.
//   spot: every trade at the interval's local spot price; bids below it and asks above it stay out.
// Collateral: each trade is limited by what both parties' free collateral covers at its price
// (partial fill); what remains of an order stays unmatched.
import { periodicPriority } from './priority.js';
import { ROUND, UNLIMITED, type ClearingResult, type CollateralGate, type Order, type Trade } from './types.js';

export interface PeriodicOptions {
  /** k of the k-double auction (uniform), 0..1 (default 0.5). */
  k?: number;
  gate?: CollateralGate;
  /** Time stamped on the trades (the clearing instant). */
  t_s?: number;
}

function split(orders: readonly Order[]): { bids: Order[]; asks: Order[] } {
  const bids = orders.filter((o) => o.side === 'buy' && o.qty_kwh > ROUND).sort(periodicPriority);
  const asks = orders.filter((o) => o.side === 'sell' && o.qty_kwh > ROUND).sort(periodicPriority);
  return { bids, asks };
}

/**
 * Greedy matching of bids and asks in priority order while bid >= ask. `priceOf` gives each trade's
 * price; `accept` filters orders (spot: price on the right side of the spot price).
 */
function match(bids: Order[], asks: Order[], priceOf: (b: Order, a: Order) => number, opts: PeriodicOptions): ClearingResult {
  const gate = opts.gate ?? UNLIMITED;
  const remB = bids.map((o) => o.qty_kwh);
  const remA = asks.map((o) => o.qty_kwh);
  const trades: Trade[] = [];
  let i = 0, j = 0;
  while (i < bids.length && j < asks.length && bids[i].price_mu_per_kwh >= asks[j].price_mu_per_kwh) {
    const b = bids[i], a = asks[j];
    const p = priceOf(b, a);
    const q = Math.min(remB[i], remA[j], gate.cap(b, p), gate.cap(a, p));
    if (q > ROUND) {
      gate.take(b, q, p);
      gate.take(a, q, p);
      trades.push({ buyOrder: b.id, sellOrder: a.id, buyer: b.participant, seller: a.participant, qty_kwh: q, price_mu_per_kwh: p, t_s: opts.t_s ?? 0 });
      remB[i] -= q;
      remA[j] -= q;
    }
    // an order is done when filled, or when its party's collateral covers nothing more
    const bDone = remB[i] <= ROUND || gate.cap(b, p) <= ROUND;
    const aDone = remA[j] <= ROUND || gate.cap(a, p) <= ROUND;
    if (!bDone && !aDone) j++; // defensive: a step always retires one side
    if (bDone) i++;
    if (aDone) j++;
  }
  const unmatched = new Map<string, number>();
  bids.forEach((o, n) => unmatched.set(o.id, Math.max(0, remB[n])));
  asks.forEach((o, n) => unmatched.set(o.id, Math.max(0, remA[n])));
  return { trades, price_mu_per_kwh: null, unmatched };
}

/** Uniform-price k-double auction. */
export function clearUniform(orders: readonly Order[], opts: PeriodicOptions = {}): ClearingResult {
  const { bids, asks } = split(orders);
  // pass 1 (no collateral, no pair cap): where supply and demand cross
  const free = match(bids, asks, () => 0, { ...opts, gate: UNLIMITED });
  if (free.trades.length === 0) return { ...free, price_mu_per_kwh: null };
  const last = free.trades[free.trades.length - 1];
  const bStar = bids.find((o) => o.id === last.buyOrder)!.price_mu_per_kwh;
  const aStar = asks.find((o) => o.id === last.sellOrder)!.price_mu_per_kwh;
  const k = opts.k ?? 0.5;
  const p = aStar + k * (bStar - aStar);
  // pass 2: at p, among orders that accept p, limited by collateral
  const r = match(bids.filter((o) => o.price_mu_per_kwh >= p), asks.filter((o) => o.price_mu_per_kwh <= p), () => p, opts);
  for (const o of [...bids, ...asks]) if (!r.unmatched.has(o.id)) r.unmatched.set(o.id, o.qty_kwh);
  return { ...r, price_mu_per_kwh: r.trades.length > 0 ? p : null };
}

/** Discriminatory auction: each trade at the buyer's bid. */
export function clearPayAsBid(orders: readonly Order[], opts: PeriodicOptions = {}): ClearingResult {
  const { bids, asks } = split(orders);
  return match(bids, asks, (b) => b.price_mu_per_kwh, opts);
}

/** P2P at the local spot price: bids >= spot meet asks <= spot, all at spot. */
export function clearSpot(orders: readonly Order[], spot_mu_per_kwh: number, opts: PeriodicOptions = {}): ClearingResult {
  const { bids, asks } = split(orders);
  const r = match(bids.filter((o) => o.price_mu_per_kwh >= spot_mu_per_kwh), asks.filter((o) => o.price_mu_per_kwh <= spot_mu_per_kwh), () => spot_mu_per_kwh, opts);
  for (const o of [...bids, ...asks]) if (!r.unmatched.has(o.id)) r.unmatched.set(o.id, o.qty_kwh);
  return { ...r, price_mu_per_kwh: r.trades.length > 0 ? spot_mu_per_kwh : null };
}
