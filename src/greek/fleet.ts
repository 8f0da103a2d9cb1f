// EV fleet generation: per charging cluster (CEV), a number of vehicles of the cluster's user type,
// each with a battery type drawn by share and plug-in/departure times from the type's truncated
// normal distributions (hours after 00:00). A user type either
// - arrives by `arrival` and leaves by `departure` (absolute clock) or after `stayH` (duration), or
// - with probability `overnightShare`, is already plugged in at the horizon start and leaves by
//   `overnightDeparture` (home charging overnight).
// Departures after the horizon end keep their time, but the SoC target must be met by the horizon
// end (the deadline), so SC1 and SC2 are compared on the same delivered energy.
import type { Rng } from '../sim/rng.js';
import { InputError } from '../util/errors.js';
import type { EvSpec } from './battery.js';
import type { Horizon } from './time.js';

export interface TimeDist {
  meanH: number;
  sdH: number;
  minH: number;
  maxH: number;
}

export interface UserType {
  arrival: TimeDist;
  departure?: TimeDist;
  stayH?: TimeDist;
  overnightShare?: number;
  overnightDeparture?: TimeDist;
  /** Shortest plug-in session, h. */
  minStayH?: number;
}

export interface BatteryType {
  name: string;
  capacityKwh: number;
  maxChargeKw: number;
  maxDischargeKw: number;
  efficiency: number;
  share: number;
}

export interface FleetCluster {
  id: string;
  userType: string;
  evs: number;
}

export interface SocSettings {
  socInit: number;
  socTarget: number;
  socFloor: number;
  socMax: number;
}

export interface ExplicitEv {
  cev: string;
  battery: string;
  arrival: number;
  departure: number;
}

function draw(rng: Rng, d: TimeDist, lo = d.minH, hi = d.maxH): number {
  const a = Math.max(lo, d.minH), b = Math.max(a, Math.min(hi, d.maxH));
  return rng.truncNormal(d.meanH, d.sdH, a, b);
}

/** Rounds a clock time to whole seconds (keeps outputs tidy and exactly reproducible). */
const sec = (h: number) => Math.round(h * 3600);

export function generateClusterFleet(
  rng: Rng,
  h: Horizon,
  cevIndex: number,
  cluster: FleetCluster,
  type: UserType,
  batteries: BatteryType[],
  soc: SocSettings
): EvSpec[] {
  const shares = batteries.map((b) => b.share);
  const out: EvSpec[] = [];
  const startH = h.startS / 3600, endH = h.endS / 3600;
  const minStay = type.minStayH ?? 0.5;
  for (let i = 0; i < cluster.evs; i++) {
    const b = batteries[rng.categorical(shares)];
    let arrH: number, depH: number;
    if (type.overnightShare && rng.bernoulli(type.overnightShare)) {
      arrH = startH;
      depH = draw(rng, type.overnightDeparture ?? type.arrival, startH + minStay);
    } else {
      arrH = draw(rng, type.arrival, startH, endH - minStay);
      if (type.departure) depH = draw(rng, type.departure, arrH + minStay, Infinity);
      else depH = arrH + draw(rng, type.stayH ?? { meanH: 4, sdH: 1, minH: minStay, maxH: 12 }, minStay);
      depH = Math.max(depH, arrH + minStay);
    }
    out.push(makeEv(`${cluster.id}-${String(i + 1).padStart(3, '0')}`, cevIndex, cluster.userType, b, sec(arrH), sec(depH), h, soc));
  }
  return out;
}

export function makeEv(id: string, cev: number, userType: string, b: BatteryType, arrivalS: number, departureS: number, h: Horizon, soc: SocSettings): EvSpec {
  return {
    id,
    cev,
    userType,
    battery: b.name,
    capacityKwh: b.capacityKwh,
    maxChargeKw: b.maxChargeKw,
    maxDischargeKw: b.maxDischargeKw,
    efficiency: b.efficiency,
    arrivalS,
    departureS,
    deadlineS: Math.min(departureS, h.endS),
    socInit: soc.socInit,
    socTarget: soc.socTarget,
    socFloor: soc.socFloor,
    socMax: soc.socMax,
  };
}

/** Checks SoC settings (fractions) and the type distributions; throws InputError on bad input. */
export function validateFleetInput(file: string, soc: SocSettings, types: Record<string, UserType>, batteries: BatteryType[]): void {
  const p = 'greek.fleet';
  if (!(soc.socTarget >= soc.socInit)) throw new InputError(file, `${p}.socTarget`, `at least socInit (${soc.socInit})`, String(soc.socTarget));
  if (!(soc.socFloor <= soc.socInit)) throw new InputError(file, `${p}.socFloor`, `at most socInit (${soc.socInit})`, String(soc.socFloor));
  if (!(soc.socMax >= soc.socTarget)) throw new InputError(file, `${p}.socMax`, `at least socTarget (${soc.socTarget})`, String(soc.socMax));
  for (const [name, t] of Object.entries(types)) {
    const dists: [string, TimeDist | undefined][] = [
      ['arrival', t.arrival],
      ['departure', t.departure],
      ['stayH', t.stayH],
      ['overnightDeparture', t.overnightDeparture],
    ];
    for (const [k, d] of dists) {
      if (d && !(d.minH <= d.maxH)) throw new InputError(file, `${p}.userTypes.${name}.${k}.maxH`, `at least minH (${d.minH})`, String(d.maxH));
    }
    if (t.departure && !(t.departure.maxH > t.arrival.minH)) {
      throw new InputError(file, `${p}.userTypes.${name}.departure.maxH`, `after the earliest arrival (${t.arrival.minH} h)`, String(t.departure.maxH));
    }
  }
  if (!batteries.some((b) => b.share > 0)) throw new InputError(file, `${p}.batteryTypes`, 'at least one battery type with share > 0', 'none');
}

/** Explicit vehicles (`greek.fleet.vehicles`), validated: an EV must depart after it arrives. */
export function explicitEvs(file: string, list: ExplicitEv[], cevIds: string[], batteries: BatteryType[], h: Horizon, soc: SocSettings, userTypeOf: (cev: number) => string): EvSpec[] {
  return list.map((v, i) => {
    const path = `greek.fleet.vehicles[${i}]`;
    const c = cevIds.indexOf(v.cev);
    if (c < 0) throw new InputError(file, `${path}.cev`, `one of ${cevIds.join(', ')}`, JSON.stringify(v.cev));
    const b = batteries.find((x) => x.name === v.battery);
    if (!b) throw new InputError(file, `${path}.battery`, `one of ${batteries.map((x) => x.name).join(', ')}`, JSON.stringify(v.battery));
    if (!(v.departure > v.arrival)) throw new InputError(file, `${path}.departure`, `a time after arrival (${v.arrival} h)`, String(v.departure));
    if (v.arrival * 3600 >= h.endS) throw new InputError(file, `${path}.arrival`, `a time before the horizon end (${h.endS / 3600} h)`, String(v.arrival));
    return makeEv(`${v.cev}-x${i + 1}`, c, userTypeOf(c), b, sec(Math.max(v.arrival, h.startS / 3600)), sec(v.departure), h, soc);
  });
}
