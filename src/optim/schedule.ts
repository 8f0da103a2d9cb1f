// The VP's scheduling problem, shared by the LP and PSO schedulers, and its exact evaluation.
//
// Over T intervals of dtH hours, each cluster (CEV) c chooses a charge power ch[c,t] >= 0 and a
// discharge (V2G) power dis[c,t] >= 0, both grid-side kW. Its aggregated battery energy change
//   e[c,t] = sum_{s<=t} dtH * (etaCh * ch[c,s] - dis[c,s] / etaDis)      (kWh, battery side)
// must stay inside the cluster's envelope eLow[c,t] <= e[c,t] <= eHigh[c,t] (which encodes
// "every EV can still reach its target by departure" and the V2G SoC floor), and the powers inside
// the cluster limits pChMax[c,t], pDisMax[c,t] (sums over plugged-in EVs, capped by the CEV rating).
// Coupling constraints:
// - obligations: pMin[t] <= sum_c (ch - dis) <= pMax[t] (kW; +-Infinity when no window applies);
// - voltages (LinDistFlow): for each monitored (bus, t) row, v = v0 - sum_c sens[c] * (ch - dis)
//   stays within [vMin, vMax] (sens in p.u./kW; positive for a load lowering the voltage); the
//   lower limit counts no lift from V2G (rowVoltagesPu).
// Objective (m.u.): sum_t price[t] * dtH * sum_c (ch - dis)  [energy bought minus V2G revenue]
//   + degradation * dtH * sum dis  [battery wear per kWh discharged]
//   + obligationPenalty * dtH * (obligation shortfall/excess, kW)  [soft obligations; null = hard]
//   + voltagePenalty * (voltage-row violation, p.u.)                 [soft voltage rows; null = hard]
//   - terminalValue * sum_c e[c,T-1]  [energy left in the vehicles at the horizon end; default 0]
//   + dtH * sum wait[t] * dis  [wait-and-see premium on V2G no later recharge pays for; v2gWaitPremium].

export interface ClusterEnvelope {
  id: string;
  pChMaxKw: Float64Array;
  pDisMaxKw: Float64Array;
  /** Bounds on the cumulative battery-side energy change at the END of each interval, kWh. */
  eLowKwh: Float64Array;
  eHighKwh: Float64Array;
  etaCh: number;
  etaDis: number;
  /**
   * Exact net power range (ch - dis, kW) of the first interval: inside it the cluster's vehicles
   * can realize the set-point while each keeps its target reachable. Absent: no such row.
   */
  p0MinKw?: number;
  p0MaxKw?: number;
  /** Charging (kW) the first interval needs at least (vehicles that must charge now). */
  p0ChMinKw?: number;
  /**
   * The most net power (kW) of the first interval that goes into energy the vehicles still need
   * (each up to its target). Above it the first interval's power is stock above the targets: the
   * LP (schedule-lp.ts) keeps it apart from the energy that meets the lower envelope, so stock in
   * one vehicle never counts towards another's later need (it can only be sold back by V2G or kept).
   * Absent: no such distinction (the aggregate's relaxation).
   */
  p0NeedMaxKw?: number;
}

export interface VoltageRow {
  t: number;
  /**
   * 'voltage' (default): v0Pu, sens, bounds in p.u.; 'branch': a branch loading row in the same
   * form, in kW (v0 = base flow, sens = -1 for the clusters behind the branch, bounds +-limit).
   */
  kind?: 'voltage' | 'branch';
  /** Which feeder/bus the row monitors (for reports). */
  label: string;
  v0Pu: number;
  /** p.u. voltage drop per kW of net load at each cluster (0 for clusters on other feeders). */
  sensPuPerKw: Float64Array;
  vMinPu: number;
  vMaxPu: number;
}

/**
 * Shared charge/discharge limit of several clusters (a CEV's deadline groups, or its one envelope).
 * With `excessPenaltyMuPerKwh` the charge limit is soft: charging above it is priced (m.u. per kWh);
 * the vehicles' own power limits stay hard (the cluster bounds).
 */
export interface RatingRow {
  clusters: number[];
  chMaxKw: number;
  disMaxKw: number;
  excessPenaltyMuPerKwh?: number;
}

