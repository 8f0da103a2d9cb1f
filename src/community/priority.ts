// Order priority in the book. Periodic auctions: price first (buyers high to low, sellers low to
// high), then higher reputation (community.md: reputation breaks ties at equal price), then
// earlier arrival, then id. The CDA keeps the settlement source's price-time priority: price,
// then arrival, with reputation only between orders that arrived at the same instant.
import type { Order } from './types.js';

const byId = (a: Order, b: Order) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function periodicPriority(a: Order, b: Order): number {
  const dp = a.side === 'buy' ? b.price_mu_per_kwh - a.price_mu_per_kwh : a.price_mu_per_kwh - b.price_mu_per_kwh;
  return dp || b.reputation - a.reputation || a.t_s - b.t_s || byId(a, b);
}

export function priceTimePriority(a: Order, b: Order): number {
  const dp = a.side === 'buy' ? b.price_mu_per_kwh - a.price_mu_per_kwh : a.price_mu_per_kwh - b.price_mu_per_kwh;
  return dp || a.t_s - b.t_s || b.reputation - a.reputation || byId(a, b);
}
