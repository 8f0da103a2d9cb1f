// Linear programming: one small model-building interface, two interchangeable backends.
//
// Usage
//   const lp = new LpModel('min');                       // or 'max'
//   const x = lp.addVar({ lb: 0, ub: 10, cost: 3, name: 'x' });   // returns the column index
//   const ys = lp.addVars(24, { lb: -5, ub: 5, cost: (t) => price[t] }); // many at once
//   lp.addConstraint([x, ys[0]], [1, -2], { lb: 1 });    // 1 <= x - 2 y0  (ub defaults to +Inf)
//   lp.addConstraint([x], [1], { lb: 2, ub: 2 });        // equality
//   lp.setCost(x, 4); lp.setBounds(x, 0, 8); lp.objectiveOffset = 100;
//   const solver = await createLpSolver('highs');       // 'highs' (default) | 'jslp'
//   const res = solver.solve(lp);                        // synchronous after loading
//   if (res.status !== 'optimal') ...                    // 'infeasible' | 'unbounded' | 'error'
//   res.objective; res.x[x]; res.solveMs;
//   lpMaxViolation(lp, res.x)                            // max bound/row violation of any point
//
// Conventions
// - Variables are columns 0..n-1 with bounds lb <= x <= ub (defaults lb = 0, ub = +Infinity; use
//   -Infinity for a free variable). Constraints are rows lb <= sum(coef * x) <= ub; repeated column
//   indices in one row are summed. The objective is sum(cost * x) + objectiveOffset, minimized or
//   maximized according to `sense`.
// - Storage is compressed sparse row (CSR), built incrementally; the model is plain data and can be
//   solved by either backend any number of times.
// - Backends:
//   * `highs`: HiGHS (WebAssembly, dual simplex/IPM). The model goes in as structured CSR arrays
//     through the persistent API (no LP-text round trip); the native instance is disposed after
//     each solve. The default: fast and robust on thousands of columns.
//   * `jslp`: javascript-lp-solver (pure JS tableau simplex). Lower bounds are handled by
//     shifting (x = lb + y), free variables via `unrestricted`, finite upper bounds as extra rows.
//     Dense tableau: only for small problems (a few hundred columns).
//   The objective is always recomputed from the returned point, so both backends report it the same way.
import highsModule from 'highs';
import jsLpModule from 'javascript-lp-solver';

// Both packages are CommonJS with ESM builds; under NodeNext their declared default export is typed
// as the module object, while Node's ESM loader gives the function/object itself. Accept both.
type HighsLoader = (typeof highsModule)['default'];
type JsLp = (typeof jsLpModule)['default'];
const highsLoader: HighsLoader = ((highsModule as unknown as { default?: HighsLoader }).default ?? highsModule) as HighsLoader;
const jsLpSolver: JsLp = ((jsLpModule as unknown as { default?: JsLp }).default ?? jsLpModule) as JsLp;

export type LpSense = 'min' | 'max';
export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'error';
export type LpBackend = 'highs' | 'jslp';
export const LP_BACKENDS: readonly LpBackend[] = ['highs', 'jslp'];

export interface VarSpec {
  lb?: number;
  ub?: number;
  cost?: number;
  name?: string;
}

export interface RowBounds {
  lb?: number;
  ub?: number;
  name?: string;
}

export class LpModel {
  colLower: number[] = [];
  colUpper: number[] = [];
  colCost: number[] = [];
  rowLower: number[] = [];
  rowUpper: number[] = [];
  /** CSR: row i occupies rowStart[i]..rowStart[i+1]-1 of colIndex/coef. */
  rowStart: number[] = [0];
  colIndex: number[] = [];
  coef: number[] = [];
  objectiveOffset = 0;
  /** Names given explicitly (the others are x<j> / r<i>, made on demand by colName/rowName). */
  private readonly givenColNames = new Map<number, string>();
  private readonly givenRowNames = new Map<number, string>();

  constructor(public sense: LpSense = 'min') {}

