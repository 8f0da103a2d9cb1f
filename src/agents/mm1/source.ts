// M/M/1 source: sends customers to the server with exponential inter-arrival times.
import { Agent } from '../../sim/agent.js';
import type { Mm1Params } from './params.js';

export class Source extends Agent<never, 0> {
  sent = 0;
  server = -1;
  constructor(private readonly p: Mm1Params) {
    super('source');
  }
  override onStart(): void {
    this.server = this.sim.ref('server');
    this.setTimer(this.rng.exponential(this.p.arrivalRatePerS), 0);
  }
  override onTimer(): void {
    const id = this.sent++;
    this.send(this.server, id);
    if (this.sent < this.p.customers) this.setTimer(this.rng.exponential(this.p.arrivalRatePerS), 0);
  }
}