export interface SchedulingProblem {
  T: number;
  dtH: number;
  priceMuPerKwh: Float64Array;
  /** Price paid for V2G energy; default = the energy price. */
  v2gPriceMuPerKwh?: Float64Array;
  degradationMuPerKwh: number;
  clusters: ClusterEnvelope[];
  pMinKw: Float64Array;
  pMaxKw: Float64Array;
  /** m.u. per kWh of obligation deviation; null makes the obligations hard constraints. */
  obligationPenaltyMuPerKwh: number | null;
  voltageRows: VoltageRow[];
  /** Shared limits of several clusters (a CEV's deadline groups): sum ch <= chMax, sum dis <= disMax per interval. */
  ratingRows?: RatingRow[];
  /**
   * m.u. per kWh and interval the cumulative energy of a cluster in a rating row may stay below its
   * lower envelope (soft lower bounds: groups sharing a rating can together need more than it
   * delivers; the LP then misses as little as it can instead of being infeasible). Absent: hard.
   */
  shortfallPenaltyMuPerKwh?: number;
  /**
   * m.u. per kWh the first interval's net power may leave a cluster's exact range [p0MinKw,
   * p0MaxKw] (the aggregate's averaged efficiency can make the exact range and the envelope
   * disagree by a little; priced so the LP stays feasible). Absent: 1000 x the highest price.
   */
  firstIntervalPenaltyMuPerKwh?: number;
  /** m.u. per p.u. of voltage-row violation per interval; absent/null makes the rows hard. */
  voltagePenaltyMuPerPu?: number | null;
  /**
   * Value (m.u. per battery-side kWh) of each cluster's energy at the horizon end, subtracted from
   * the objective: energy left in the vehicles above their targets is worth this much, so V2G that
   * sells it pays only above that value (after the discharge loss). Absent: 0 (such energy is
   * worth nothing and is sold at any price above the wear cost).
   */
  terminalValueMuPerKwh?: number;
  /**
   * Wait-and-see premium, m.u. per kWh of V2G and per interval it comes before the horizon's last
   * one, in intervals where no later recharge pays for the discharge (v2gWaitPremium). Among plans
   * of (nearly) equal cost it puts such discharges (room made for a later obligation floor, stock
   * sold back) as late as they can be, so a later decision, which knows more arrivals, can drop
   * them. Absent: 0.
   */
  v2gWaitMuPerKwh?: number;
}

/** A schedule: ch[c][t], dis[c][t] in kW. */
export interface Schedule {
  ch: Float64Array[];
  dis: Float64Array[];
}

export interface ScheduleEvaluation {
  /** Energy cost net of V2G revenue plus degradation (m.u.), without penalties. */
  costMu: number;
  /** Obligation deviation, kWh (sum over intervals). */
  obligationDeviationKwh: number;
  /** Largest violation of any constraint, in its own unit (kW, kWh or p.u.). */
  maxViolation: number;
  /** Largest violation per constraint kind, each in its own unit. */
  violation: { powerKw: number; energyKwh: number; obligationKw: number; voltagePu: number };
  /** cost + penalty (what the optimizers minimize when obligations are soft). */
  objective: number;
}

export function emptySchedule(p: SchedulingProblem): Schedule {
  return {
    ch: p.clusters.map(() => new Float64Array(p.T)),
    dis: p.clusters.map(() => new Float64Array(p.T)),
  };
}

/** Aggregate net power (kW) per interval. */
export function netPowerKw(p: SchedulingProblem, s: Schedule): Float64Array {
  const out = new Float64Array(p.T);
  for (let c = 0; c < p.clusters.length; c++) for (let t = 0; t < p.T; t++) out[t] += s.ch[c][t] - s.dis[c][t];
  return out;
}

