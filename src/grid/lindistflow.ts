// LinDistFlow: a linear model of bus voltage magnitudes in the bus loads, for keeping an LP linear.
// Dropping losses from the DistFlow equations gives V_j^2 = V_0^2 - 2 sum_i (R_ji P_i + X_ji Q_i), where
// R_ji, X_ji are the resistance and reactance of the path shared by buses j and i from the slack.
// Linearizing in V around a base point (V_b, P_b):  V_j = V_b,j - sum_i (R_ji dP_i + X_ji dQ_i) / V_b,j.
// Base 'no-load' is the classic model (V_b = slack voltage, P_b = 0); a load vector as base linearizes
// around the exact power flow at those loads, which is far more accurate near that point.
// Signs: loads are consumption (kW, kvar); an injection is a negative load. Sensitivities are <= 0.
import { Matrix } from 'ml-matrix';
import { nominalLoads, solvePowerFlow } from './powerflow.js';
import { busIndex, type PreparedFeeder } from './topology.js';
import type { BusLoads } from './types.js';

export interface LinDistFlowModel {
  readonly n: number;
  /** Bus ids in feeder order (row and column order of the matrices). */
  readonly busIds: readonly number[];
  /** Base point: loads and voltages. */
  readonly basePKw: Float64Array;
  readonly baseQKvar: Float64Array;
  readonly baseVmPu: Float64Array;
  /** n x n row-major: [j * n + i] = d|V_j| / d(P load at bus i), p.u. per kW. */
  readonly dvdpPuPerKw: Float64Array;
  /** n x n row-major: [j * n + i] = d|V_j| / d(Q load at bus i), p.u. per kvar. */
  readonly dvdqPuPerKvar: Float64Array;
}

export interface LinDistFlowOptions {
  /** 'no-load' (default, classic LinDistFlow) or the loads to linearize around (exact solve). */
  base?: 'no-load' | BusLoads;
  /** Slack voltage, p.u. (default: the feeder's). */
  slackVmPu?: number;
}

export function linDistFlowSensitivities(prep: PreparedFeeder, opts: LinDistFlowOptions = {}): LinDistFlowModel {
  const { n, order, parentPos, rPu, xPu, sBaseKva } = prep;
  const v0 = opts.slackVmPu ?? prep.feeder.slackVmPu;
  let basePKw: Float64Array;
  let baseQKvar: Float64Array;
  let baseVmPu: Float64Array;
  if (opts.base === undefined || opts.base === 'no-load') {
    basePKw = new Float64Array(n);
    baseQKvar = new Float64Array(n);
    baseVmPu = new Float64Array(n).fill(v0);
  } else {
    const pf = solvePowerFlow(prep, { loads: opts.base, slackVmPu: v0 });
    if (!pf.converged) throw new RangeError(`linDistFlowSensitivities: the base point does not solve (${pf.message})`);
    basePKw = Float64Array.from(opts.base.pKw);
    baseQKvar = Float64Array.from(opts.base.qKvar);
    baseVmPu = Float64Array.from(pf.vmPu);
  }

  // Path incidence A (feeder order x line): A[j][e] = 1 when the line into sweep position e lies on
  // the path from the slack to bus j. The shared-path resistance of buses j and i is then
  // (A diag(r) A^T)[j][i], likewise for the reactance. Lines are numbered in sweep order (a parent
  // before its children), so each entry sums the path's line values from the slack outward.
  const incidence = new Matrix(n, n);
  for (let a = 1; a < n; a++) {
    const j = order[a];
    for (let k = a; k > 0; k = parentPos[k]) incidence.set(j, k, 1);
  }
  const incidenceT = incidence.transpose();
  const lineR = Array.from(rPu);
  const lineX = Array.from(xPu);
  lineR[0] = 0; // position 0 is the slack: no line into it
  lineX[0] = 0;
  const sharedR = incidence.clone().mulRowVector(lineR).mmul(incidenceT);
  const sharedX = incidence.clone().mulRowVector(lineX).mmul(incidenceT);
  const dvdp = new Float64Array(n * n);
  const dvdq = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const scale = 1 / (baseVmPu[j] * sBaseKva);
    const rowR = sharedR.getRow(j);
    const rowX = sharedX.getRow(j);
    for (let i = 0; i < n; i++) {
      dvdp[j * n + i] = -rowR[i] * scale;
      dvdq[j * n + i] = -rowX[i] * scale;
    }
  }
  return { n, busIds: prep.busIds, basePKw, baseQKvar, baseVmPu, dvdpPuPerKw: dvdp, dvdqPuPerKvar: dvdq };
}

/** Voltage magnitudes (feeder order) the linear model predicts for `loads`. */
export function predictVoltages(model: LinDistFlowModel, loads: BusLoads, out = new Float64Array(model.n)): Float64Array {
  const { n, dvdpPuPerKw: sp, dvdqPuPerKvar: sq, basePKw, baseQKvar, baseVmPu } = model;
  const dp = new Float64Array(n);
  const dq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dp[i] = loads.pKw[i] - basePKw[i];
    dq[i] = loads.qKvar[i] - baseQKvar[i];
  }
  for (let j = 0; j < n; j++) {
    let v = baseVmPu[j];
    const row = j * n;
    for (let i = 0; i < n; i++) v += sp[row + i] * dp[i] + sq[row + i] * dq[i];
    out[j] = v;
  }
  return out;
}

/** Sensitivity of bus `busId`'s voltage to load at bus `atBusId` (p.u. per kW and per kvar). */
export function sensitivity(prep: PreparedFeeder, model: LinDistFlowModel, busId: number, atBusId: number): { dvdp: number; dvdq: number } {
  const j = busIndex(prep, busId, prep.feeder.file, 'bus');
  const i = busIndex(prep, atBusId, prep.feeder.file, 'bus');
  return { dvdp: model.dvdpPuPerKw[j * model.n + i], dvdq: model.dvdqPuPerKvar[j * model.n + i] };
}

/** Largest |linear - exact| voltage error (p.u.) at the nominal loads times `scale`. */
export function linDistFlowError(prep: PreparedFeeder, scale: number, opts: LinDistFlowOptions = {}): { maxAbsPu: number; maxRelPct: number; busId: number } {
  const loads = nominalLoads(prep, scale);
  const exact = solvePowerFlow(prep, { loads, slackVmPu: opts.slackVmPu });
  const lin = predictVoltages(linDistFlowSensitivities(prep, opts), loads);
  let worst = { maxAbsPu: 0, maxRelPct: 0, busId: prep.busIds[0] };
  for (let j = 0; j < prep.n; j++) {
    const err = Math.abs(lin[j] - exact.vmPu[j]);
    if (err > worst.maxAbsPu) worst = { maxAbsPu: err, maxRelPct: (100 * err) / exact.vmPu[j], busId: prep.busIds[j] };
  }
  return worst;
}
