// The scheduling problem (schedule.ts) as a linear program, solved by either LP backend.
//
// Columns per cluster c and interval t: ch[c,t] in [0, pChMax], dis[c,t] in [0, pDisMax] and the
// state e[c,t] in [eLow, eHigh] with the dynamics row
//   e[c,t] - e[c,t-1] - dtH*etaCh*ch[c,t] + dtH/etaDis*dis[c,t] = 0     (e[c,-1] = 0)
// so the matrix stays sparse (4 nonzeros a row) instead of cumulative sums (O(T^2)).
// Obligation rows (only where a window applies): pMin <= sum_c (ch - dis) + under - over <= pMax,
// with under, over >= 0 priced at obligationPenalty (absent when the obligations are hard).
// First interval (the one executed): p0Min <= ch[c,0] - dis[c,0] <= p0Max, the exact net range of
// the cluster's vehicles, and ch[c,0] >= p0ChMin, the charging of the vehicles that must charge now
// (so V2G that offsets it is planned as discharge); soft, priced far above any energy price.
// Stock (clusters with p0NeedMaxKw below p0MaxKw): the first interval's charge splits into ch[c,0],
// which is at most p0NeedMaxKw above the discharge and goes into energy the vehicles need, and
// stock[c] >= 0, energy above the targets. Both count in the state e (the upper envelope, the
// terminal value) and in every power row, but the lower envelope sees e minus the stock still held:
//   e[c,b] - sig[c,b] >= eLow[c,b],  sig[c,0] >= dtH etaCh stock,
//   sig[c,b] >= sig[c,b-1] - dtH len/etaDis dis[c,b] (b >= 1),  sig >= 0
// (later V2G sells the stock first), so stock in one vehicle never meets another's later need.
// (The first interval's own V2G and the vehicles' existing energy above their targets stay in the
// aggregate.)
// Voltage rows: vMin - v0 <= -sum_c sens[c] (ch - dis) <= vMax - v0, only for the rows given
// (the caller prunes rows that cannot bind); with voltagePenaltyMuPerPu they get priced slacks, so
// a base-case violation or a must-charge vehicle cannot make the whole schedule infeasible.
import { LpModel, type LpSolver, type LpStatus } from './lp.js';
import { blockStarts, type MoveBlocking } from './schedule-blocks.js';
import { emptySchedule, rowVoltagesPu, v2gWaitPremium, type Schedule, type SchedulingProblem } from './schedule.js';

export interface ScheduleLp {
  lp: LpModel;
  ch: number[][];
  dis: number[][];
  e: number[][];
  /** LP row of each kept voltage row (-1 when it has no column on this problem). */
  vRows: number[];
  /** LP periods (T without blocking). */
  periods: number;
  /** Stock column of each cluster's first interval (-1: none); part of its charge at t = 0. */
  stock: number[];
}

/**
 * The LP of a scheduling problem. With `blocking` (schedule-blocks.ts), intervals after the exact
 * window are merged into blocks: one charge/discharge column (average power) and one state column
 * (energy at the block's end) per cluster and block. `ch`, `dis` still list a column for every
 * interval (the block's column for each of its intervals); `e` lists the state column at the end of
 * each period.
 */
