// One entry point for every mechanism: orders of one interval in, trades out.
import { clearCda } from './clear-cda.js';
import { clearPayAsBid, clearSpot, clearUniform } from './clear-periodic.js';
import { UNLIMITED, type ClearingResult, type CollateralGate, type Mechanism, type Order } from './types.js';

export interface ClearOptions {
  spot_mu_per_kwh: number;
  k?: number;
  gate?: CollateralGate;
  t_s: number;
}

/** Clears one interval. For the CDA `orders` must be in arrival order; grid-only trades nothing. */
export function clearInterval(mechanism: Mechanism, orders: readonly Order[], o: ClearOptions): ClearingResult {
  const gate = o.gate ?? UNLIMITED;
  switch (mechanism) {
    case 'grid-only':
      return { trades: [], price_mu_per_kwh: null, unmatched: new Map(orders.map((x) => [x.id, x.qty_kwh])) };
    case 'spot':
      return clearSpot(orders, o.spot_mu_per_kwh, { gate, t_s: o.t_s });
    case 'uniform':
      return clearUniform(orders, { gate, k: o.k, t_s: o.t_s });
    case 'pay-as-bid':
      return clearPayAsBid(orders, { gate, t_s: o.t_s });
    case 'cda':
      return clearCda(orders, gate);
  }
}
