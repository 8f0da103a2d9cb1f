// A CEV dispatches its set-point (charge kW, discharge kW) to its plugged-in EVs for one interval.
//
// Every EV has an exact power range [lo, hi] for the interval (battery.ts intervalPowerRange): lo
// keeps its target reachable (lo > 0: it must charge now; lo < 0: how far V2G may discharge it) and
// its SoC inside [floor, max]. The CEV realizes the set-point's net power N = ch - dis exactly
// whenever sum lo <= N <= sum hi (the VP's LP plans the coming interval inside this range, see
// envelope.ts), so a realized power differs from the set-point only for reasons the plan could not
// know (arrivals, departures, DF curtailment):
//   1. every EV starts at max(lo, 0) (vehicles that must charge now, at the least power that keeps
//      their target reachable: no vehicle is charged early "because it is urgent");
//   2. N above that goes first to the vehicles below their target, by least laxity first, each up
//      to the power that reaches its target (never beyond it in this pass);
//   3. what is left is energy above targets, but only as much as the plan put there (`stockKw`: its
//      V2G stock, or what an obligation floor asks for; a set-point that exceeds the vehicles' needs
//      later in the interval, after a departure or a re-dispatch, is not realized as stock): it goes
//      to the most efficient batteries first (a kWh bought delivers eta kWh, and a V2G round trip
//      returns eta^2 of it), among equal efficiencies to the vehicles that stay longest, each up to
//      hi (with V2G, hi keeps the stock dischargeable before the vehicle leaves);
//   4. N below it is discharged (V2G) from the most flexible vehicles first, each down to lo, but
//      never more than the set-point's discharge (the LP plans must-run charging as charge, so
//      V2G that offsets it is planned and paid for);
//   5. a DF curtailment cap (kW, on the net power) cuts, in this order: charging above the vehicles'
//      must-run power (most flexible first), then best-effort charging (vehicles whose target full
//      power from plug-in could not reach charge at full power, but no target depends on it: it
//      yields to the band), never a reachable target's must-run power (a cap lower than it later in
//      the interval, after a plug-in, does not strand a target either). The floor the CEV reports
//      to the DF (`mustKw`) is that must-run power of the vehicles whose target is still reachable.
// Outside [sum lo, sum hi] the set-point is clamped (cause `mustRun` below, `plan` above).
import { fullPowerReachKwh, intervalPowerRange, laxityH, TARGET_TOLERANCE_SOC, toTargetPowerKw, type EvSpec } from './battery.js';
import type { PluggedEv } from './envelope.js';

export interface DispatchResult {
  /** Grid-side power per EV (same order as input), kW. */
  pKw: Float64Array;
  chargeKw: number;
  dischargeKw: number;
  /** The vehicles' exact net power range for the interval (sums of lo and hi), kW. */
  minKw: number;
  maxKw: number;
  /** Charging the vehicles whose target is still reachable must take now (sum of their max(lo, 0)), kW. */
  mustKw: number;
  /** mustKw plus the best-effort charging (vehicles whose target full power from plug-in cannot reach), kW. */
  mustAllKw: number;
}

