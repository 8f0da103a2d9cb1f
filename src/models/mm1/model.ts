// Scenario model `mm1`: the kernel demo, with queueing theory alongside the simulated figures.
import { z } from 'zod';
import { runMm1 } from './run.js';
import { scenarioBase, type ModelDefinition } from '../../scenarios/model.js';

const schema = z
  .object({
    ...scenarioBase('mm1'),
    mm1: z
      .object({
        arrivalRatePerS: z.number().positive().default(0.9).describe('lambda, customers per second'),
        serviceRatePerS: z.number().positive().default(1).describe('mu, customers per second'),
        customers: z.number().int().min(1).max(1e9).default(100000).describe('customers to serve'),
        sampleIntervalS: z.number().min(0).max(1e9).refine((v) => v === 0 || v >= 1e-3, { message: 'a sampling period of 0 (off) or at least 0.001 s' }).default(100).describe('queue-length sampling period, s (0 = off)'),
        traceCustomers: z.number().int().min(0).default(100).describe('customers whose lifecycle goes to events.jsonl'),
      })
      .strict()
      .superRefine((m, ctx) => {
        // about customers / lambda seconds of simulated time: bound the number of queue samples
        const samples = m.sampleIntervalS > 0 ? m.customers / m.arrivalRatePerS / m.sampleIntervalS : 0;
        if (m.sampleIntervalS >= 1e-3 && samples > 1e7) ctx.addIssue({ code: 'custom', path: ['sampleIntervalS'], message: `a sampling period giving at most 1e7 samples (about ${(m.customers / m.arrivalRatePerS / 1e7).toPrecision(3)} s or more)` });
        if (m.arrivalRatePerS > 1e9 || m.serviceRatePerS > 1e9) ctx.addIssue({ code: 'custom', path: [m.arrivalRatePerS > 1e9 ? 'arrivalRatePerS' : 'serviceRatePerS'], message: 'a rate of at most 1e9 per second' });
      })
      .default({ arrivalRatePerS: 0.9, serviceRatePerS: 1, customers: 100000, sampleIntervalS: 100, traceCustomers: 100 }),
  })
  .strict();

export type Mm1Scenario = z.infer<typeof schema>;

export const mm1Model: ModelDefinition<Mm1Scenario> = {
  name: 'mm1',
  traces: true,
  description: 'M/M/1 queue (kernel demo)',
  schema,
  run(s, ctx) {
    const p = s.mm1;
    const r = runMm1(ctx.seed, p, ctx.trace);
    const lambda = p.arrivalRatePerS;
    const mu = p.serviceRatePerS;
    const rho = lambda / mu;
    const stable = rho < 1;
    ctx.log(`served ${r.customersServed} customers in ${r.endTimeS.toFixed(1)} simulated s`);
    const events = r.sim.recorder.events.map((e, seq) => ({ seq, ...e }));
    return {
      metrics: {
        customersServed: r.customersServed,
        meanWaitS: r.meanWaitS,
        meanSystemS: r.meanSystemS,
        utilization: r.utilization,
        maxQueueLength: r.maxQueueLength,
        simulatedTimeS: r.endTimeS,
        eventsProcessed: r.sim.eventsProcessed,
        theory: {
          rho,
          meanWaitS: stable ? rho / (mu - lambda) : null,
          meanSystemS: stable ? 1 / (mu - lambda) : null,
        },
      },
      tables: { queue: r.sim.recorder.tables.get('queue') ?? [] },
      events,
      trace: r.sim.trace ?? undefined,
    };
  },
};
