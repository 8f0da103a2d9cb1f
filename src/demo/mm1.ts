// M/M/1 queue on the kernel: a source sends arrivals to a server, which schedules its own
// departures. It is the kernel's end-to-end test and benchmark.
import { Agent } from '../sim/agent.js';
import { Simulation } from '../sim/simulation.js';

export interface Mm1Params {
  arrivalRatePerS: number;
  serviceRatePerS: number;
  customers: number;
  /** Sample the queue length every this many seconds (0 = no samples). */
  sampleIntervalS: number;
  /** Log lifecycle events for the first this many customers. */
  traceCustomers: number;
}

class Source extends Agent<never, 0> {
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

class Server extends Agent<number, 0> {
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

/** Samples the server's queue on a fixed period into the `queue` table. */
class Sampler extends Agent<never, 0> {
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

export interface Mm1Result {
  sim: Simulation;
  customersServed: number;
  meanWaitS: number;
  meanSystemS: number;
  utilization: number;
  maxQueueLength: number;
  endTimeS: number;
}

export function runMm1(seed: number, p: Mm1Params, trace = false): Mm1Result {
  const sim = new Simulation({ seed, trace });
  sim.add(new Source(p));
  const server = sim.add(new Server(p));
  if (p.sampleIntervalS > 0) sim.add(new Sampler(server, p.sampleIntervalS, p.customers));
  sim.run();
  sim.finish();
  return {
    sim,
    customersServed: server.served,
    meanWaitS: server.sumWait / server.served,
    meanSystemS: server.sumSystem / server.served,
    utilization: server.busyTime / server.lastDeparture,
    maxQueueLength: server.maxQueue,
    endTimeS: server.lastDeparture,
  };
}
