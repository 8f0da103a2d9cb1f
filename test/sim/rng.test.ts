import { describe, expect, it } from 'vitest';
import { mean, standardDeviation } from 'simple-statistics';
import { Agent, Simulation, createRng, normalCdf, normalQuantile } from '../../src/sim/index.js';

class Drawer extends Agent {
  draws: number[] = [];
  override onStart(): void {
    for (let i = 0; i < 5; i++) this.draws.push(this.rng.next());
  }
}

function drawsFor(ids: string[], seed: number): Record<string, number[]> {
  const sim = new Simulation({ seed });
  const agents = ids.map((id) => sim.add(new Drawer(id)));
  sim.run();
  return Object.fromEntries(agents.map((a) => [a.id, a.draws]));
}

const sample = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('RNG streams', () => {
  it('do not depend on the order in which agents are created', () => {
    const x = drawsFor(['vp', 'cev:1', 'cev:2', 'df:athens'], 7);
    const y = drawsFor(['df:athens', 'cev:2', 'extra', 'vp', 'cev:1'], 7);
    for (const id of ['vp', 'cev:1', 'cev:2', 'df:athens']) expect(y[id]).toEqual(x[id]);
  });

  it('differ between agents and between seeds, and repeat for the same (seed, id)', () => {
    expect(createRng(1, 'a').next()).toBe(createRng(1, 'a').next());
    expect(createRng(1, 'a').next()).not.toBe(createRng(1, 'b').next());
    expect(createRng(1, 'a').next()).not.toBe(createRng(2, 'a').next());
  });

  it('draws from the documented distributions', () => {
    const r = createRng(3, 'dist');
    const n = 40_000;
    const norm = sample(n, () => r.normal(5, 2));
    expect(mean(norm)).toBeCloseTo(5, 1);
    expect(standardDeviation(norm)).toBeCloseTo(2, 1);
    const exp = sample(n, () => r.exponential(4));
    expect(mean(exp)).toBeCloseTo(0.25, 2);
    const logn = sample(n, () => r.lognormal(0, 0.5));
    expect(mean(logn)).toBeCloseTo(Math.exp(0.125), 1);
    // Weibull(k=2, lambda=3) has mean lambda * Gamma(1.5) = 3 * 0.886227
    const wb = sample(n, () => r.weibull(2, 3));
    expect(mean(wb)).toBeCloseTo(3 * 0.886227, 1);
    const uni = sample(n, () => r.uniform(-1, 3));
    expect(Math.min(...uni)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...uni)).toBeLessThan(3);
    const cat = sample(n, () => r.categorical([1, 0, 3]));
    expect(cat.filter((c) => c === 1).length).toBe(0);
    expect(cat.filter((c) => c === 2).length / n).toBeCloseTo(0.75, 1);
    const pois = sample(n, () => r.poisson(3.5));
    expect(mean(pois)).toBeCloseTo(3.5, 1);
  });

  it('truncated normal stays in its bounds and matches the truncated mean', () => {
    const r = createRng(4, 'tn');
    const xs = sample(20_000, () => r.truncNormal(0, 1, 0, Infinity));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(mean(xs)).toBeCloseTo(Math.sqrt(2 / Math.PI), 1); // half-normal mean
    const far = sample(1000, () => r.truncNormal(0, 1, 6, 7)); // far tail: no rejection loop needed
    expect(Math.min(...far)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...far)).toBeLessThanOrEqual(7);
    expect(() => r.truncNormal(0, 1, 2, 1)).toThrow();
  });

  it('has an accurate normal CDF and quantile', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});