  get numCols(): number {
    return this.colCost.length;
  }
  get numRows(): number {
    return this.rowLower.length;
  }

  colName(j: number): string {
    return this.givenColNames.get(j) ?? `x${j}`;
  }
  rowName(i: number): string {
    return this.givenRowNames.get(i) ?? `r${i}`;
  }

  /** Adds one variable and returns its column index. */
  addVar(spec: VarSpec = {}): number {
    const lb = spec.lb ?? 0;
    const ub = spec.ub ?? Infinity;
    if (Number.isNaN(lb) || Number.isNaN(ub)) throw new RangeError('LpModel.addVar: NaN bound');
    const j = this.colCost.length;
    this.colLower.push(lb);
    this.colUpper.push(ub);
    this.colCost.push(spec.cost ?? 0);
    if (spec.name !== undefined) this.givenColNames.set(j, spec.name);
    return j;
  }

  /** Adds `n` variables; `cost` may be a function of the position 0..n-1. Returns their indices. */
  addVars(n: number, spec: { lb?: number; ub?: number; cost?: number | ((k: number) => number); name?: string } = {}): number[] {
    const out: number[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const cost = typeof spec.cost === 'function' ? spec.cost(k) : spec.cost;
      out[k] = this.addVar({ lb: spec.lb, ub: spec.ub, cost, name: spec.name ? `${spec.name}_${k}` : undefined });
    }
    return out;
  }

  setCost(j: number, c: number): void {
    this.colCost[j] = c;
  }

  setBounds(j: number, lb: number, ub: number): void {
    this.colLower[j] = lb;
    this.colUpper[j] = ub;
  }

  /** Adds the row lb <= sum(coefs[k] * x[cols[k]]) <= ub and returns its index. */
  addConstraint(cols: ArrayLike<number>, coefs: ArrayLike<number>, bounds: RowBounds): number {
    if (cols.length !== coefs.length) throw new RangeError('LpModel.addConstraint: cols and coefs differ in length');
    const lb = bounds.lb ?? -Infinity;
    const ub = bounds.ub ?? Infinity;
    if (Number.isNaN(lb) || Number.isNaN(ub)) throw new RangeError('LpModel.addConstraint: NaN bound');
    // merge duplicate columns (HiGHS rejects duplicates) in order of first appearance, summing in
    // input order; then drop exact zeros
    const idx = this.colIndex, val = this.coef, n = this.colCost.length;
    const start = idx.length;
    // short rows: a linear scan of the row so far; long rows: a map from column to position
    const long = cols.length > 32 ? new Map<number, number>() : null;
    for (let k = 0; k < cols.length; k++) {
      const j = cols[k];
      if (!(j >= 0 && j < n)) {
        idx.length = start;
        val.length = start;
        throw new RangeError(`LpModel.addConstraint: no column ${j}`);
      }
      let p: number;
      if (long) p = long.get(j) ?? -1;
      else {
        p = start;
        const end = idx.length;
        while (p < end && idx[p] !== j) p++;
        if (p === end) p = -1;
      }
      if (p >= 0) val[p] += coefs[k];
      else {
        long?.set(j, idx.length);
        idx.push(j);
        val.push(0 + coefs[k]);
      }
    }
    let w = start;
    for (let p = start; p < idx.length; p++) {
      if (val[p] === 0) continue;
      idx[w] = idx[p];
      val[w] = val[p];
      w++;
    }
    idx.length = w;
    val.length = w;
    this.rowStart.push(w);
    this.rowLower.push(lb);
    this.rowUpper.push(ub);
    const i = this.rowLower.length - 1;
    if (bounds.name !== undefined) this.givenRowNames.set(i, bounds.name);
    return i;
  }

  /** Objective value of a point (including the offset). */
  evaluate(x: ArrayLike<number>): number {
    let v = this.objectiveOffset;
    for (let j = 0; j < this.colCost.length; j++) v += this.colCost[j] * x[j];
    return v;
  }

