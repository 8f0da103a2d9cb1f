// M/M/1 server: a FIFO queue served with exponential service times; keeps the waiting statistics.
import { Agent } from '../../sim/agent.js';
import type { Mm1Params } from './params.js';

export class Server extends Agent<number, 0> {
  // FIFO of waiting customers' arrival times (ring buffer that grows when full)
  private ring = new Float64Array(1024);
  private ids = new Int32Array(1024);
  private head = 0;
  private len = 0;
  busy = false;
  private current = -1;
  private currentArrival = 0;
  served = 0;
  sumWait = 0;
  sumSystem = 0;
  busyTime = 0;
  private serviceStart = 0;
  maxQueue = 0;
  lastDeparture = 0;

  constructor(private readonly p: Mm1Params) {
    super('server');
  }
  get queueLength(): number {
    return this.len;
  }
  override onMessage(id: number): void {
    if (id < this.p.traceCustomers) this.sim.recorder.event({ t: this.now, type: 'arrival', customer: id });
    if (!this.busy) {
      this.start(id, this.now);
      return;
    }
    if (this.len === this.ring.length) this.grow();
    const tail = (this.head + this.len) & (this.ring.length - 1);
    this.ring[tail] = this.now;
    this.ids[tail] = id;
    this.len++;
    if (this.len > this.maxQueue) this.maxQueue = this.len;
  }
  override onTimer(): void {
    const now = this.now;
    this.served++;
    this.lastDeparture = now;
    this.sumSystem += now - this.currentArrival;
    this.busyTime += now - this.serviceStart;
    if (this.current < this.p.traceCustomers) this.sim.recorder.event({ t: now, type: 'departure', customer: this.current });
    this.busy = false;
    if (this.len > 0) {
      const a = this.ring[this.head];
      const id = this.ids[this.head];
      this.head = (this.head + 1) & (this.ring.length - 1);
      this.len--;
      this.start(id, a);
    }
  }
  private start(id: number, arrival: number): void {
    const now = this.now;
    this.busy = true;
    this.current = id;
    this.currentArrival = arrival;
    this.serviceStart = now;
    this.sumWait += now - arrival;
    if (id < this.p.traceCustomers) this.sim.recorder.event({ t: now, type: 'serviceStart', customer: id, wait_s: now - arrival });
    this.setTimer(this.rng.exponential(this.p.serviceRatePerS), 0);
  }
  private grow(): void {
    const n = this.ring.length;
    const ring = new Float64Array(2 * n);
    const ids = new Int32Array(2 * n);
    for (let i = 0; i < this.len; i++) {
      ring[i] = this.ring[(this.head + i) & (n - 1)];
      ids[i] = this.ids[(this.head + i) & (n - 1)];
    }
    this.ring = ring;
    this.ids = ids;
    this.head = 0;
  }
}
