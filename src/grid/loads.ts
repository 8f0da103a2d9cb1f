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
export function parseExtraLoad(spec: string, where = '--add-load'): ExtraLoad {
  const parts = spec.split(':');
  const nums = parts.map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (parts.length < 2 || parts.length > 3 || nums.some((v) => !Number.isFinite(v)) || !Number.isSafeInteger(nums[0])) {
    throw new InputError(where, spec, 'BUS:P_KW:Q_KVAR (bus number, then kW and kvar; Q optional)', JSON.stringify(spec));
  }
  return { busId: nums[0], pKw: nums[1], qKvar: nums[2] ?? 0 };
}

/** Adds each extra load to `loads` in place (unknown bus: InputError naming `where`). */
export function addExtraLoads(prep: PreparedFeeder, loads: BusLoads, extra: readonly ExtraLoad[], where = '--add-load'): BusLoads {
  for (const x of extra) {
    const i = busIndex(prep, x.busId, where, `${x.busId}:${x.pKw}:${x.qKvar}`);
    loads.pKw[i] += x.pKw;
    loads.qKvar[i] += x.qKvar;
  }
  return loads;
}
