// One EV's battery: energy accounting and power limits (pure).
// Grid-side power p (kW, + charge, - discharge); battery energy changes by
//   de = eta * p * dtH (charging), de = p * dtH / eta (discharging),
// so over any period SoC change * capacity = charged * eta - discharged / eta.

export interface EvSpec {
  id: string;
  /** Index of its CEV. */
  cev: number;
  userType: string;
  battery: string;
  capacityKwh: number;
  maxChargeKw: number;
  maxDischargeKw: number;
  efficiency: number;
  /** Plug-in and departure, seconds after 00:00. */
  arrivalS: number;
  departureS: number;
  /** Target deadline: min(departure, horizon end). */
  deadlineS: number;
  socInit: number;
  socTarget: number;
  /** V2G never discharges below this SoC. */
  socFloor: number;
  socMax: number;
}

/** A vehicle within this SoC of its target counts as at target (summary `evsReachingTarget`). */
export const TARGET_TOLERANCE_SOC = 1e-3;

/** Battery energy (kWh) full power from `eKwh` at time `fromS` puts in by the deadline (no SoC cap). */
export function fullPowerReachKwh(ev: EvSpec, eKwh: number, fromS: number): number {
  return eKwh + (ev.maxChargeKw * ev.efficiency * Math.max(0, ev.deadlineS - fromS)) / 3600;
}

/** Energy the EV can still reach by its deadline from `eKwh` at time `tS`, capped at the target. */
export function effectiveTargetKwh(ev: EvSpec, eKwh: number, tS: number): number {
  const reach = fullPowerReachKwh(ev, eKwh, tS);
  return Math.max(Math.min(ev.socTarget * ev.capacityKwh, reach), Math.min(eKwh, ev.socTarget * ev.capacityKwh));
}

/** Power limits [lo, hi] (kW) for the next dtH hours so the battery stays in [floor, max] SoC. */
export function powerLimits(ev: EvSpec, eKwh: number, dtH: number, v2g: boolean): { lo: number; hi: number } {
  const eMax = ev.socMax * ev.capacityKwh;
  const eFloor = ev.socFloor * ev.capacityKwh;
  const hi = Math.max(0, Math.min(ev.maxChargeKw, (eMax - eKwh) / (ev.efficiency * dtH)));
  const lo = v2g ? -Math.max(0, Math.min(ev.maxDischargeKw, ((eKwh - eFloor) * ev.efficiency) / dtH)) : 0;
  return { lo, hi };
}

export interface EnergyStep {
  eKwh: number;
  chargedKwh: number;
  dischargedKwh: number;
}

/** Applies power p for dtH hours, stopping at the SoC bounds (never crossing them). */
export function applyPower(ev: EvSpec, eKwh: number, pKw: number, dtH: number): EnergyStep {
  if (pKw >= 0) {
    const eMax = ev.socMax * ev.capacityKwh;
    const charged = Math.max(0, Math.min(pKw * dtH, (eMax - eKwh) / ev.efficiency));
    return { eKwh: Math.min(eMax, eKwh + charged * ev.efficiency), chargedKwh: charged, dischargedKwh: 0 };
  }
  const eFloor = Math.min(eKwh, ev.socFloor * ev.capacityKwh);
  const discharged = Math.max(0, Math.min(-pKw * dtH, (eKwh - eFloor) * ev.efficiency));
  return { eKwh: Math.max(eFloor, eKwh - discharged / ev.efficiency), chargedKwh: 0, dischargedKwh: discharged };
}

/** SC2: constant power from plug-in that reaches the target by the deadline, capped at max power. */
export function uncoordinatedPowerKw(ev: EvSpec): number {
  const need = Math.max(0, ev.socTarget - ev.socInit) * ev.capacityKwh;
  const hours = Math.max(1e-9, (ev.deadlineS - ev.arrivalS) / 3600);
  return Math.min(ev.maxChargeKw, need / (ev.efficiency * hours));
}

/** Laxity (h): time left to the deadline minus the time needed at full power to reach the target. */
export function laxityH(ev: EvSpec, eKwh: number, tS: number): number {
  const need = Math.max(0, ev.socTarget * ev.capacityKwh - eKwh);
  return (ev.deadlineS - tS) / 3600 - need / (ev.maxChargeKw * ev.efficiency);
}

/**
 * The exact range [lo, hi] (grid-side kW) of the power this EV can take over the interval
 * [tS, tS + dtS) while its target stays reachable (full power from the interval's end, or its
 * departure, to the deadline reaches it: lo > 0 when it must charge now, lo < 0 how far V2G may
 * discharge it) and its SoC stays in [floor, max]; with V2G, hi also keeps the energy above the
 * target dischargeable back to it before the vehicle leaves. A vehicle that cannot reach its target any more
 * gets lo = hi = full power. `marginKwh` is planned above the target (round-off guard).
 */
export function intervalPowerRange(ev: EvSpec, eKwh: number, tS: number, dtS: number, v2g: boolean, marginKwh = 1e-6): { lo: number; hi: number } {
  const dep = Math.min(ev.departureS, ev.deadlineS);
  const plugH = Math.max(0, Math.min(tS + dtS, dep) - tS) / 3600;
  if (plugH <= 0) return { lo: 0, hi: 0 };
  const { lo: socLo, hi } = powerLimits(ev, eKwh, plugH, v2g);
  const tgt = Math.min(effectiveTargetKwh(ev, eKwh, tS) + marginKwh, ev.socMax * ev.capacityKwh);
  const afterH = Math.max(0, dep - (tS + dtS)) / 3600;
  // battery-side energy that must go in during this interval for the target to stay reachable
  const needNow = tgt - (ev.maxChargeKw * ev.efficiency * afterH) - eKwh;
  let lo = needNow > 0 ? needNow / (ev.efficiency * plugH) : (needNow * ev.efficiency) / plugH;
  lo = Math.max(lo, socLo);
  let top = hi;
  // with V2G, energy above the target is only stock for V2G: no more than the vehicle can still
  // discharge back to its target before it leaves (the same rule as its upper envelope, envelope.ts),
  // so a vehicle about to leave is charged to its target, not beyond it for the others' needs
  if (v2g) top = Math.min(hi, Math.max(0, tgt + (ev.maxDischargeKw * afterH) / ev.efficiency - eKwh) / (ev.efficiency * plugH));
  if (lo > top) lo = top; // unreachable (or the margin): full power
  return { lo, hi: top };
}

/**
 * Grid-side power (kW) over [tS, tS + dtS) that brings the vehicle to its (reachable) target by the
 * interval's end or its departure (0 at or above it): what the interval's power can add to energy
 * the vehicle still needs; more than this is energy above its target.
 */
export function toTargetPowerKw(ev: EvSpec, eKwh: number, tS: number, dtS: number): number {
  const plugH = Math.max(0, Math.min(tS + dtS, ev.departureS, ev.deadlineS) - tS) / 3600;
  if (plugH <= 0) return 0;
  const need = effectiveTargetKwh(ev, eKwh, tS) - eKwh;
  return need > 0 ? need / (ev.efficiency * plugH) : 0;
}