  /** Activity of every row at a point. */
  rowActivity(x: ArrayLike<number>): Float64Array {
    const act = new Float64Array(this.numRows);
    for (let i = 0; i < this.numRows; i++) {
      let s = 0;
      for (let k = this.rowStart[i]; k < this.rowStart[i + 1]; k++) s += this.coef[k] * x[this.colIndex[k]];
      act[i] = s;
    }
    return act;
  }
}

/** Largest absolute violation of any column bound or row bound at `x` (0 when feasible). */
export function lpMaxViolation(lp: LpModel, x: ArrayLike<number>): number {
  let v = 0;
  for (let j = 0; j < lp.numCols; j++) {
    v = Math.max(v, lp.colLower[j] - x[j], x[j] - lp.colUpper[j]);
  }
  const act = lp.rowActivity(x);
  for (let i = 0; i < lp.numRows; i++) v = Math.max(v, lp.rowLower[i] - act[i], act[i] - lp.rowUpper[i]);
  return Math.max(0, v);
}

export interface LpResult {
  status: LpStatus;
  /** Objective at x (NaN unless optimal). */
  objective: number;
  /** Primal values per column (zeros unless optimal). */
  x: Float64Array;
  backend: LpBackend;
  /** Wall-clock solve time (timing only; never part of results). */
  solveMs: number;
  /** Backend-specific status text. */
  message: string;
}

export interface LpSolveOptions {
  timeLimitS?: number;
  /**
   * HiGHS only: false skips its presolve (on small LPs such as the blocked rolling problems presolve
   * costs more than it saves). Where the LP has several optimal points, which one is returned may
   * differ; the optimal objective does not. Default: HiGHS's own choice.
   */
  presolve?: boolean;
}

export interface LpSolver {
  readonly backend: LpBackend;
  solve(lp: LpModel, opts?: LpSolveOptions): LpResult;
}

type HighsRuntime = Awaited<ReturnType<typeof highsLoader>>;
let highsPromise: Promise<HighsRuntime> | null = null;

/** Loads a backend (HiGHS loads its WebAssembly module once per process). */
export async function createLpSolver(backend: LpBackend = 'highs'): Promise<LpSolver> {
  if (backend === 'highs') {
    highsPromise ??= highsLoader();
    return new HighsSolver(await highsPromise);
  }
  if (backend === 'jslp') return new JsLpSolver();
  throw new RangeError(`unknown LP backend '${String(backend)}' (expected one of ${LP_BACKENDS.join(', ')})`);
}

function finishResult(lp: LpModel, backend: LpBackend, status: LpStatus, x: Float64Array, t0: number, message: string): LpResult {
  return {
    status,
    objective: status === 'optimal' ? lp.evaluate(x) : NaN,
    x: status === 'optimal' ? x : new Float64Array(lp.numCols),
    backend,
    solveMs: performance.now() - t0,
    message,
  };
}

class HighsSolver implements LpSolver {
  readonly backend = 'highs' as const;
  constructor(private readonly h: HighsRuntime) {}

