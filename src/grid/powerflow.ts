// Backward/forward sweep power flow for radial feeders with constant-power loads.
// Backward: branch currents = load currents (from the last voltages) summed towards the slack.
// Forward: voltages = parent voltage - Z * branch current, away from the slack. Repeat until the
// largest voltage update and the largest bus power mismatch are both at most the tolerance (p.u.).
import type { PreparedFeeder } from './topology.js';
import type { BusLoads, GridLimits } from './types.js';
import { detectViolations, type Violation } from './violations.js';

export type PowerFlowStatus = 'converged' | 'max-iterations' | 'diverged';

export interface SolveOptions {
  /** Loads per bus in feeder order (default: the feeder's nominal loads). */
  loads?: BusLoads;
  /** Multiplies every load (default 1). */
  loadScale?: number;
  /** Slack voltage magnitude, p.u. (default: the feeder's, normally 1.0). */
  slackVmPu?: number;
  /** Convergence tolerance, p.u. (default 1e-8). */
  tolerancePu?: number;
  /** Iteration limit (default 100). */
  maxIterations?: number;
  /** Limits for the violation list (default: the feeder's voltage limits and branch ratings). */
  limits?: Partial<GridLimits>;
  /**
   * A previous result of this feeder to overwrite instead of allocating a new one (hot loops that
   * read what they need before the next solve). The returned object is then `out` itself.
   */
  out?: PowerFlowResult;
}

/** Per feeder branch (file order). Powers are injected into the branch at each end (MATPOWER PF/PT). */
export interface BranchFlows {
  pFromKw: Float64Array;
  qFromKvar: Float64Array;
  pToKw: Float64Array;
  qToKvar: Float64Array;
  currentA: Float64Array;
  pLossKw: Float64Array;
  qLossKvar: Float64Array;
  /** currentA / maxCurrentA * 100; NaN when the branch has no rating. */
  loadingPct: Float64Array;
}

export interface PowerFlowResult {
  status: PowerFlowStatus;
  converged: boolean;
  /** Human-readable reason when not converged. */
  message?: string;
  iterations: number;
  /** Final mismatch, p.u. */
  mismatchPu: number;
  /** Per bus in feeder order. */
  vmPu: Float64Array;
  vaDeg: Float64Array;
  branches: BranchFlows;
  pLossKw: number;
  qLossKvar: number;
  /** Power delivered by the slack (into the feeder plus the slack bus's own load). */
  slackPKw: number;
  slackQKvar: number;
  vmin: number;
  vminBus: number;
  vmax: number;
  vmaxBus: number;
  violations: Violation[];
}

interface Workspace {
  vr: Float64Array;
  vi: Float64Array;
  ir: Float64Array;
  ii: Float64Array;
  p: Float64Array;
  q: Float64Array;
  s2: Float64Array;
  /** 1 / |V|^2 from the last backward sweep. */
  invV2: Float64Array;
}

const workspaces = new WeakMap<PreparedFeeder, Workspace>();

function workspace(prep: PreparedFeeder): Workspace {
  let ws = workspaces.get(prep);
  if (!ws) {
    const n = prep.n;
    ws = { vr: new Float64Array(n), vi: new Float64Array(n), ir: new Float64Array(n), ii: new Float64Array(n), p: new Float64Array(n), q: new Float64Array(n), s2: new Float64Array(n), invV2: new Float64Array(n) };
    workspaces.set(prep, ws);
  }
  return ws;
}

const nominalCache = new WeakMap<PreparedFeeder, BusLoads>();

function nominalOf(prep: PreparedFeeder): BusLoads {
  let loads = nominalCache.get(prep);
  if (!loads) nominalCache.set(prep, (loads = nominalLoads(prep)));
  return loads;
}

/** Nominal loads of the feeder, optionally scaled (fresh arrays the caller may modify). */
export function nominalLoads(prep: PreparedFeeder, scale = 1): BusLoads {
  const buses = prep.feeder.buses;
  return {
    pKw: Float64Array.from(buses, (b) => b.pKw * scale),
    qKvar: Float64Array.from(buses, (b) => b.qKvar * scale),
  };
}

