// A CEV dispatches its set-point (charge kW, discharge kW) to its plugged-in EVs for one interval.
// Rule: least laxity first. Charging goes to EVs in increasing laxity (most urgent first), each up
// to its power limit; discharging goes to the remaining EVs in decreasing laxity (most flexible
// first), each only down to what still lets it reach its target by the deadline and never below
// its SoC floor. EVs whose laxity is below one interval charge first ("must run"), even beyond the
// charge set-point, at full power or at the lower power that reaches the target by the end of the
// interval or the deadline, so no vehicle misses its target because of the aggregation and none is
// charged past its target by this rule.
// An optional cap (kW, from DF curtailment) limits the CEV's net power.
import { effectiveTargetKwh, laxityH, powerLimits } from './battery.js';
import type { PluggedEv } from './envelope.js';

export interface DispatchResult {
  /** Grid-side power per EV (same order as input), kW. */
  pKw: Float64Array;
  chargeKw: number;
  dischargeKw: number;
}

export function dispatchLlf(evs: PluggedEv[], chKw: number, disKw: number, tS: number, dtS: number, v2g: boolean, capKw = Infinity): DispatchResult {
  const n = evs.length;
  const dtH = dtS / 3600;
  const p = new Float64Array(n);
  const lax = evs.map((x) => laxityH(x.spec, x.eKwh, tS));
  const lim = evs.map((x) => powerLimits(x.spec, x.eKwh, dtH, v2g));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lax[a] - lax[b] || (evs[a].spec.id < evs[b].spec.id ? -1 : 1));
  let charge = 0;
  // must-run: vehicles that would otherwise miss their target, at the power that still reaches it
  // (full power when they need it; nothing once they are there, so a leaving vehicle is not
  // charged beyond its target)
  for (const i of order) {
    if (lax[i] >= dtH) break;
    const ev = evs[i].spec;
    const need = Math.max(0, ev.socTarget * ev.capacityKwh - evs[i].eKwh);
    const leftH = Math.min(dtH, Math.max(1e-9, (ev.deadlineS - tS) / 3600));
    p[i] = Math.min(lim[i].hi, need / (ev.efficiency * leftH));
    charge += p[i];
  }
  let rest = Math.max(0, Math.min(chKw, capKw + disKw) - charge);
  for (const i of order) {
    if (rest <= 1e-9) break;
    // must-run vehicles can take set-point power on top of what they need
    const give = Math.min(lim[i].hi - p[i], rest);
    if (give <= 0) continue;
    p[i] += give;
    charge += give;
    rest -= give;
  }
  let discharge = 0;
  if (v2g && disKw > 0) {
    let want = disKw;
    for (let k = n - 1; k >= 0 && want > 1e-9; k--) {
      const i = order[k];
      if (p[i] !== 0) continue;
      const ev = evs[i].spec;
      const e = evs[i].eKwh;
      // keep enough energy that full-power charging after this interval still reaches the target
      const tgt = effectiveTargetKwh(ev, e, tS);
      const after = Math.max(0, Math.min(ev.deadlineS, ev.departureS) - tS - dtS) / 3600;
      const spare = e + ev.maxChargeKw * ev.efficiency * after - tgt;
      if (spare <= 0) continue;
      const byTarget = (spare * ev.efficiency) / dtH;
      const take = Math.min(-lim[i].lo, byTarget, want);
      if (take <= 0) continue;
      p[i] = -take;
      discharge += take;
      want -= take;
    }
  }
  // curtailment cap on the net power: trim charging from the most flexible vehicles
  if (charge - discharge > capKw) {
    let excess = charge - discharge - capKw;
    for (let k = n - 1; k >= 0 && excess > 1e-9; k--) {
      const i = order[k];
      if (p[i] <= 0) continue;
      const cut = Math.min(p[i], excess);
      p[i] -= cut;
      charge -= cut;
      excess -= cut;
    }
  }
  return { pKw: p, chargeKw: charge, dischargeKw: discharge };
}

/**
 * Dispatch of per-group set-points (deadline groups, earliest deadlines first): each group's
 * set-point goes to its vehicles by least laxity first (dispatchLlf, must-run included), within what
 * is left of the cluster limit `capKw` (rating or curtailment) after the earlier groups. Vehicles in
 * no group (plugged in after the report) run only when they must.
 */
export function dispatchGroups(groups: { evs: PluggedEv[]; chKw: number; disKw: number }[], tS: number, dtS: number, v2g: boolean, capKw: number): { pKw: Float64Array[]; chargeKw: number; dischargeKw: number } {
  let left = capKw, charge = 0, discharge = 0;
  const pKw = groups.map((g) => {
    const r = dispatchLlf(g.evs, g.chKw, g.disKw, tS, dtS, v2g, left);
    left -= r.chargeKw - r.dischargeKw;
    charge += r.chargeKw;
    discharge += r.dischargeKw;
    return r.pKw;
  });
  return { pKw, chargeKw: charge, dischargeKw: discharge };
}
