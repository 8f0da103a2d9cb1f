// M/M/1 queue on the kernel: a source sends arrivals to a server, which schedules its own
// departures. It is the kernel's end-to-end test and benchmark.
import { Sampler } from '../../agents/mm1/sampler.js';
import { Server } from '../../agents/mm1/server.js';
import { Source } from '../../agents/mm1/source.js';
import type { Mm1Params } from '../../agents/mm1/params.js';
import { Simulation } from '../../sim/simulation.js';

export type { Mm1Params };

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
