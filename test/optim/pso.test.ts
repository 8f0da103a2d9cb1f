import { describe, expect, it } from 'vitest';
import { pso } from '../../src/optim/pso.js';
import { createRng } from '../../src/sim/rng.js';

describe('pso', () => {
  const sphere = (c: number[]) => (x: Float64Array) => x.reduce((s, v, i) => s + (v - c[i]) ** 2, 0);

  it('finds the minimum of a shifted sphere inside the box', () => {
    const c = [1, -2, 0.5, 3];
    const r = pso(sphere(c), [-5, -5, -5, -5], [5, 5, 5, 5], createRng(1, 'pso'), { particles: 20, iterations: 150 });
    expect(r.value).toBeLessThan(1e-6);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(c[i], 3));
    expect(r.history.length).toBe(150);
    for (let i = 1; i < r.history.length; i++) expect(r.history[i]).toBeLessThanOrEqual(r.history[i - 1]);
  });

  it('keeps positions in the box: a minimum outside is found on the boundary', () => {
    const r = pso(sphere([10, -10]), [0, 0], [1, 1], createRng(2, 'pso'), { particles: 10, iterations: 60 });
    expect(r.x[0]).toBeCloseTo(1, 9);
    expect(r.x[1]).toBeCloseTo(0, 9);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const f = (x: Float64Array) => Math.sin(3 * x[0]) + (x[1] - 0.3) ** 2 + Math.cos(5 * x[2]);
    const a = pso(f, [-2, -2, -2], [2, 2, 2], createRng(5, 'pso'), { particles: 8, iterations: 20 });
    const b = pso(f, [-2, -2, -2], [2, 2, 2], createRng(5, 'pso'), { particles: 8, iterations: 20 });
    const c = pso(f, [-2, -2, -2], [2, 2, 2], createRng(6, 'pso'), { particles: 8, iterations: 20 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });

  it('uses the seeded initial positions', () => {
    const r = pso(sphere([0.25]), [-1], [1], createRng(3, 'pso'), { particles: 3, iterations: 0 }, [[0.25]]);
    expect(r.value).toBe(0);
  });
});
