// Behind-the-meter devices of a participant, one metering step at a time (community.md).
//   home battery: self-consumption (charge from PV surplus, discharge into the house deficit)
//     within power and state-of-charge limits; losses split evenly between charge and discharge.
//   EV / fleet (V2G): plugged in between arrival and departure; charges towards its departure
//     target (from a lower arrival state of charge), discharges only the energy the participant
//     sold for the interval (price-responsive V2G), never below its reserve.
export interface BatterySpec {
  capacity_kwh: number;
  power_kw: number;
  roundTripEfficiency: number;
  socMin: number;
  socMax: number;
}

export interface BatteryState {
  soc_kwh: number;
}

/** Self-consumption step: returns battery power (kW, + = charging from the house side). */
export function batteryStep(b: BatterySpec, s: BatteryState, houseNet_kw: number, dt_h: number): number {
  const eff = Math.sqrt(b.roundTripEfficiency);
  if (houseNet_kw < 0) {
    const room = (b.socMax * b.capacity_kwh - s.soc_kwh) / eff / dt_h;
    const p = Math.max(0, Math.min(-houseNet_kw, b.power_kw, room));
    s.soc_kwh += p * eff * dt_h;
    return p;
  }
  const avail = ((s.soc_kwh - b.socMin * b.capacity_kwh) * eff) / dt_h;
  const p = Math.max(0, Math.min(houseNet_kw, b.power_kw, avail));
  s.soc_kwh -= (p / eff) * dt_h;
  return -p;
}

export interface EvSpec extends BatterySpec {
  /** Plugged in from arriveHour to departHour (next day when departHour < arriveHour). */
  arriveHour: number;
  departHour: number;
  /** State of charge at arrival and the target at departure, shares of capacity. */
  arriveSoc: number;
  departSoc: number;
  /** Lowest state of charge V2G may leave, share of capacity. */
  reserveSoc: number;
}

export function pluggedIn(ev: Pick<EvSpec, 'arriveHour' | 'departHour'>, hourOfDay: number): boolean {
  const { arriveHour: a, departHour: d } = ev;
  return a <= d ? hourOfDay >= a && hourOfDay < d : hourOfDay >= a || hourOfDay < d;
}

/** Hours until departure from an hour of day while plugged in. */
export function hoursToDeparture(ev: Pick<EvSpec, 'arriveHour' | 'departHour'>, hourOfDay: number): number {
  const d = ev.departHour;
  return d > hourOfDay ? d - hourOfDay : d + 24 - hourOfDay;
}

/**
 * EV step: `discharge_kw` is the V2G power the schedule asks for (>= 0); otherwise the EV charges
 * just in time: at full power once the energy still needed fills the time left (minus a margin),
 * earlier only from PV surplus. Returns EV power, kW (+ = charging).
 */
export function evStep(ev: EvSpec, s: BatteryState, hourOfDay: number, dt_h: number, discharge_kw: number, surplus_kw: number): number {
  const eff = Math.sqrt(ev.roundTripEfficiency);
  if (discharge_kw > 0) {
    const avail = ((s.soc_kwh - ev.reserveSoc * ev.capacity_kwh) * eff) / dt_h;
    const p = Math.max(0, Math.min(discharge_kw, ev.power_kw, avail));
    s.soc_kwh -= (p / eff) * dt_h;
    return -p;
  }
  const need = ev.departSoc * ev.capacity_kwh - s.soc_kwh;
  if (need <= 1e-9) return 0;
  const hoursNeeded = need / eff / ev.power_kw;
  const left = hoursToDeparture(ev, hourOfDay);
  const p = left <= hoursNeeded + 1 ? ev.power_kw : Math.min(ev.power_kw, Math.max(0, surplus_kw));
  const q = Math.min(p, need / eff / dt_h);
  s.soc_kwh += q * eff * dt_h;
  return q;
}

/** Energy the EV can still sell by V2G in an interval of dt_h hours. */
export function v2gAvailable_kwh(ev: EvSpec, s: BatteryState, dt_h: number): number {
  const eff = Math.sqrt(ev.roundTripEfficiency);
  return Math.max(0, Math.min(ev.power_kw * dt_h, (s.soc_kwh - ev.reserveSoc * ev.capacity_kwh) * eff));
}