export function dispatchLlf(evs: PluggedEv[], chKw: number, disKw: number, tS: number, dtS: number, v2g: boolean, capKw = Infinity, stockKw = Infinity): DispatchResult {
  const n = evs.length;
  const p = new Float64Array(n);
  // a vehicle at its target needs nothing: it comes after every other for charge (and before them
  // for V2G); among those, V2G comes first from the one leaving soonest
  const lax = evs.map((x) => (x.eKwh >= x.spec.socTarget * x.spec.capacityKwh - 1e-9 ? 1e9 - x.spec.deadlineS : laxityH(x.spec, x.eKwh, tS)));
  const rng = evs.map((x) => intervalPowerRange(x.spec, x.eKwh, tS, dtS, v2g));
  const byId = (a: number, b: number) => (evs[a].spec.id < evs[b].spec.id ? -1 : evs[a].spec.id > evs[b].spec.id ? 1 : 0);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lax[a] - lax[b] || byId(a, b));
  let minKw = 0, maxKw = 0, net = 0;
  for (let i = 0; i < n; i++) {
    minKw += rng[i].lo;
    maxKw += rng[i].hi;
    p[i] = Math.max(0, rng[i].lo);
    net += p[i];
  }
  // best effort: a vehicle whose target full power from plug-in could not reach charges at full power
  // (lo = hi), but no target depends on that charging, so it is not part of the floor and a cap may
  // cut it. (Judged from plug-in, as evsReachableAtFullPower: a reachable vehicle that a rounding
  // leaves a little short later keeps its must-run protection.)
  const bestEffort = evs.map((x) => !reachableFromPlugIn(x.spec));
  let mustKw = 0;
  for (let i = 0; i < n; i++) if (!bestEffort[i]) mustKw += p[i];
  const mustAllKw = net;
  const want = Math.min(chKw - disKw, capKw);
  if (want > net) {
    let rest = Math.min(want, maxKw) - net;
    // up to the targets, least laxity first
    for (const i of order) {
      if (rest <= 1e-12) break;
      const give = Math.min(Math.min(rng[i].hi, Math.max(p[i], toTargetPowerKw(evs[i].spec, evs[i].eKwh, tS, dtS))) - p[i], rest);
      if (give <= 0) continue;
      p[i] += give;
      rest -= give;
    }
    // above the targets (as much as the plan put there): the most efficient battery first, then the latest deadline
    rest = Math.min(rest, stockKw);
    if (rest > 1e-12) {
      const stock = Array.from({ length: n }, (_, i) => i).sort((a, b) => evs[b].spec.efficiency - evs[a].spec.efficiency || evs[b].spec.deadlineS - evs[a].spec.deadlineS || byId(a, b));
      for (const i of stock) {
        if (rest <= 1e-12) break;
        const give = Math.min(rng[i].hi - p[i], rest);
        if (give <= 0) continue;
        p[i] += give;
        rest -= give;
      }
    }
  } else if (want < net) {
    // V2G only as planned: never more than the set-point's discharge (a vehicle that plugged in or
    // became urgent after the plan raises the net power instead of being offset by V2G)
    let rest = Math.min(net - Math.max(want, minKw), Math.max(0, disKw));
    for (let k = n - 1; k >= 0 && rest > 1e-12; k--) {
      const i = order[k];
      if (rng[i].lo >= 0) continue;
      const take = Math.min(-rng[i].lo, rest);
      p[i] = -take;
      rest -= take;
    }
    // only a curtailment cap goes below the vehicles' range: cut the charging above the must-run
    // power (most flexible first), then best-effort charging; a reachable target's must-run power
    // stays whatever the cap (a cap below it: a vehicle that plugged in after the DF's check)
    net = 0;
    for (let i = 0; i < n; i++) net += p[i];
    rest = net - capKw;
    for (let pass = 0; pass < 2 && rest > 1e-12; pass++) {
      for (let k = n - 1; k >= 0 && rest > 1e-12; k--) {
        const i = order[k];
        if (pass === 1 && !bestEffort[i]) continue;
        const keep = bestEffort[i] ? (pass === 0 ? p[i] : 0) : Math.max(0, rng[i].lo);
        const cut = Math.min(p[i] - keep, rest);
        if (cut <= 0) continue;
        p[i] -= cut;
        rest -= cut;
      }
    }
  }
  let charge = 0, discharge = 0;
  for (let i = 0; i < n; i++) {
    if (p[i] > 0) charge += p[i];
    else discharge -= p[i];
  }
  return { pKw: p, chargeKw: charge, dischargeKw: discharge, minKw, maxKw, mustKw, mustAllKw };
}

/**
 * Full power from plug-in to the deadline reaches the target (the CEV rating ignored), within the
 * tolerance at which a vehicle counts as at target (so a vehicle full power brings to 89.95% is
 * protected like one it brings to 90%).
 */
export function reachableFromPlugIn(ev: EvSpec): boolean {
  return fullPowerReachKwh(ev, ev.socInit * ev.capacityKwh, ev.arrivalS) >= (ev.socTarget - TARGET_TOLERANCE_SOC) * ev.capacityKwh;
}

/**
 * Dispatch of per-group set-points (deadline groups, earliest deadlines first): each group's
 * set-point goes to its vehicles (dispatchLlf), within what is left of the cluster limit `capKw`
 * (curtailment) after the earlier groups. Vehicles in no group (plugged in after the report) run
 * only when they must.
 */
export function dispatchGroups(groups: { evs: PluggedEv[]; chKw: number; disKw: number; stockKw?: number }[], tS: number, dtS: number, v2g: boolean, capKw: number): { pKw: Float64Array[]; chargeKw: number; dischargeKw: number; minKw: number; maxKw: number; mustKw: number; mustAllKw: number } {
  let left = capKw, charge = 0, discharge = 0, minKw = 0, maxKw = 0, mustKw = 0, mustAllKw = 0;
  const pKw = groups.map((g) => {
    const r = dispatchLlf(g.evs, g.chKw, g.disKw, tS, dtS, v2g, left, g.stockKw);
    left -= r.chargeKw - r.dischargeKw;
    charge += r.chargeKw;
    discharge += r.dischargeKw;
    minKw += r.minKw;
    maxKw += r.maxKw;
    mustKw += r.mustKw;
    mustAllKw += r.mustAllKw;
    return r.pKw;
  });
  return { pKw, chargeKw: charge, dischargeKw: discharge, minKw, maxKw, mustKw, mustAllKw };
}
