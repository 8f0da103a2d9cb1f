// The price oracle: publishes the raw local spot price of each interval to the market operator a
// little before its gate closure. Spikes (faults) are part of the raw feed; the contract filters.
import { Agent } from '../../sim/agent.js';
import type { PriceMsg } from './messages.js';

export interface PriceFeedConfig {
  market: string;
  raw_mu_per_kwh: number[];
  /** Publish time of interval k's price, s. */
  publishAt: (k: number) => number;
}

export class PriceFeedAgent extends Agent<never, number> {
  constructor(id: string, private readonly cfg: PriceFeedConfig) {
    super(id);
  }

  override onStart(): void {
    this.cfg.raw_mu_per_kwh.forEach((_, k) => this.setTimer(Math.max(0, this.cfg.publishAt(k) - this.now), k));
  }

  override onTimer(k: number): void {
    const msg: PriceMsg = { type: 'price', interval: k, raw_mu_per_kwh: this.cfg.raw_mu_per_kwh[k] };
    this.send(this.cfg.market, msg, 0.05);
  }
}