export function buildScheduleLp(p: SchedulingProblem, blocking?: MoveBlocking | null): ScheduleLp {
  const { T, dtH } = p;
  const lp = new LpModel('min');
  const v2g = p.v2gPriceMuPerKwh ?? p.priceMuPerKwh;
  const starts = blockStarts(p, blocking);
  const B = starts.length - 1;
  const ch: number[][] = [], dis: number[][] = [], e: number[][] = [];
  const soft = new Set<number>();
  if (p.shortfallPenaltyMuPerKwh !== undefined) for (const g of p.ratingRows ?? []) if (g.clusters.length > 1) for (const c of g.clusters) soft.add(c);
  // per period: length (intervals), and the sums of the interval prices (one interval: the price)
  const len = new Int32Array(B);
  const priceSum = new Float64Array(B), disSum = new Float64Array(B);
  const wait = v2gWaitPremium(p);
  for (let b = 0; b < B; b++) {
    len[b] = starts[b + 1] - starts[b];
    for (let t = starts[b]; t < starts[b + 1]; t++) {
      priceSum[b] += p.priceMuPerKwh[t];
      disSum[b] += p.degradationMuPerKwh - v2g[t] + wait[t];
    }
  }
  const mean = (a: Float64Array, b: number, f: (v: number) => number) => {
    if (len[b] === 1) return f(a[starts[b]]);
    let s = 0;
    for (let t = starts[b]; t < starts[b + 1]; t++) s += f(a[t]);
    return s / len[b];
  };
  const pos = (v: number) => Math.max(0, v);
  const stock: number[] = [];
  p.clusters.forEach((cl, ci) => {
    const chc: number[] = [], disc: number[] = [], ec: number[] = [];
    for (let b = 0; b < B; b++) {
      const t = starts[b + 1] - 1; // the period's last interval (its state is the energy at its end)
      const n = len[b];
      chc.push(lp.addVar({ lb: 0, ub: mean(cl.pChMaxKw, b, pos), cost: dtH * priceSum[b] }));
      disc.push(lp.addVar({ lb: 0, ub: mean(cl.pDisMaxKw, b, pos), cost: dtH * disSum[b] }));
      if (soft.has(ci) && cl.eLowKwh[t] > Math.min(0, cl.eHighKwh[t])) {
        // e + short >= eLow, short priced (per interval the shortfall lasts)
        const ecol = lp.addVar({ lb: Math.min(0, cl.eHighKwh[t], cl.eLowKwh[t]) - 1e6, ub: cl.eHighKwh[t], cost: 0 });
        const sh = lp.addVar({ lb: 0, cost: p.shortfallPenaltyMuPerKwh! * n });
        lp.addConstraint([ecol, sh], [1, 1], { lb: cl.eLowKwh[t] });
        ec.push(ecol);
      } else ec.push(lp.addVar({ lb: cl.eLowKwh[t], ub: cl.eHighKwh[t], cost: 0 }));
    }
    // the energy left at the horizon end is worth terminalValue per kWh (schedule.ts)
    if (B > 0 && p.terminalValueMuPerKwh) lp.setCost(ec[B - 1], -p.terminalValueMuPerKwh);
    const hasStock = B > 0 && cl.p0NeedMaxKw !== undefined && cl.p0MaxKw !== undefined && cl.p0MaxKw > cl.p0NeedMaxKw + 1e-9;
    const st = hasStock ? lp.addVar({ lb: 0, ub: Math.max(0, cl.p0MaxKw! - cl.p0NeedMaxKw!), cost: dtH * priceSum[0] }) : -1;
    stock.push(st);
    for (let b = 0; b < B; b++) {
      const d = dtH * len[b];
      const cols = b > 0 ? [ec[b], ec[b - 1], chc[b], disc[b]] : [ec[b], chc[b], disc[b]];
      const coefs = b > 0 ? [1, -1, -d * cl.etaCh, d / cl.etaDis] : [1, -d * cl.etaCh, d / cl.etaDis];
      if (b === 0 && st >= 0) {
        cols.push(st);
        coefs.push(-d * cl.etaCh);
      }
      lp.addConstraint(cols, coefs, { lb: 0, ub: 0 });
    }
    if (st >= 0) {
      // the stock still held after each period, and the lower envelope without it
      let prev = -1;
      for (let b = 0; b < B; b++) {
        const d = dtH * len[b];
        const sig = lp.addVar({ lb: 0, cost: 0 });
        // (stock charged in the executed interval is not sold in it: its V2G counts against needed energy)
        if (b === 0) lp.addConstraint([sig, st], [1, -d * cl.etaCh], { lb: 0 });
        else lp.addConstraint([sig, prev, disc[b]], [1, -1, d / cl.etaDis], { lb: 0 });
        const t = starts[b + 1] - 1;
        lp.addConstraint([ec[b], sig], [1, -1], { lb: cl.eLowKwh[t] });
        prev = sig;
      }
    }
    if (T > 0 && cl.p0MinKw !== undefined && cl.p0MaxKw !== undefined) {
      // the first interval inside the vehicles' exact net range (soft at a high price, see schedule.ts)
      const pen = dtH * (p.firstIntervalPenaltyMuPerKwh ?? 1000 * Math.max(1, ...p.priceMuPerKwh));
      const lo = cl.p0MinKw, hi = Math.max(cl.p0MinKw, cl.p0MaxKw);
      const p0Cols = [chc[0], disc[0], lp.addVar({ lb: 0, cost: pen }), lp.addVar({ lb: 0, cost: pen })], p0Coefs = [1, -1, 1, -1];
      if (st >= 0) {
        p0Cols.push(st);
        p0Coefs.push(1);
        // what goes into needed energy stays within the vehicles' room below their targets
        lp.addConstraint([chc[0], disc[0], lp.addVar({ lb: 0, cost: pen })], [1, -1, -1], { ub: cl.p0NeedMaxKw!, name: `p0need_${ci}` });
      }
      lp.addConstraint(p0Cols, p0Coefs, { lb: lo, ub: hi, name: `p0_${ci}` });
      if ((cl.p0ChMinKw ?? 0) > 0) lp.addConstraint([chc[0], lp.addVar({ lb: 0, cost: pen })], [1, 1], { lb: cl.p0ChMinKw, name: `p0ch_${ci}` });
    }
    ch.push(chc);
    dis.push(disc);
    e.push(ec);
  });
  const nC = p.clusters.length;
  for (let b = 0; b < B; b++) {
    // a block never spans a change of the obligation bounds (blockStarts)
    const t = starts[b];
    const lo = p.pMinKw[t], hi = p.pMaxKw[t];
    if (lo === -Infinity && hi === Infinity) continue;
    const cols: number[] = [], coefs: number[] = [];
    for (let c = 0; c < nC; c++) {
      cols.push(ch[c][b], dis[c][b]);
      coefs.push(1, -1);
      if (b === 0 && stock[c] >= 0) {
        cols.push(stock[c]);
        coefs.push(1);
      }
    }
    if (p.obligationPenaltyMuPerKwh !== null) {
      const pen = p.obligationPenaltyMuPerKwh * dtH * len[b];
      if (lo > -Infinity) {
        cols.push(lp.addVar({ lb: 0, cost: pen, name: `under_${t}` }));
        coefs.push(1);
      }
      if (hi < Infinity) {
        cols.push(lp.addVar({ lb: 0, cost: pen, name: `over_${t}` }));
        coefs.push(-1);
      }
    }
    lp.addConstraint(cols, coefs, { lb: lo, ub: hi, name: `obl_${t}` });
  }
  for (const g of p.ratingRows ?? []) {
    for (let b = 0; b < B; b++) {
      const chCols = g.clusters.map((c) => ch[c][b]), disCols = g.clusters.map((c) => dis[c][b]);
      if (b === 0) for (const c of g.clusters) if (stock[c] >= 0) chCols.push(stock[c]);
      const coefs = chCols.map(() => 1);
      if (g.excessPenaltyMuPerKwh !== undefined) {
        // soft: charging above the rating is priced
        chCols.push(lp.addVar({ lb: 0, cost: dtH * len[b] * g.excessPenaltyMuPerKwh }));
        coefs.push(-1);
      }
      lp.addConstraint(chCols, coefs, { ub: g.chMaxKw });
      if (g.disMaxKw < Infinity) lp.addConstraint(disCols, disCols.map(() => 1), { ub: g.disMaxKw });
    }
  }
  // per interval: the column of its period
  const periodOf = new Int32Array(T);
  for (let b = 0; b < B; b++) for (let t = starts[b]; t < starts[b + 1]; t++) periodOf[t] = b;
  const chT = ch.map((cc) => Array.from(periodOf, (b) => cc[b]));
  const disT = dis.map((dc) => Array.from(periodOf, (b) => dc[b]));
  const vRows: number[] = [];
  const addSlack = (cols: number[], coefs: number[], sign: 1 | -1) => {
    // soft row: a slack in p.u. (or kW for branch rows), priced per unit
    if (p.voltagePenaltyMuPerPu == null) return;
    cols.push(lp.addVar({ lb: 0, cost: p.voltagePenaltyMuPerPu }));
    coefs.push(sign);
  };
  for (const r of p.voltageRows) {
    // the lower limit counts no V2G lift (rowVoltagesPu): where a discharge would lift the bus the
    // row splits in two, the upper one kept only if the discharges could reach it
    const cols: number[] = [], coefs: number[] = [], lowCoefs: number[] = [];
    let split = false, highest = r.v0Pu;
    for (let c = 0; c < nC; c++) {
      const k = r.sensPuPerKw[c];
      if (k === 0) continue;
      const credit = r.kind !== 'branch' && k > 0;
      split ||= credit;
      highest += k > 0 ? k * p.clusters[c].pDisMaxKw[r.t] : -k * p.clusters[c].pChMaxKw[r.t];
      cols.push(chT[c][r.t], disT[c][r.t]);
      coefs.push(-k, k);
      lowCoefs.push(-k, credit ? 0 : k);
      if (r.t === 0 && stock[c] >= 0) {
        cols.push(stock[c]);
        coefs.push(-k);
        lowCoefs.push(-k);
      }
    }
    if (cols.length === 0) {
      vRows.push(-1);
      continue;
    }
    const name = `v_${r.label}_${r.t}`;
    if (!split) {
      addSlack(cols, coefs, 1);
      addSlack(cols, coefs, -1);
      vRows.push(lp.addConstraint(cols, coefs, { lb: r.vMinPu - r.v0Pu, ub: r.vMaxPu - r.v0Pu, name }));
      continue;
    }
    const upper = highest > r.vMaxPu - 1e-12;
    const lowCols = upper ? [...cols] : cols;
    addSlack(lowCols, lowCoefs, 1);
    vRows.push(lp.addConstraint(lowCols, lowCoefs, { lb: r.vMinPu - r.v0Pu, name }));
    if (upper) {
      addSlack(cols, coefs, -1);
      lp.addConstraint(cols, coefs, { ub: r.vMaxPu - r.v0Pu, name: `${name}_hi` });
    }
  }
  return { lp, ch: chT, dis: disT, e, vRows, periods: B, stock };
}

