// A CEV's flexibility envelope over the remaining horizon, aggregated from its plugged-in EVs.
// For EV i with energy e_i now (t0), deadline d_i and max charge P_i (efficiency eta_i), the
// cumulative battery-side energy change x_i(j) at the end of interval j must satisfy
//   x_i(j) >= max(floor_i, target_i - P_i eta_i (d_i - end_j)^+) - e_i   (target still reachable,
//                                                                         V2G floor kept)
//   x_i(j) >= -Pdis_i (avail_i(j)) / eta_i                               (discharge speed)
//   x_i(j) <= min(max_i - e_i, P_i eta_i avail_i(j))                     (capacity, charge speed)
// where avail_i(j) is the plugged-in time up to end_j; after departure the bounds freeze. The CEV's
// envelope sums these bounds; its power limits sum P_i x (share of interval j plugged in), capped by
// the CEV rating. The cluster efficiency is the capacity-weighted mean of its EVs' (an
// approximation when battery types differ; the dispatch then works per EV exactly).
// This aggregate is a relaxation over the horizon; for the coming interval (the one executed) it
// also carries the exact net power range of its vehicles (p0MinKw..p0MaxKw, the sums of their
// intervalPowerRange) and the charging the vehicles that must charge now need (p0ChMinKw), which
// the LP plans inside, so the dispatch realizes the set-point (and any V2G that offsets must-run
// charging is planned, and paid for, as discharge). p0NeedMaxKw is the part of that range that goes
// into energy the vehicles still need (each up to its target): more is stock above the targets,
// which the LP must not count towards other vehicles' later needs (schedule-lp.ts).
import type { ClusterEnvelope } from '../optim/schedule.js';
import { effectiveTargetKwh, intervalPowerRange, laxityH, toTargetPowerKw, type EvSpec } from './battery.js';

export interface PluggedEv {
  spec: EvSpec;
  eKwh: number;
}

export interface CevLimits {
  id: string;
  pChMaxKw: number;
  pDisMaxKw: number;
  v2g: boolean;
  /** SoC margin (fraction) planned above each vehicle's target (default 0). */
  targetMarginSoc?: number;
  /** Rating-aware backward pass on the lower bound (default true). */
  backwardRating?: boolean;
  /**
   * The rating is left to the scheduler as a soft row (default false): the envelope is then capped
   * by the vehicles' own power limits only, and its lower bound is what they need individually.
   */
  softRating?: boolean;
}

