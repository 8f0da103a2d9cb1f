import { describe, expect, it } from 'vitest';
import { createLpSolver, LpModel, lpMaxViolation, type LpSolver } from '../../src/optim/lp.js';
import { createRng } from '../../src/sim/rng.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

/** Random bounded LP that is feasible by construction (rows are built around a known point). */
function randomLp(seed: number): LpModel {
  const rng = createRng(seed, 'lp-test');
  const n = 2 + rng.int(8);
  const m = 1 + rng.int(8);
  const lp = new LpModel(rng.bernoulli(0.5) ? 'min' : 'max');
  const x0: number[] = [];
  for (let j = 0; j < n; j++) {
    const lb = rng.bernoulli(0.3) ? -rng.uniform(0, 5) : rng.uniform(0, 2);
    const ub = lb + rng.uniform(0.5, 10);
    lp.addVar({ lb, ub, cost: Math.round(rng.uniform(-5, 5) * 100) / 100 });
    x0.push(rng.uniform(lb, ub));
  }
  for (let i = 0; i < m; i++) {
    const cols: number[] = [], coefs: number[] = [];
    for (let j = 0; j < n; j++) if (rng.bernoulli(0.6)) { cols.push(j); coefs.push(Math.round(rng.uniform(-3, 3) * 10) / 10); }
    const act = cols.reduce((s, j, k) => s + coefs[k] * x0[j], 0);
    const kind = rng.int(3);
    if (kind === 0) lp.addConstraint(cols, coefs, { ub: act + rng.uniform(0, 2) });
    else if (kind === 1) lp.addConstraint(cols, coefs, { lb: act - rng.uniform(0, 2) });
    else lp.addConstraint(cols, coefs, { lb: act - rng.uniform(0, 1), ub: act + rng.uniform(0, 1) });
  }
  return lp;
}

describe('LP backends', async () => {
  const highs: LpSolver = await createLpSolver('highs');
  const jslp: LpSolver = await createLpSolver('jslp');

  it('solve a textbook LP identically', () => {
    // max 3x + 5y s.t. x <= 4, 2y <= 12, 3x + 2y <= 18 -> (2, 6), 36
    const lp = new LpModel('max');
    const x = lp.addVar({ cost: 3 });
    const y = lp.addVar({ cost: 5 });
    lp.addConstraint([x], [1], { ub: 4 });
    lp.addConstraint([y], [2], { ub: 12 });
    lp.addConstraint([x, y], [3, 2], { ub: 18 });
    for (const s of [highs, jslp]) {
      const r = s.solve(lp);
      expect(r.status).toBe('optimal');
      expect(r.objective).toBeCloseTo(36, 9);
      expect(r.x[x]).toBeCloseTo(2, 9);
      expect(r.x[y]).toBeCloseTo(6, 9);
    }
  });

  it('agree within 1e-6 relative on 60 random feasible LPs, at feasible points', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const lp = randomLp(seed);
      const a = highs.solve(lp);
      const b = jslp.solve(lp);
      expect(a.status, `seed ${seed}`).toBe('optimal');
      expect(b.status, `seed ${seed}`).toBe('optimal');
      expect(rel(a.objective, b.objective), `seed ${seed}: ${a.objective} vs ${b.objective}`).toBeLessThan(1e-6);
      expect(lpMaxViolation(lp, a.x)).toBeLessThan(1e-6);
      expect(lpMaxViolation(lp, b.x)).toBeLessThan(1e-6);
    }
  });

  it('handle free variables, equalities, duplicate columns and the objective offset', () => {
    // min |t| via t = a - b style: min s s.t. s >= z, s >= -z, z free, z + z = -3 (duplicate column)
    const lp = new LpModel('min');
    const z = lp.addVar({ lb: -Infinity, ub: Infinity });
    const s = lp.addVar({ lb: 0, cost: 1 });
    lp.addConstraint([s, z], [1, -1], { lb: 0 });
    lp.addConstraint([s, z], [1, 1], { lb: 0 });
    lp.addConstraint([z, z], [1, 1], { lb: -3, ub: -3 });
    lp.objectiveOffset = 10;
    for (const solver of [highs, jslp]) {
      const r = solver.solve(lp);
      expect(r.status).toBe('optimal');
      expect(r.x[z]).toBeCloseTo(-1.5, 9);
      expect(r.objective).toBeCloseTo(11.5, 9);
    }
  });

  it('report infeasibility instead of a point', () => {
    const lp = new LpModel('min');
    const x = lp.addVar({ lb: 0, ub: 1, cost: 1 });
    const y = lp.addVar({ lb: 0, ub: 1, cost: 1 });
    lp.addConstraint([x, y], [1, 1], { lb: 3 });
    for (const solver of [highs, jslp]) {
      const r = solver.solve(lp);
      expect(r.status).toBe('infeasible');
      expect(Number.isNaN(r.objective)).toBe(true);
    }
  });

  it('lpMaxViolation measures bound and row violations', () => {
    const lp = new LpModel('min');
    const x = lp.addVar({ lb: 0, ub: 2 });
    const y = lp.addVar({ lb: 0, ub: 2 });
    lp.addConstraint([x, y], [1, 1], { ub: 3 });
    expect(lpMaxViolation(lp, [1, 1])).toBe(0);
    expect(lpMaxViolation(lp, [2, 2])).toBeCloseTo(1, 12);
    expect(lpMaxViolation(lp, [-0.5, 0])).toBeCloseTo(0.5, 12);
  });
});