export interface ScheduleSolution {
  status: LpStatus;
  schedule: Schedule;
  /** LP objective (cost + obligation penalties), m.u. */
  objective: number;
  solveMs: number;
  buildMs: number;
  cols: number;
  rows: number;
  /** Voltage rows whose planned voltage (without slack) is at or beyond a bound (1e-6 p.u.). */
  bindingVoltageRows: number;
  /** Of those, rows of the first interval (the one executed in a rolling horizon). */
  bindingVoltageRowsNow: number;
  /** Branch loading rows of the first interval at their limit (within 1 W). */
  bindingBranchRowsNow: number;
}

/** Builds and solves; on a non-optimal status the schedule is all zeros and `status` says why. */
export interface ScheduleLpOptions {
  /** Move blocking of the horizon (schedule-blocks.ts); absent/null: every interval exact. */
  blocking?: MoveBlocking | null;
  /** Passed to the solver (HiGHS: false skips presolve). */
  presolve?: boolean;
}

export function solveScheduleLp(p: SchedulingProblem, solver: LpSolver, opts: ScheduleLpOptions = {}): ScheduleSolution {
  const t0 = performance.now();
  const m = buildScheduleLp(p, opts.blocking);
  const buildMs = performance.now() - t0;
  const r = solver.solve(m.lp, opts.presolve === undefined ? undefined : { presolve: opts.presolve });
  const schedule = emptySchedule(p);
  if (r.status === 'optimal') {
    for (let c = 0; c < p.clusters.length; c++) {
      for (let t = 0; t < p.T; t++) {
        // clean solver round-off so downstream code sees exact zeros and bounds
        schedule.ch[c][t] = Math.max(0, r.x[m.ch[c][t]]);
        schedule.dis[c][t] = Math.max(0, r.x[m.dis[c][t]]);
      }
      // the first interval's stock is charge too
      if (p.T > 0 && m.stock[c] >= 0) schedule.ch[c][0] += Math.max(0, r.x[m.stock[c]]);
    }
  }
  let binding = 0, now = 0, branchNow = 0;
  if (r.status === 'optimal') {
    p.voltageRows.forEach((row, i) => {
      if (m.vRows[i] < 0) return;
      const v = rowVoltagesPu(row, schedule);
      const tol = row.kind === 'branch' ? 1e-3 : 1e-6;
      if (v.low <= row.vMinPu + tol || v.high >= row.vMaxPu - tol) {
        if (row.kind === 'branch') {
          if (row.t === 0) branchNow++;
          return;
        }
        binding++;
        if (row.t === 0) now++;
      }
    });
  }
  return { status: r.status, schedule, objective: r.objective, solveMs: r.solveMs, buildMs, cols: m.lp.numCols, rows: m.lp.numRows, bindingVoltageRows: binding, bindingVoltageRowsNow: now, bindingBranchRowsNow: branchNow };
}