/** Envelope for intervals starting at t0, t0 + stepS, ... (T of them). */
export function clusterEnvelope(cev: CevLimits, evs: PluggedEv[], t0: number, stepS: number, T: number): ClusterEnvelope {
  const pCh = new Float64Array(T), pDis = new Float64Array(T);
  const lo = new Float64Array(T), hi = new Float64Array(T);
  let capSum = 0, etaSum = 0, p0Min = 0, p0Max = 0, p0ChMin = 0, p0Need = 0;
  for (const { spec: ev, eKwh } of evs) {
    // the coming interval exactly: the net power range in which every vehicle keeps its target
    // reachable (what the CEV's dispatch realizes without deviation)
    if (ev.arrivalS <= t0) {
      const r = intervalPowerRange(ev, eKwh, t0, stepS, cev.v2g);
      p0Min += r.lo;
      p0Max += r.hi;
      p0ChMin += Math.max(0, r.lo);
      p0Need += Math.min(r.hi, Math.max(r.lo, toTargetPowerKw(ev, eKwh, t0, stepS)));
    } else if (ev.arrivalS < t0 + stepS) {
      const arriving = (ev.maxChargeKw * (Math.min(t0 + stepS, ev.departureS, ev.deadlineS) - ev.arrivalS)) / stepS;
      p0Max += arriving;
      p0Need += arriving;
    }
    capSum += ev.capacityKwh;
    etaSum += ev.capacityKwh * ev.efficiency;
    // a vehicle not yet plugged in (forecast use) contributes from its arrival on
    const tIn = Math.max(t0, ev.arrivalS);
    // plan a small margin above the target so the aggregation's slack cannot leave a vehicle just short
    const tgt = Math.min(effectiveTargetKwh(ev, eKwh, tIn) + (cev.targetMarginSoc ?? 0) * ev.capacityKwh, ev.socMax * ev.capacityKwh, eKwh + (ev.maxChargeKw * ev.efficiency * Math.max(0, Math.min(ev.departureS, ev.deadlineS) - tIn)) / 3600);
    const eFloor = Math.min(eKwh, ev.socFloor * ev.capacityKwh);
    const eMax = Math.max(eKwh, ev.socMax * ev.capacityKwh);
    const dep = Math.min(ev.departureS, ev.deadlineS);
    for (let j = 0; j < T; j++) {
      const a = t0 + j * stepS, b = a + stepS;
      const end = Math.min(b, dep);
      const frac = Math.max(0, end - Math.max(a, tIn)) / stepS;
      pCh[j] += ev.maxChargeKw * frac;
      if (cev.v2g) pDis[j] += ev.maxDischargeKw * frac;
      const availH = Math.max(0, end - tIn) / 3600;
      const need = Math.max(eFloor, tgt - (ev.maxChargeKw * ev.efficiency * Math.max(0, dep - end)) / 3600) - eKwh;
      const downSpeed = cev.v2g ? (-ev.maxDischargeKw * availH) / ev.efficiency : 0;
      let l = Math.max(need, downSpeed);
      let u = Math.min(eMax - eKwh, ev.maxChargeKw * ev.efficiency * availH);
      // with V2G, energy above the target is only stock for V2G: it must be dischargeable back to the
      // target before the vehicle leaves (what is left above it at departure earns nothing)
      // (never forcing a discharge: a vehicle above that line only stops charging)
      if (cev.v2g) u = Math.min(u, Math.max(0, tgt + (ev.maxDischargeKw * Math.max(0, dep - end)) / 3600 / ev.efficiency - eKwh));
      if (l > u) l = u; // numerically unreachable (should not happen with the effective target)
      lo[j] += l;
      hi[j] += u;
    }
  }
  const eta = capSum > 0 ? etaSum / capSum : 0.92;
  // The CEV rating can make the summed vehicle requirements unreachable (too many vehicles needing
  // full power at once). Cap the lower envelope at what the cluster can deliver from now on, so the
  // problem stays feasible and the shortfall is explicit (those vehicles miss their target).
  // The same cap also absorbs the efficiency approximation (vehicles more efficient than the
  // cluster mean would otherwise need more than the aggregate dynamics can deliver).
  const soft = cev.softRating === true;
  for (let j = 0; j < T; j++) {
    if (!soft) pCh[j] = Math.min(pCh[j], cev.pChMaxKw);
    pDis[j] = Math.min(pDis[j], cev.v2g ? cev.pDisMaxKw : 0);
  }
  // Backward pass: what the vehicles need by a later interval end, the cluster can only deliver at
  // its (rated) charging limit in between, so that much must already be in by this interval's end.
  // Without it the plan leaves too much to the last intervals before a wave of deadlines, and the
  // vehicles then need more power than the rating (and the plan) allow.
  if (cev.backwardRating !== false && !soft) {
    for (let j = T - 2; j >= 0; j--) {
      const need = lo[j + 1] - (stepS / 3600) * eta * pCh[j + 1];
      if (need > lo[j]) lo[j] = Math.min(need, hi[j]);
    }
  }
  let reach = 0;
  for (let j = 0; j < T; j++) {
    reach = Math.min(hi[j], reach + (stepS / 3600) * eta * pCh[j]);
    if (lo[j] > reach) lo[j] = reach;
  }
  return { id: cev.id, pChMaxKw: pCh, pDisMaxKw: pDis, eLowKwh: lo, eHighKwh: hi, etaCh: eta, etaDis: eta, p0MinKw: p0Min, p0MaxKw: p0Max, p0ChMinKw: p0ChMin, p0NeedMaxKw: p0Need };
}

/**
 * Splits plugged-in vehicles into at most `groups` urgency groups by laxity at `tS` (least laxity
 * first, about equal sizes; ties by id). Each group gets its own envelope, so energy put into one group's vehicles
 * cannot count towards another group's targets: the aggregate stays much closer to what the
 * vehicles can carry out than one envelope per cluster.
 */
export function deadlineGroups(evs: PluggedEv[], groups: number, tS: number): PluggedEv[][] {
  const lax = new Map(evs.map((x) => [x.spec.id, laxityH(x.spec, x.eKwh, tS)]));
  const sorted = [...evs].sort((a, b) => lax.get(a.spec.id)! - lax.get(b.spec.id)! || (a.spec.id < b.spec.id ? -1 : a.spec.id > b.spec.id ? 1 : 0));
  const g = Math.max(1, Math.min(groups, sorted.length));
  const out: PluggedEv[][] = [];
  for (let i = 0; i < g; i++) out.push(sorted.slice(Math.floor((i * sorted.length) / g), Math.floor(((i + 1) * sorted.length) / g)));
  return out.filter((x) => x.length > 0);
}

/**
 * The charging (kW, grid side) each interval of the plan needs at least, even with full power in
 * every earlier interval: `max(0, eLow[t] - reach[t-1]) / (dtH etaCh)`, where `reach` is the
 * cumulative energy full power can put in by the end of an interval (within the upper envelope).
 * Interval 0 uses the vehicles' exact must-run charging (`p0ChMinKw`) where the CEV reports it.
 * For later intervals this is the aggregate's floor (a relaxation: at most the vehicles' own).
 */
export function envelopeFloorKw(cl: ClusterEnvelope, dtH: number): Float64Array {
  const T = cl.eLowKwh.length;
  const out = new Float64Array(T);
  let reach = 0;
  for (let t = 0; t < T; t++) {
    const step = dtH * cl.etaCh;
    const need = step > 0 ? (cl.eLowKwh[t] - reach) / step : 0;
    out[t] = Math.min(Math.max(0, cl.pChMaxKw[t]), Math.max(0, need));
    reach = Math.min(cl.eHighKwh[t], reach + step * Math.max(0, cl.pChMaxKw[t]));
  }
  if (T > 0 && cl.p0ChMinKw !== undefined) out[0] = Math.max(0, cl.p0ChMinKw);
  return out;
}