export function solvePowerFlow(prep: PreparedFeeder, opts: SolveOptions = {}): PowerFlowResult {
  const { n, order, parentPos, rPu, xPu, sBaseKva } = prep;
  const loads = opts.loads ?? nominalOf(prep);
  if (loads.pKw.length !== n || loads.qKvar.length !== n) {
    throw new RangeError(`solvePowerFlow: loads must have ${n} entries (one per bus), got ${loads.pKw.length}/${loads.qKvar.length}`);
  }
  const scale = (opts.loadScale ?? 1) / sBaseKva;
  const v0 = opts.slackVmPu ?? prep.feeder.slackVmPu;
  const tol = opts.tolerancePu ?? 1e-8;
  const maxIter = opts.maxIterations ?? 100;
  const { vr, vi, ir, ii, p, q, s2, invV2 } = workspace(prep);
  for (let k = 0; k < n; k++) {
    p[k] = loads.pKw[order[k]] * scale;
    q[k] = loads.qKvar[order[k]] * scale;
    s2[k] = p[k] * p[k] + q[k] * q[k];
    if (!Number.isFinite(s2[k])) throw new RangeError(`solvePowerFlow: load at bus ${prep.busIds[order[k]]} is not a finite number`);
    vr[k] = v0;
    vi[k] = 0;
  }

  let status: PowerFlowStatus = 'max-iterations';
  let iterations = 0;
  let mismatch = Infinity;
  while (iterations < maxIter) {
    iterations++;
    backwardSweep(n, parentPos, vr, vi, p, q, ir, ii, invV2);
    // Forward sweep; the power mismatch at bus k is |S_k| * |dV_k| / |V_k| (its load current used V_old).
    let mismatch2 = 0;
    let lowest = Infinity;
    for (let k = 1; k < n; k++) {
      const a = parentPos[k];
      const nr = vr[a] - (rPu[k] * ir[k] - xPu[k] * ii[k]);
      const ni = vi[a] - (rPu[k] * ii[k] + xPu[k] * ir[k]);
      const dr = nr - vr[k];
      const di = ni - vi[k];
      // squared: dv^2 * max(1, |S|^2 / |V_old|^2)
      const ratio = s2[k] * invV2[k];
      const m2 = (dr * dr + di * di) * (ratio > 1 ? ratio : 1);
      if (m2 > mismatch2) mismatch2 = m2;
      vr[k] = nr;
      vi[k] = ni;
      const vm2 = nr * nr + ni * ni;
      if (vm2 < lowest) lowest = vm2;
    }
    mismatch = Math.sqrt(mismatch2);
    // A voltage collapsing towards zero (or NaN) means the load is beyond what the feeder can carry.
    if (!(lowest > 0.01) || !Number.isFinite(mismatch)) {
      status = 'diverged';
      break;
    }
    if (mismatch <= tol) {
      status = 'converged';
      break;
    }
  }
  // Branch currents from the final voltages, so that power balance holds to rounding.
  backwardSweep(n, parentPos, vr, vi, p, q, ir, ii, invV2);
  return assemble(prep, opts, status, iterations, mismatch, v0);
}

function backwardSweep(
  n: number, parentPos: Int32Array, vr: Float64Array, vi: Float64Array,
  p: Float64Array, q: Float64Array, ir: Float64Array, ii: Float64Array, invV2: Float64Array
): void {
  ir.fill(0);
  ii.fill(0);
  for (let k = n - 1; k >= 1; k--) {
    // I = conj(S / V) = (P - jQ) / conj(V)
    const a = vr[k];
    const b = vi[k];
    const inv = 1 / (a * a + b * b);
    invV2[k] = inv;
    const cr = ir[k] + (p[k] * a + q[k] * b) * inv;
    const ci = ii[k] + (p[k] * b - q[k] * a) * inv;
    ir[k] = cr;
    ii[k] = ci;
    const up = parentPos[k];
    ir[up] += cr;
    ii[up] += ci;
  }
}

