// Delivery penalties ([source], community.md): the oracle-attested net metered energy of a party is
// compared with its scheduled trade; 5% of the spot price per kWh under-delivered and 2% per kWh
// over-delivered. Delivery is counted in the direction of the contract (a seller's export, a
// buyer's import). Under-delivery: less than the P2P energy traded. Over-delivery: more than the
// order declared (between the two, the declared remainder is the party's own grid exchange). A
// party without a trade in the interval has no contract to deliver and pays no penalty.
export interface PenaltyRates {
  /** Share of the spot price charged per kWh under-delivered (0.05). */
  under: number;
  /** Share of the spot price charged per kWh over-delivered (0.02). */
  over: number;
}

export interface PenaltyResult {
  under_kwh: number;
  over_kwh: number;
  under_mu: number;
  over_mu: number;
}

export function deliveryPenalty(traded_kwh: number, declared_kwh: number, delivered_kwh: number, spot_mu_per_kwh: number, r: PenaltyRates): PenaltyResult {
  if (!(traded_kwh > 0)) return { under_kwh: 0, over_kwh: 0, under_mu: 0, over_mu: 0 };
  const under_kwh = Math.max(0, traded_kwh - delivered_kwh);
  const over_kwh = Math.max(0, delivered_kwh - Math.max(declared_kwh, traded_kwh));
  return { under_kwh, over_kwh, under_mu: r.under * spot_mu_per_kwh * under_kwh, over_mu: r.over * spot_mu_per_kwh * over_kwh };
}