  solve(lp: LpModel, opts: LpSolveOptions = {}): LpResult {
    const t0 = performance.now();
    const h = this.h;
    const inf = h.infinity;
    // bounds with HiGHS's infinity, in typed arrays (copied into WebAssembly memory in one block)
    const clipped = (a: number[]) => {
      const out = new Float64Array(a.length);
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        out[i] = v === Infinity ? inf : v === -Infinity ? -inf : v;
      }
      return out;
    };
    if (lp.numCols === 0) {
      return finishResult(lp, 'highs', lp.rowLower.every((l, i) => l <= 0 && lp.rowUpper[i] >= 0) ? 'optimal' : 'infeasible', new Float64Array(0), t0, 'empty');
    }
    const model = h.createModel({
      numCols: lp.numCols,
      numRows: lp.numRows,
      sense: lp.sense === 'max' ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
      colCost: Float64Array.from(lp.colCost),
      colLower: clipped(lp.colLower),
      colUpper: clipped(lp.colUpper),
      rowLower: clipped(lp.rowLower),
      rowUpper: clipped(lp.rowUpper),
      matrix: { format: 'csr', numRows: lp.numRows, numCols: lp.numCols, starts: Int32Array.from(lp.rowStart), indices: Int32Array.from(lp.colIndex), values: Float64Array.from(lp.coef) },
    });
    try {
      model.options.set({ output_flag: false });
      if (opts.timeLimitS !== undefined) model.options.set({ time_limit: opts.timeLimitS });
      if (opts.presolve === false) model.options.set({ presolve: 'off' });
      const run = model.run();
      const ms = h.constants.modelStatus;
      const code = run.modelStatus as number;
      let status: LpStatus;
      if (code === ms.optimal) status = 'optimal';
      else if (code === ms.infeasible) status = 'infeasible';
      else if (code === ms.unbounded || code === ms.unboundedOrInfeasible) status = code === ms.unbounded ? 'unbounded' : 'infeasible';
      else status = 'error';
      const x = status === 'optimal' ? Float64Array.from(model.getSolution().colValue) : new Float64Array(lp.numCols);
      return finishResult(lp, 'highs', status, x, t0, `HiGHS model status ${code}`);
    } finally {
      model.dispose();
    }
  }
}

class JsLpSolver implements LpSolver {
  readonly backend = 'jslp' as const;

  solve(lp: LpModel, opts: LpSolveOptions = {}): LpResult {
    const t0 = performance.now();
    const n = lp.numCols;
    // shift finite lower bounds: x = lb + y, y >= 0; free columns (lb = -Inf) are unrestricted
    const shift = new Float64Array(n);
    const unrestricted: Record<string, 1> = {};
    const variables: Record<string, Record<string, number>> = {};
    const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
    for (let j = 0; j < n; j++) {
      const lb = lp.colLower[j];
      const ub = lp.colUpper[j];
      if (lb > ub) return finishResult(lp, 'jslp', 'infeasible', new Float64Array(n), t0, `column ${j} has lb > ub`);
      const v: Record<string, number> = { obj: lp.colCost[j] };
      if (lb === -Infinity) unrestricted[`x${j}`] = 1;
      else shift[j] = lb;
      if (ub < Infinity) {
        const name = `u${j}`;
        v[name] = 1;
        constraints[name] = lb === -Infinity ? { max: ub } : { max: ub - lb };
      }
      variables[`x${j}`] = v;
    }
    for (let i = 0; i < lp.numRows; i++) {
      let off = 0;
      const name = `r${i}`;
      for (let k = lp.rowStart[i]; k < lp.rowStart[i + 1]; k++) {
        const j = lp.colIndex[k];
        variables[`x${j}`][name] = lp.coef[k];
        off += lp.coef[k] * shift[j];
      }
      const lo = lp.rowLower[i] - off;
      const hi = lp.rowUpper[i] - off;
      if (lo === hi) constraints[name] = { equal: lo };
      else {
        const c: { min?: number; max?: number } = {};
        if (lo > -Infinity) c.min = lo;
        if (hi < Infinity) c.max = hi;
        if (c.min === undefined && c.max === undefined) continue;
        constraints[name] = c;
      }
    }
    const res = jsLpSolver.Solve({
      optimize: 'obj',
      opType: lp.sense,
      constraints,
      variables,
      unrestricted,
      options: opts.timeLimitS !== undefined ? { timeout: opts.timeLimitS * 1000 } : undefined,
    }) as { feasible: boolean; bounded?: boolean; result: number; [k: string]: unknown };
    if (!res.feasible) return finishResult(lp, 'jslp', 'infeasible', new Float64Array(n), t0, 'infeasible');
    if (res.bounded === false) return finishResult(lp, 'jslp', 'unbounded', new Float64Array(n), t0, 'unbounded');
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const v = res[`x${j}`];
      x[j] = shift[j] + (typeof v === 'number' ? v : 0);
    }
    return finishResult(lp, 'jslp', 'optimal', x, t0, 'optimal');
  }
}