/** Exact evaluation of a schedule against every constraint of the problem. */
/** `wait`: the problem's v2gWaitPremium, for callers that evaluate many schedules of one problem. */
export function evaluateSchedule(p: SchedulingProblem, s: Schedule, wait: Float64Array = v2gWaitPremium(p)): ScheduleEvaluation {
  const { T, dtH } = p;
  const v2g = p.v2gPriceMuPerKwh ?? p.priceMuPerKwh;
  let cost = 0;
  const viol = { powerKw: 0, energyKwh: 0, obligationKw: 0, voltagePu: 0 };
  let terminal = 0, waitCost = 0;
  for (let c = 0; c < p.clusters.length; c++) {
    const cl = p.clusters[c];
    let e = 0;
    for (let t = 0; t < T; t++) {
      const ch = s.ch[c][t], dis = s.dis[c][t];
      cost += dtH * (p.priceMuPerKwh[t] * ch - v2g[t] * dis + p.degradationMuPerKwh * dis);
      waitCost += dtH * wait[t] * dis;
      viol.powerKw = Math.max(viol.powerKw, -ch, -dis, ch - cl.pChMaxKw[t], dis - cl.pDisMaxKw[t]);
      e += dtH * (cl.etaCh * ch - dis / cl.etaDis);
      viol.energyKwh = Math.max(viol.energyKwh, cl.eLowKwh[t] - e, e - cl.eHighKwh[t]);
    }
    terminal += (p.terminalValueMuPerKwh ?? 0) * e;
    if (T > 0 && cl.p0MinKw !== undefined && cl.p0MaxKw !== undefined) {
      const net = s.ch[c][0] - s.dis[c][0];
      viol.powerKw = Math.max(viol.powerKw, cl.p0MinKw - net, net - Math.max(cl.p0MinKw, cl.p0MaxKw), (cl.p0ChMinKw ?? 0) - s.ch[c][0]);
    }
  }
  const net = netPowerKw(p, s);
  let dev = 0;
  for (let t = 0; t < T; t++) {
    const d = Math.max(0, p.pMinKw[t] - net[t], net[t] - p.pMaxKw[t]);
    dev += d * dtH;
    viol.obligationKw = Math.max(viol.obligationKw, d);
  }
  for (const g of p.ratingRows ?? []) {
    for (let t = 0; t < T; t++) {
      let ch = 0, dis = 0;
      for (const c of g.clusters) {
        ch += s.ch[c][t];
        dis += s.dis[c][t];
      }
      viol.powerKw = Math.max(viol.powerKw, g.excessPenaltyMuPerKwh === undefined ? ch - g.chMaxKw : 0, dis - g.disMaxKw);
    }
  }
  for (const r of p.voltageRows) {
    const v = rowVoltagesPu(r, s);
    viol.voltagePu = Math.max(viol.voltagePu, r.vMinPu - v.low, v.high - r.vMaxPu);
  }
  for (const k of Object.keys(viol) as (keyof typeof viol)[]) viol[k] = Math.max(0, viol[k]);
  const penalty = p.obligationPenaltyMuPerKwh ?? 0;
  return {
    costMu: cost,
    obligationDeviationKwh: dev,
    maxViolation: Math.max(viol.powerKw, viol.energyKwh, viol.obligationKw, viol.voltagePu),
    violation: viol,
    objective: cost + penalty * dev - terminal + waitCost,
  };
}

/**
 * The wait-and-see premium of each interval (m.u. per kWh of V2G): v2gWaitMuPerKwh x the intervals
 * left after it, where a discharge cannot pay for itself by a later recharge (V2G price - wear at
 * most the cheapest later price over the best cluster's round-trip efficiency); 0 where it can. So
 * arbitrage V2G keeps its timing, and V2G done for a constraint or to sell stock waits while
 * waiting costs nothing.
 */
export function v2gWaitPremium(p: SchedulingProblem): Float64Array {
  const { T } = p;
  const out = new Float64Array(T);
  const w = p.v2gWaitMuPerKwh ?? 0;
  if (!(w > 0)) return out;
  const v2g = p.v2gPriceMuPerKwh ?? p.priceMuPerKwh;
  let eta = 0;
  for (const cl of p.clusters) eta = Math.max(eta, cl.etaCh * cl.etaDis);
  let cheapestLater = Infinity;
  for (let t = T - 1; t >= 0; t--) {
    const pays = v2g[t] - p.degradationMuPerKwh > cheapestLater / eta;
    out[t] = pays ? 0 : w * (T - 1 - t);
    cheapestLater = Math.min(cheapestLater, p.priceMuPerKwh[t]);
  }
  return out;
}

/**
 * A voltage row's value under a schedule, for its two limits. `high` is the row's linear voltage
 * (branch rows: flow); `low`, for the lower limit, leaves out the lift of V2G (a discharge where
 * sens > 0): the plan keeps buses up by limiting charging, and does not buy V2G round trips to
 * raise a feeder for other vehicles' charging (the exact power flow still sees the lift). Branch
 * rows count discharges both ways.
 */
export function rowVoltagesPu(r: VoltageRow, s: Schedule, out: RowVoltages = { low: 0, high: 0 }): RowVoltages {
  let low = r.v0Pu, high = r.v0Pu;
  const credit = r.kind !== 'branch';
  for (let c = 0; c < r.sensPuPerKw.length; c++) {
    const k = r.sensPuPerKw[c];
    if (k === 0) continue;
    const ch = s.ch[c][r.t], dis = s.dis[c][r.t];
    high -= k * (ch - dis);
    low -= k * ch - (credit ? Math.min(0, k) : k) * dis;
  }
  out.low = low;
  out.high = high;
  return out;
}

/** A row's value for its lower and its upper limit (rowVoltagesPu; `out` lets hot loops reuse one). */
export interface RowVoltages {
  low: number;
  high: number;
}
