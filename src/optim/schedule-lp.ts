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
// Voltage rows: vMin - v0 <= -sum_c sens[c] (ch - dis) <= vMax - v0, only for the rows given
// (the caller prunes rows that cannot bind); with voltagePenaltyMuPerPu they get priced slacks, so
// a base-case violation or a must-charge vehicle cannot make the whole schedule infeasible.
import { LpModel, type LpSolver, type LpStatus } from './lp.js';
import { emptySchedule, type Schedule, type SchedulingProblem } from './schedule.js';

export interface ScheduleLp {
  lp: LpModel;
  ch: number[][];
  dis: number[][];
  e: number[][];
  /** LP row of each kept voltage row (-1 when it has no column on this problem). */
  vRows: number[];
}

export function buildScheduleLp(p: SchedulingProblem): ScheduleLp {
  const { T, dtH } = p;
  const lp = new LpModel('min');
  const v2g = p.v2gPriceMuPerKwh ?? p.priceMuPerKwh;
  const ch: number[][] = [], dis: number[][] = [], e: number[][] = [];
  const soft = new Set<number>();
  if (p.shortfallPenaltyMuPerKwh !== undefined) for (const g of p.ratingRows ?? []) if (g.clusters.length > 1) for (const c of g.clusters) soft.add(c);
  p.clusters.forEach((cl, ci) => {
    const chc: number[] = [], disc: number[] = [], ec: number[] = [];
    for (let t = 0; t < T; t++) {
      chc.push(lp.addVar({ lb: 0, ub: Math.max(0, cl.pChMaxKw[t]), cost: dtH * p.priceMuPerKwh[t] }));
      disc.push(lp.addVar({ lb: 0, ub: Math.max(0, cl.pDisMaxKw[t]), cost: dtH * (p.degradationMuPerKwh - v2g[t]) }));
      if (soft.has(ci) && cl.eLowKwh[t] > Math.min(0, cl.eHighKwh[t])) {
        // e + short >= eLow, short priced
        const ecol = lp.addVar({ lb: Math.min(0, cl.eHighKwh[t], cl.eLowKwh[t]) - 1e6, ub: cl.eHighKwh[t], cost: 0 });
        const sh = lp.addVar({ lb: 0, cost: p.shortfallPenaltyMuPerKwh! });
        lp.addConstraint([ecol, sh], [1, 1], { lb: cl.eLowKwh[t] });
        ec.push(ecol);
      } else ec.push(lp.addVar({ lb: cl.eLowKwh[t], ub: cl.eHighKwh[t], cost: 0 }));
    }
    for (let t = 0; t < T; t++) {
      const cols = t > 0 ? [ec[t], ec[t - 1], chc[t], disc[t]] : [ec[t], chc[t], disc[t]];
      const coefs = t > 0 ? [1, -1, -dtH * cl.etaCh, dtH / cl.etaDis] : [1, -dtH * cl.etaCh, dtH / cl.etaDis];
      lp.addConstraint(cols, coefs, { lb: 0, ub: 0 });
    }
    if (T > 0 && cl.p0MinKw !== undefined && cl.p0MaxKw !== undefined) {
      // the first interval inside the vehicles' exact net range (soft at a high price, see schedule.ts)
      const pen = dtH * (p.firstIntervalPenaltyMuPerKwh ?? 1000 * Math.max(1, ...p.priceMuPerKwh));
      const lo = cl.p0MinKw, hi = Math.max(cl.p0MinKw, cl.p0MaxKw);
      lp.addConstraint([chc[0], disc[0], lp.addVar({ lb: 0, cost: pen }), lp.addVar({ lb: 0, cost: pen })], [1, -1, 1, -1], { lb: lo, ub: hi, name: `p0_${ci}` });
      if ((cl.p0ChMinKw ?? 0) > 0) lp.addConstraint([chc[0], lp.addVar({ lb: 0, cost: pen })], [1, 1], { lb: cl.p0ChMinKw, name: `p0ch_${ci}` });
    }
    ch.push(chc);
    dis.push(disc);
    e.push(ec);
  });
  const nC = p.clusters.length;
  for (let t = 0; t < T; t++) {
    const lo = p.pMinKw[t], hi = p.pMaxKw[t];
    if (lo === -Infinity && hi === Infinity) continue;
    const cols: number[] = [], coefs: number[] = [];
    for (let c = 0; c < nC; c++) {
      cols.push(ch[c][t], dis[c][t]);
      coefs.push(1, -1);
    }
    if (p.obligationPenaltyMuPerKwh !== null) {
      const pen = p.obligationPenaltyMuPerKwh * dtH;
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
    for (let t = 0; t < T; t++) {
      const chCols = g.clusters.map((c) => ch[c][t]), disCols = g.clusters.map((c) => dis[c][t]);
      const coefs = chCols.map(() => 1);
      if (g.excessPenaltyMuPerKwh !== undefined) {
        // soft: charging above the rating is priced
        chCols.push(lp.addVar({ lb: 0, cost: dtH * g.excessPenaltyMuPerKwh }));
        coefs.push(-1);
      }
      lp.addConstraint(chCols, coefs, { ub: g.chMaxKw });
      if (g.disMaxKw < Infinity) lp.addConstraint(disCols, disCols.map(() => 1), { ub: g.disMaxKw });
    }
  }
  const vRows: number[] = [];
  for (const r of p.voltageRows) {
    const cols: number[] = [], coefs: number[] = [];
    for (let c = 0; c < nC; c++) {
      const s = r.sensPuPerKw[c];
      if (s === 0) continue;
      cols.push(ch[c][r.t], dis[c][r.t]);
      coefs.push(-s, s);
    }
    if (cols.length === 0) {
      vRows.push(-1);
      continue;
    }
    if (p.voltagePenaltyMuPerPu != null) {
      // soft row: under/over slacks in p.u., priced per p.u.
      cols.push(lp.addVar({ lb: 0, cost: p.voltagePenaltyMuPerPu }), lp.addVar({ lb: 0, cost: p.voltagePenaltyMuPerPu }));
      coefs.push(1, -1);
    }
    vRows.push(lp.addConstraint(cols, coefs, { lb: r.vMinPu - r.v0Pu, ub: r.vMaxPu - r.v0Pu, name: `v_${r.label}_${r.t}` }));
  }
  return { lp, ch, dis, e, vRows };
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
export function solveScheduleLp(p: SchedulingProblem, solver: LpSolver): ScheduleSolution {
  const t0 = performance.now();
  const m = buildScheduleLp(p);
  const buildMs = performance.now() - t0;
  const r = solver.solve(m.lp);
  const schedule = emptySchedule(p);
  if (r.status === 'optimal') {
    for (let c = 0; c < p.clusters.length; c++) {
      for (let t = 0; t < p.T; t++) {
        // clean solver round-off so downstream code sees exact zeros and bounds
        schedule.ch[c][t] = Math.max(0, r.x[m.ch[c][t]]);
        schedule.dis[c][t] = Math.max(0, r.x[m.dis[c][t]]);
      }
    }
  }
  let binding = 0, now = 0, branchNow = 0;
  if (r.status === 'optimal') {
    p.voltageRows.forEach((row, i) => {
      if (m.vRows[i] < 0) return;
      let v = row.v0Pu;
      for (let c = 0; c < p.clusters.length; c++) v -= row.sensPuPerKw[c] * (schedule.ch[c][row.t] - schedule.dis[c][row.t]);
      const tol = row.kind === 'branch' ? 1e-3 : 1e-6;
      if (v <= row.vMinPu + tol || v >= row.vMaxPu - tol) {
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
