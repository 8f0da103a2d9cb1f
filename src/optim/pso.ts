// Particle swarm optimization (global-best topology) over a box, minimizing a user function.
//
// Algorithm (Shi & Eberhart inertia-weight PSO):
//   v <- w v + c1 r1 (pbest - x) + c2 r2 (gbest - x),   x <- x + v
// with w decreasing linearly from `inertiaStart` to `inertiaEnd` over the iterations, r1 and r2
// uniform per dimension, and |v_d| clamped to `vMaxFrac` x (ub_d - lb_d).
//
// Constraint handling:
// - Box bounds: positions are clamped to [lb, ub]; the velocity component that pushed a particle
//   out of the box is reset to zero ("absorbing walls").
// - Everything else is the objective's business: the caller's `f` returns the value to minimize,
//   which for constrained problems is decoded cost + penalty x violation (see schedule-pso.ts: a
//   repair decoder makes per-cluster constraints hold by construction, and a static penalty
//   prices the remaining coupling constraints). f must be deterministic.
//
// Randomness comes only from the Rng passed in (createRng(seed, id)), so a run is reproducible.
// Initial positions are uniform in the box, except the optional `initial` positions, which seed
// the first particles (for example a heuristic schedule or the previous rolling solution).
import type { Rng } from '../sim/rng.js';

export interface PsoOptions {
  particles: number;
  iterations: number;
  inertiaStart: number;
  inertiaEnd: number;
  /** Cognitive acceleration coefficient c1. */
  c1: number;
  /** Social acceleration coefficient c2. */
  c2: number;
  /** Velocity limit per dimension as a fraction of the box width. */
  vMaxFrac: number;
  /** Stop early after this many iterations without improvement of the global best (0 = never). */
  patience: number;
}

export const DEFAULT_PSO: PsoOptions = {
  particles: 30,
  iterations: 150,
  inertiaStart: 0.9,
  inertiaEnd: 0.4,
  c1: 1.5,
  c2: 1.5,
  vMaxFrac: 0.25,
  patience: 0,
};

export interface PsoResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
  /** Best value after each iteration (convergence curve). */
  history: number[];
}

export function pso(
  f: (x: Float64Array) => number,
  lb: ArrayLike<number>,
  ub: ArrayLike<number>,
  rng: Rng,
  options: Partial<PsoOptions> = {},
  initial: ArrayLike<number>[] = []
): PsoResult {
  const o = { ...DEFAULT_PSO, ...options };
  const n = lb.length;
  if (ub.length !== n) throw new RangeError('pso: lb and ub differ in length');
  if (!(o.particles >= 1 && o.iterations >= 0)) throw new RangeError('pso: need at least one particle');
  const P = o.particles;
  const vmax = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    if (!(ub[d] >= lb[d])) throw new RangeError(`pso: empty box in dimension ${d}`);
    vmax[d] = o.vMaxFrac * (ub[d] - lb[d]);
  }
  const X: Float64Array[] = [], V: Float64Array[] = [], B: Float64Array[] = [];
  const bVal = new Float64Array(P);
  let g = new Float64Array(n);
  let gVal = Infinity;
  let evaluations = 0;
  for (let p = 0; p < P; p++) {
    const x = new Float64Array(n), v = new Float64Array(n);
    const init = initial[p];
    for (let d = 0; d < n; d++) {
      x[d] = init ? Math.min(ub[d], Math.max(lb[d], init[d])) : rng.uniform(lb[d], ub[d]);
      v[d] = rng.uniform(-vmax[d], vmax[d]) * 0.5;
    }
    const val = f(x);
    evaluations++;
    X.push(x);
    V.push(v);
    B.push(Float64Array.from(x));
    bVal[p] = val;
    if (val < gVal) {
      gVal = val;
      g = Float64Array.from(x);
    }
  }
  const history: number[] = [];
  let stale = 0;
  let it = 0;
  for (; it < o.iterations; it++) {
    const w = o.iterations > 1 ? o.inertiaStart + ((o.inertiaEnd - o.inertiaStart) * it) / (o.iterations - 1) : o.inertiaStart;
    const before = gVal;
    for (let p = 0; p < P; p++) {
      const x = X[p], v = V[p], b = B[p];
      for (let d = 0; d < n; d++) {
        let vd = w * v[d] + o.c1 * rng.next() * (b[d] - x[d]) + o.c2 * rng.next() * (g[d] - x[d]);
        if (vd > vmax[d]) vd = vmax[d];
        else if (vd < -vmax[d]) vd = -vmax[d];
        let xd = x[d] + vd;
        if (xd > ub[d]) {
          xd = ub[d];
          vd = 0;
        } else if (xd < lb[d]) {
          xd = lb[d];
          vd = 0;
        }
        x[d] = xd;
        v[d] = vd;
      }
      const val = f(x);
      evaluations++;
      if (val < bVal[p]) {
        bVal[p] = val;
        b.set(x);
        if (val < gVal) {
          gVal = val;
          g.set(x);
        }
      }
    }
    history.push(gVal);
    stale = gVal < before ? 0 : stale + 1;
    if (o.patience > 0 && stale >= o.patience) {
      it++;
      break;
    }
  }
  return { x: g, value: gVal, iterations: it, evaluations, history };
}