function assemble(
  prep: PreparedFeeder, opts: SolveOptions, status: PowerFlowStatus, iterations: number, mismatch: number, v0: number
): PowerFlowResult {
  const { n, order, parentPos, branchOfPos, reversedOfPos, rPu, xPu, sBaseKva, iBaseA, maxCurrentA, busIds } = prep;
  const { vr, vi, ir, ii, p, q } = workspace(prep);
  const result = reusable(prep, opts.out) ?? allocateResult(prep);
  const { vmPu, vaDeg } = result;
  const br = result.branches;
  br.loadingPct.fill(NaN);
  let pLoss = 0;
  let qLoss = 0;
  let slackP = p[0];
  let slackQ = q[0];
  vmPu[order[0]] = v0;
  for (let k = 1; k < n; k++) {
    const i = order[k];
    vmPu[i] = Math.sqrt(vr[k] * vr[k] + vi[k] * vi[k]);
    vaDeg[i] = (Math.atan2(vi[k], vr[k]) * 180) / Math.PI;
    const a = parentPos[k];
    // Sending end S = V_parent * conj(I); receiving end S = V_k * conj(I).
    const sp = vr[a] * ir[k] + vi[a] * ii[k];
    const sq = vi[a] * ir[k] - vr[a] * ii[k];
    const rp = vr[k] * ir[k] + vi[k] * ii[k];
    const rq = vi[k] * ir[k] - vr[k] * ii[k];
    const e = branchOfPos[k];
    // Into the branch: +sending power at the parent end, -receiving power at the child end.
    const rev = reversedOfPos[k] === 1;
    br.pFromKw[e] = (rev ? -rp : sp) * sBaseKva;
    br.qFromKvar[e] = (rev ? -rq : sq) * sBaseKva;
    br.pToKw[e] = (rev ? sp : -rp) * sBaseKva;
    br.qToKvar[e] = (rev ? sq : -rq) * sBaseKva;
    const i2 = ir[k] * ir[k] + ii[k] * ii[k];
    br.currentA[e] = Math.sqrt(i2) * iBaseA;
    br.pLossKw[e] = rPu[k] * i2 * sBaseKva;
    br.qLossKvar[e] = xPu[k] * i2 * sBaseKva;
    if (maxCurrentA[e] !== Infinity) br.loadingPct[e] = (br.currentA[e] / maxCurrentA[e]) * 100;
    pLoss += br.pLossKw[e];
    qLoss += br.qLossKvar[e];
    if (a === 0) {
      slackP += sp;
      slackQ += sq;
    }
  }
  let vmin = Infinity;
  let vmax = -Infinity;
  let vminBus = busIds[0];
  let vmaxBus = busIds[0];
  for (let i = 0; i < n; i++) {
    if (vmPu[i] < vmin) {
      vmin = vmPu[i];
      vminBus = busIds[i];
    }
    if (vmPu[i] > vmax) {
      vmax = vmPu[i];
      vmaxBus = busIds[i];
    }
  }
  result.status = status;
  result.converged = status === 'converged';
  result.iterations = iterations;
  result.mismatchPu = mismatch;
  result.pLossKw = pLoss;
  result.qLossKvar = qLoss;
  result.slackPKw = slackP * sBaseKva;
  result.slackQKvar = slackQ * sBaseKva;
  result.vmin = vmin;
  result.vminBus = vminBus;
  result.vmax = vmax;
  result.vmaxBus = vmaxBus;
  delete result.message;
  if (status === 'max-iterations') {
    result.message = `no convergence in ${iterations} iterations (mismatch ${mismatch.toExponential(2)} p.u.); the load may be close to the feeder's limit`;
  } else if (status === 'diverged') {
    result.message = `diverged after ${iterations} iterations (voltage collapse): the load exceeds what the feeder can carry`;
  }
  result.violations = detectViolations(prep, result, opts.limits);
  return result;
}

function reusable(prep: PreparedFeeder, out: PowerFlowResult | undefined): PowerFlowResult | undefined {
  if (!out) return undefined;
  if (out.vmPu.length !== prep.n || out.branches.currentA.length !== prep.feeder.branches.length) {
    throw new RangeError('solvePowerFlow: `out` was produced for a different feeder');
  }
  return out;
}

// One buffer for all per-bus and per-branch arrays: a single allocation per result.
function allocateResult(prep: PreparedFeeder): PowerFlowResult {
  const n = prep.n;
  const m = prep.feeder.branches.length;
  const buf = new Float64Array(2 * n + 8 * m);
  let at = 0;
  const take = (len: number) => buf.subarray(at, (at += len));
  return {
    status: 'max-iterations', converged: false, iterations: 0, mismatchPu: Infinity,
    vmPu: take(n),
    vaDeg: take(n),
    branches: {
      pFromKw: take(m), qFromKvar: take(m), pToKw: take(m), qToKvar: take(m),
      currentA: take(m), pLossKw: take(m), qLossKvar: take(m), loadingPct: take(m),
    },
    pLossKw: 0, qLossKvar: 0, slackPKw: 0, slackQKvar: 0, vmin: NaN, vminBus: 0, vmax: NaN, vmaxBus: 0, violations: [],
  };
}
