import { describe, expect, it } from 'vitest';
import { runMm1 } from '../../src/models/mm1/run.js';

const base = { arrivalRatePerS: 0.5, serviceRatePerS: 1, customers: 200_000, sampleIntervalS: 0, traceCustomers: 0 };

describe('M/M/1 demo on the kernel', () => {
  it('matches queueing theory (Wq = rho/(mu-lambda), utilization = rho)', () => {
    const r = runMm1(11, base);
    expect(r.customersServed).toBe(200_000);
    expect(r.meanWaitS).toBeGreaterThan(0.95 * 1.0);
    expect(r.meanWaitS).toBeLessThan(1.05 * 1.0);
    expect(r.meanSystemS).toBeCloseTo(2.0, 1);
    expect(r.utilization).toBeCloseTo(0.5, 2);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = runMm1(5, { ...base, customers: 5000 });
    const b = runMm1(5, { ...base, customers: 5000 });
    const c = runMm1(6, { ...base, customers: 5000 });
    expect(b.meanWaitS).toBe(a.meanWaitS);
    expect(b.endTimeS).toBe(a.endTimeS);
    expect(c.meanWaitS).not.toBe(a.meanWaitS);
  });

  it('logs lifecycle events for the traced customers in time order', () => {
    const r = runMm1(5, { ...base, customers: 50, traceCustomers: 10 });
    const ev = r.sim.recorder.events as { t: number; type: string; customer: number }[];
    expect(ev.filter((e) => e.type === 'departure').length).toBe(10);
    for (let i = 1; i < ev.length; i++) expect(ev[i].t).toBeGreaterThanOrEqual(ev[i - 1].t);
  });
});
