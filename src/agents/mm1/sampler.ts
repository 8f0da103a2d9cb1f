import { Agent } from '../../sim/agent.js';
import type { Server } from './server.js';

/** Samples the server's queue on a fixed period into the `queue` table. */
export class Sampler extends Agent<never, 0> {
  constructor(private readonly server: Server, private readonly period: number, private readonly customers: number) {
    super('sampler');
  }
  override onStart(): void {
    this.setTimer(0, 0, 1);
  }
  override onTimer(): void {
    this.sim.recorder.row('queue', { t_s: this.now, queue_length: this.server.queueLength, busy: this.server.busy, served: this.server.served });
    if (this.server.served < this.customers) this.setTimer(this.period, 0, 1);
  }
}
