// Kernel benchmarks: M/M/1 customers per second, ping-pong messages per second, memory of
// one million pending events.
import { performance } from 'node:perf_hooks';
import { runMm1 } from '../models/mm1/run.js';
import { Agent } from '../sim/agent.js';
import { EventQueue } from '../sim/queue.js';
import { Simulation } from '../sim/simulation.js';
import { createRng } from '../sim/rng.js';

class Pinger extends Agent<number> {
  peer = -1;
  count = 0;
  constructor(id: string, private readonly limit: number, private readonly serve: boolean) {
    super(id);
  }
  override onStart(): void {
    if (this.serve) this.send(this.peer, 0, 0.001);
  }
  override onMessage(n: number, from: number): void {
    this.count++;
    if (n < this.limit) this.send(from, n + 1, 0.001);
  }
}

export function benchMm1(customers = 2_000_000): { customersPerSec: number; wallMs: number } {
  runMm1(1, { arrivalRatePerS: 0.9, serviceRatePerS: 1, customers: 100_000, sampleIntervalS: 0, traceCustomers: 0 }); // warm-up
  const t0 = performance.now();
  const r = runMm1(2, { arrivalRatePerS: 0.9, serviceRatePerS: 1, customers, sampleIntervalS: 0, traceCustomers: 0 });
  const ms = performance.now() - t0;
  return { customersPerSec: r.customersServed / (ms / 1000), wallMs: ms };
}

export function benchPingPong(pairs = 8, messagesPerPair = 500_000): { messagesPerSec: number } {
  const run = (m: number) => {
    const sim = new Simulation({ seed: 1 });
    const agents: Pinger[] = [];
    for (let i = 0; i < pairs; i++) {
      const a = sim.add(new Pinger(`a${i}`, m, true));
      const b = sim.add(new Pinger(`b${i}`, m, false));
      a.peer = b.index;
      b.peer = a.index;
      agents.push(a, b);
    }
    const t0 = performance.now();
    sim.run();
    const ms = performance.now() - t0;
    return { count: agents.reduce((s, a) => s + a.count, 0), ms };
  };
  run(20_000);
  const r = run(messagesPerPair);
  return { messagesPerSec: r.count / (r.ms / 1000) };
}

export function benchPending(n = 1_000_000): { pendingMemMB: number; pushPopPerSec: number } {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const q = new EventQueue();
  const rng = createRng(1, 'bench');
  const payload = { type: 'x' };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) q.push(rng.next() * 1e6, 0, 0, -1, 0, payload);
  const after = process.memoryUsage();
  while (q.size > 0) q.release(q.pop());
  const ms = performance.now() - t0;
  const mem = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  return { pendingMemMB: mem / 2 ** 20, pushPopPerSec: (2 * n) / (ms / 1000) };
}

export async function benchKernel(): Promise<Record<string, number>> {
  const mm1 = benchMm1();
  const pp = benchPingPong();
  const pend = benchPending();
  return {
    mm1CustomersPerSec: Math.round(mm1.customersPerSec),
    messagesPerSec: Math.round(pp.messagesPerSec),
    pending1MEventsMB: Math.round(pend.pendingMemMB * 10) / 10,
    queuePushPopPerSec: Math.round(pend.pushPopPerSec),
  };
}
