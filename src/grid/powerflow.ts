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

// The solver's state, one record of STRIDE numbers per sweep position in a single Float64Array
// (position k at k * STRIDE): one backing store to address instead of ten, and the numbers a
// position's update reads side by side. The series impedance is copied in (a prepared feeder is
// never changed after prepareFeeder).
const STRIDE = 12;
const VR = 0; // voltage, real and imaginary, p.u.
const VI = 1;
const IR = 2; // current in the branch from the parent, p.u.
const II = 3;
const LR = 4; // load current conj(S / V) from the latest voltage
const LI = 5;
const P = 6; // load, p.u.
const Q = 7;
const S2 = 8; // |S|^2
const INV = 9; // 1 / |V|^2 of the voltage LR/LI were computed from
const R = 10; // series impedance from the parent, p.u.
const X = 11;

interface Workspace {
  /** n + 1 records: the last one (offset n * STRIDE) stays zero, the "no child" of the backward sweep. */
  w: Float64Array;
  /** Offset (position * STRIDE) of each position's parent. */
  parentAt: Int32Array;
  /**
   * The children of each position as offsets, largest position first: the first two in child0 /
   * child1 (the zero record where there are fewer), any further ones in
   * moreAt[moreStart[k] .. moreStart[k + 1]). The backward sweep sums a position's children in
   * this order, which is the order in which the earlier push form (each position adding its
   * current into its parent's, from the last position back) accumulated them: the same sums to the
   * bit (a sum that starts at +0 is never -0, so adding the zero record's +0 changes nothing).
   */
  child0: Int32Array;
  child1: Int32Array;
  moreStart: Int32Array;
  moreAt: Int32Array;
  /** Feeder branches with no sweep position (out of service): their loading is NaN. */
  unplaced: Int32Array;
}

const workspaces = new WeakMap<PreparedFeeder, Workspace>();

