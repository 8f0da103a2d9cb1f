// Building load vectors (feeder bus order): nominal x scale, plus extra loads or injections at buses.
import { InputError } from '../util/errors.js';
import { busIndex, type PreparedFeeder } from './topology.js';
import type { BusLoads } from './types.js';

export { nominalLoads } from './powerflow.js';

export interface ExtraLoad {
  busId: number;
  /** kW; negative = injection (PV, wind, V2G). */
  pKw: number;
  qKvar: number;
}

/** Parses `BUS:P_KW:Q_KVAR` (Q optional, default 0), e.g. `18:250:50` or `25:-300`. */
export function parseExtraLoad(spec: string, file = 'powerflow', path = '--add-load'): ExtraLoad {
  const parts = spec.split(':');
  const nums = parts.map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (parts.length < 2 || parts.length > 3 || nums.some((v) => !Number.isFinite(v)) || !Number.isSafeInteger(nums[0])) {
    throw new InputError(file, path, 'BUS:P_KW:Q_KVAR (a bus number, then kW and kvar; Q optional)', JSON.stringify(spec));
  }
  return { busId: nums[0], pKw: nums[1], qKvar: nums[2] ?? 0 };
}

/** Adds each extra load to `loads` in place (unknown bus: InputError at file/path). */
export function addExtraLoads(
  prep: PreparedFeeder, loads: BusLoads, extra: readonly ExtraLoad[], file = 'powerflow', path = '--add-load'
): BusLoads {
  for (const x of extra) {
    const i = busIndex(prep, x.busId, file, path);
    loads.pKw[i] += x.pKw;
    loads.qKvar[i] += x.qKvar;
  }
  return loads;
}

/** A power at a feeder bus given by its index in feeder order (hot paths resolve bus ids once). */
export interface IndexedPower {
  busIndex: number;
  /** kW; negative = injection. */
  pKw: number;
  qKvar: number;
}

/**
 * Loads of one interval: nominal loads x `scale`, plus each indexed power (CEVs charging, RES as
 * negative). Writes into `out` when given (same feeder), else allocates.
 */
export function composeLoads(prep: PreparedFeeder, scale: number, powers: readonly IndexedPower[], out?: BusLoads): BusLoads {
  const loads = out ?? { pKw: new Float64Array(prep.n), qKvar: new Float64Array(prep.n) };
  const buses = prep.feeder.buses;
  for (let i = 0; i < prep.n; i++) {
    loads.pKw[i] = buses[i].pKw * scale;
    loads.qKvar[i] = buses[i].qKvar * scale;
  }
  for (const x of powers) {
    loads.pKw[x.busIndex] += x.pKw;
    loads.qKvar[x.busIndex] += x.qKvar;
  }
  return loads;
}
