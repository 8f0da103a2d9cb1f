// Kernel benchmarks: M/M/1 customers per second, ping-pong messages per second, memory of
// one million pending events.
import { performance } from 'node:perf_hooks';
import { runMm1 } from '../models/mm1/run.js';
import { Agent } from '../sim/agent.js';
import { EventQueue } from '../sim/queue.js';
import { Simulation } from '../sim/simulation.js';
import { createRng } from '../sim/rng.js';
import { bareMm1 } from './kernel-ceiling.js';

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

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * M/M/1 through the kernel (source + server agents) and the same day as a bare typed-array heap
 * loop (kernel-ceiling.ts), interleaved `reps` times; the median of each on process CPU time (a
 * single thread, so other load on a shared machine inflates it less than wall time).
 */
export function benchMm1(customers = 2_000_000, reps = 5): { customersPerSec: number; bareCustomersPerSec: number; shareOfBare: number; wallMs: number } {
  const p = { arrivalRatePerS: 0.9, serviceRatePerS: 1, customers, sampleIntervalS: 0, traceCustomers: 0 };
  runMm1(1, { ...p, customers: 100_000 }); // warm-up
  bareMm1(1, 0.9, 1, 100_000);
  const kernel: number[] = [], bare: number[] = [], walls: number[] = [];
  for (let i = 0; i < reps; i++) {
    const w0 = performance.now(), c0 = cpuMs();
    const r = runMm1(2, p);
    kernel.push(cpuMs() - c0);
    walls.push(performance.now() - w0);
    const c1 = cpuMs();
    const b = bareMm1(2, 0.9, 1, customers);
    bare.push(cpuMs() - c1);
    // the same events in the same order: the same statistics
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.abs(b);
    if (b.served !== r.customersServed || b.maxQueue !== r.maxQueueLength || !close(b.sumWait / b.served, r.meanWaitS) || !close(b.sumSystem / b.served, r.meanSystemS) || !close(b.busyTime / b.lastDeparture, r.utilization)) {
      throw new Error('bare M/M/1 loop and kernel disagree');
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const perSec = (ms: number) => customers / (ms / 1000);
  return { customersPerSec: perSec(med(kernel)), bareCustomersPerSec: perSec(med(bare)), shareOfBare: med(bare) / med(kernel), wallMs: med(walls) };
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
    mm1BareHeapCustomersPerSec: Math.round(mm1.bareCustomersPerSec),
    mm1ShareOfBareHeap: Math.round(mm1.shareOfBare * 1000) / 1000,
    messagesPerSec: Math.round(pp.messagesPerSec),
    pending1MEventsMB: Math.round(pend.pendingMemMB * 10) / 10,
    queuePushPopPerSec: Math.round(pend.pushPopPerSec),
  };
}