function workspace(prep: PreparedFeeder): Workspace {
  let ws = workspaces.get(prep);
  if (!ws) {
    const { n, parentPos, branchOfPos, rPu, xPu } = prep;
    const w = new Float64Array((n + 1) * STRIDE);
    const parentAt = new Int32Array(n);
    for (let k = 1; k < n; k++) {
      w[k * STRIDE + R] = rPu[k];
      w[k * STRIDE + X] = xPu[k];
      parentAt[k] = parentPos[k] * STRIDE;
    }
    const zero = n * STRIDE;
    const kids: number[][] = Array.from({ length: n }, () => []);
    for (let k = n - 1; k >= 1; k--) kids[parentPos[k]].push(k * STRIDE);
    const child0 = Int32Array.from(kids, (c) => c[0] ?? zero);
    const child1 = Int32Array.from(kids, (c) => c[1] ?? zero);
    const moreStart = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) moreStart[k + 1] = moreStart[k] + Math.max(0, kids[k].length - 2);
    const moreAt = Int32Array.from(kids.flatMap((c) => c.slice(2)));
    const placed = new Uint8Array(prep.feeder.branches.length);
    for (let k = 1; k < n; k++) placed[branchOfPos[k]] = 1;
    const unplaced = Int32Array.from(placed.keys()).filter((e) => placed[e] === 0);
    ws = { w, parentAt, child0, child1, moreStart, moreAt, unplaced };
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
  const { n, order, sBaseKva } = prep;
  const loads = opts.loads ?? nominalOf(prep);
  if (loads.pKw.length !== n || loads.qKvar.length !== n) {
    throw new RangeError(`solvePowerFlow: loads must have ${n} entries (one per bus), got ${loads.pKw.length}/${loads.qKvar.length}`);
  }
  const scale = (opts.loadScale ?? 1) / sBaseKva;
  const v0 = opts.slackVmPu ?? prep.feeder.slackVmPu;
  const tol = opts.tolerancePu ?? 1e-8;
  const maxIter = opts.maxIterations ?? 100;
  const ws = workspace(prep);
  const { w, parentAt } = ws;
  const pKw = loads.pKw;
  const qKvar = loads.qKvar;
  for (let k = 0, o = 0; k < n; k++, o += STRIDE) {
    const pk = pKw[order[k]] * scale;
    const qk = qKvar[order[k]] * scale;
    const s2 = pk * pk + qk * qk;
    if (!Number.isFinite(s2)) throw new RangeError(`solvePowerFlow: load at bus ${prep.busIds[order[k]]} is not a finite number`);
    w[o + P] = pk;
    w[o + Q] = qk;
    w[o + S2] = s2;
    // flat start, and its load current (the same expressions as in the forward sweep)
    const a = v0;
    const b = 0;
    w[o + VR] = a;
    w[o + VI] = b;
    const inv = 1 / (a * a + b * b);
    w[o + INV] = inv;
    w[o + LR] = (pk * a + qk * b) * inv;
    w[o + LI] = (pk * b - qk * a) * inv;
  }

  let status: PowerFlowStatus = 'max-iterations';
  let iterations = 0;
  let mismatch = Infinity;
  while (iterations < maxIter) {
    iterations++;
    backwardSweep(n, ws);
    // Forward sweep; the power mismatch at bus k is |S_k| * |dV_k| / |V_k| (its load current used
    // V_old). The load current at k from the new voltage is computed here (it depends on V_k
    // only), ready for the next backward sweep.
    let mismatch2 = 0;
    let lowest = Infinity;
    for (let k = 1, o = STRIDE; k < n; k++, o += STRIDE) {
      const a = parentAt[k];
      const irk = w[o + IR];
      const iik = w[o + II];
      const rk = w[o + R];
      const xk = w[o + X];
      const nr = w[a + VR] - (rk * irk - xk * iik);
      const ni = w[a + VI] - (rk * iik + xk * irk);
      const dr = nr - w[o + VR];
      const di = ni - w[o + VI];
      // squared: dv^2 * max(1, |S|^2 / |V_old|^2)
      const ratio = w[o + S2] * w[o + INV];
      const m2 = (dr * dr + di * di) * (ratio > 1 ? ratio : 1);
      if (m2 > mismatch2) mismatch2 = m2;
      w[o + VR] = nr;
      w[o + VI] = ni;
      const vm2 = nr * nr + ni * ni;
      if (vm2 < lowest) lowest = vm2;
      // I = conj(S / V) = (P - jQ) / conj(V)
      const inv = 1 / vm2;
      w[o + INV] = inv;
      const pk = w[o + P];
      const qk = w[o + Q];
      w[o + LR] = (pk * nr + qk * ni) * inv;
      w[o + LI] = (pk * ni - qk * nr) * inv;
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
  backwardSweep(n, ws);
  return assemble(prep, ws, opts, status, iterations, mismatch, v0);
}

/** Current in the branch into each position: its load current plus its children's branch currents. */
function backwardSweep(n: number, ws: Workspace): void {
  const { w, child0, child1, moreStart, moreAt } = ws;
  for (let k = n - 1, o = (n - 1) * STRIDE; k >= 1; k--, o -= STRIDE) {
    const c0 = child0[k];
    const c1 = child1[k];
    let sr = 0;
    let si = 0;
    sr += w[c0 + IR];
    si += w[c0 + II];
    sr += w[c1 + IR];
    si += w[c1 + II];
    for (let j = moreStart[k], end = moreStart[k + 1]; j < end; j++) {
      const c = moreAt[j];
      sr += w[c + IR];
      si += w[c + II];
    }
    w[o + IR] = sr + w[o + LR];
    w[o + II] = si + w[o + LI];
  }
}

function assemble(
  prep: PreparedFeeder, ws: Workspace, opts: SolveOptions, status: PowerFlowStatus, iterations: number, mismatch: number, v0: number
): PowerFlowResult {
  const { n, order, parentPos, branchOfPos, reversedOfPos, sBaseKva, iBaseA, maxCurrentA, busIds } = prep;
  const { w, parentAt, unplaced } = ws;
  const result = reusable(prep, opts.out) ?? allocateResult(prep);
  const { vmPu, vaDeg } = result;
  const br = result.branches;
  const { pFromKw, qFromKvar, pToKw, qToKvar, currentA, pLossKw, qLossKvar, loadingPct } = br;
  for (let j = 0; j < unplaced.length; j++) loadingPct[unplaced[j]] = NaN;
  let pLoss = 0;
  let qLoss = 0;
  let slackP = w[P];
  let slackQ = w[Q];
  vmPu[order[0]] = v0;
  for (let k = 1, o = STRIDE; k < n; k++, o += STRIDE) {
    const i = order[k];
    const vr = w[o + VR];
    const vi = w[o + VI];
    const ir = w[o + IR];
    const ii = w[o + II];
    vmPu[i] = Math.sqrt(vr * vr + vi * vi);
    vaDeg[i] = (Math.atan2(vi, vr) * 180) / Math.PI;
    const a = parentAt[k];
    const par = parentPos[k];
    const pr = w[a + VR];
    const pi = w[a + VI];
    // Sending end S = V_parent * conj(I); receiving end S = V_k * conj(I).
    const sp = pr * ir + pi * ii;
    const sq = pi * ir - pr * ii;
    const rp = vr * ir + vi * ii;
    const rq = vi * ir - vr * ii;
    const e = branchOfPos[k];
    // Into the branch: +sending power at the parent end, -receiving power at the child end.
    const rev = reversedOfPos[k] === 1;
    pFromKw[e] = (rev ? -rp : sp) * sBaseKva;
    qFromKvar[e] = (rev ? -rq : sq) * sBaseKva;
    pToKw[e] = (rev ? sp : -rp) * sBaseKva;
    qToKvar[e] = (rev ? sq : -rq) * sBaseKva;
    const i2 = ir * ir + ii * ii;
    const amps = Math.sqrt(i2) * iBaseA;
    currentA[e] = amps;
    const pl = w[o + R] * i2 * sBaseKva;
    const ql = w[o + X] * i2 * sBaseKva;
    pLossKw[e] = pl;
    qLossKvar[e] = ql;
    const lim = maxCurrentA[e];
    loadingPct[e] = lim !== Infinity ? (amps / lim) * 100 : NaN;
    pLoss += pl;
    qLoss += ql;
    if (par === 0) {
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
  if ('message' in result) delete result.message; // (a delete costs the object its fast shape)
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
