// Seeded synthetic history and actual day of each participant's load and PV (community.md): the
// same profile family as the grid profiles (src/grid/profiles) with weather noise. PV shares one
// community weather stream (clouds pass over everyone) times a small per-site factor; loads have
// their own autocorrelated noise and a day-to-day level. The last day is the simulated one.
import { loadProfile, pvProfile, STEP_S, STEPS_PER_DAY, type LoadProfileType } from '../grid/profiles/index.js';
import { createRng } from '../sim/rng.js';

export interface Weather {
  latitudeDeg: number;
  longitudeDeg: number;
  /** Day of year of the simulated day. */
  dayOfYear: number;
  utcOffsetH: number;
  cloudiness: number;
}

export interface SeriesSpec {
  id: string;
  loadType: LoadProfileType;
  /** Peak of the load shape, kW. */
  loadPeak_kw: number;
  /** Relative noise of the load (standard deviation) and its correlation time, s. */
  loadNoiseSd: number;
  loadNoiseTau_s: number;
  /** Standard deviation of the day-to-day load level (lognormal sigma). */
  dayLevelSd: number;
  pv_kwp: number;
}

/** Normalized PV of the community (history days + the simulated day) and its clear-sky curve, 5-min steps. */
export function communityPv(seed: number, w: Weather, days: number): { pv: Float64Array; clearSky: Float64Array } {
  const opts = { latitudeDeg: w.latitudeDeg, longitudeDeg: w.longitudeDeg, dayOfYear: ((w.dayOfYear - days + 1 + 364) % 365) + 1, days, utcOffsetH: w.utcOffsetH };
  return {
    pv: pvProfile({ ...opts, cloudiness: w.cloudiness }, { seed, streamId: 'community:weather' }),
    clearSky: pvProfile({ ...opts, cloudiness: 0 }),
  };
}

/** Load and PV power of one participant, kW per 5-min step (days x 288). */
export function participantSeries(seed: number, s: SeriesSpec, pvNorm: Float64Array, days: number, firstWeekday: number): { load_kw: Float64Array; pv_kw: Float64Array } {
  const shape = loadProfile({ type: s.loadType, days, firstWeekday, noiseSd: s.loadNoiseSd, noiseTauS: s.loadNoiseTau_s }, { seed, streamId: `community:load:${s.id}` });
  const rng = createRng(seed, `community:site:${s.id}`);
  const level = Array.from({ length: days }, () => Math.exp(rng.normal(0, s.dayLevelSd)));
  const site = 1 + rng.normal(0, 0.03);
  const load_kw = new Float64Array(shape.length);
  const pv_kw = new Float64Array(shape.length);
  for (let i = 0; i < shape.length; i++) {
    load_kw[i] = s.loadPeak_kw * shape[i] * level[Math.floor(i / STEPS_PER_DAY)];
    pv_kw[i] = Math.max(0, s.pv_kwp * pvNorm[i] * site);
  }
  return { load_kw, pv_kw };
}

/** Energy per interval (kWh) from 5-min powers. */
export function toIntervals(p_kw: ArrayLike<number>, interval_s: number): Float64Array {
  const k = Math.round(interval_s / STEP_S);
  const n = Math.floor(p_kw.length / k);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let e = 0;
    for (let i = 0; i < k; i++) e += p_kw[j * k + i];
    out[j] = (e * STEP_S) / 3600;
  }
  return out;
}

export { STEP_S, STEPS_PER_DAY };
