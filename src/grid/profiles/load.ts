// Daily normalized load profiles (1.0 = the feeder's nominal load) per city type, 5-minute steps.
// Shapes are our model of Greek distribution load (weekday): a night valley, a morning rise, a midday
// plateau (commercial) and an evening peak near 20:00-21:00 (residential; strongest on the islands).
import { ar1Series, interpolateHourly, rngOf, stepHour, STEPS_PER_DAY, type LoadProfileType, type RandomSource } from './common.js';

/** Hourly weekday shapes, hour h = value at h:30; each peaks at 1.0. */
export const LOAD_SHAPES: Readonly<Record<LoadProfileType, readonly number[]>> = {
  metro: [0.62, 0.57, 0.54, 0.52, 0.52, 0.55, 0.63, 0.74, 0.84, 0.9, 0.93, 0.95, 0.96, 0.95, 0.93, 0.91, 0.9, 0.91, 0.94, 0.98, 1.0, 0.97, 0.86, 0.73],
  island: [0.55, 0.5, 0.47, 0.45, 0.45, 0.48, 0.55, 0.64, 0.72, 0.78, 0.82, 0.85, 0.87, 0.86, 0.83, 0.8, 0.8, 0.83, 0.89, 0.96, 1.0, 0.98, 0.85, 0.68],
  residential: [0.5, 0.44, 0.41, 0.4, 0.4, 0.45, 0.58, 0.7, 0.68, 0.62, 0.6, 0.6, 0.62, 0.6, 0.58, 0.6, 0.66, 0.78, 0.9, 0.98, 1.0, 0.95, 0.8, 0.62],
  commercial: [0.35, 0.32, 0.31, 0.3, 0.31, 0.34, 0.45, 0.65, 0.85, 0.95, 0.98, 1.0, 0.98, 0.97, 0.98, 0.96, 0.92, 0.85, 0.72, 0.6, 0.52, 0.46, 0.41, 0.38],
};

/** Saturday and Sunday multipliers per type (commerce closes, homes stay). */
export const WEEKEND_FACTORS: Readonly<Record<LoadProfileType, readonly [number, number]>> = {
  metro: [0.9, 0.82],
  island: [0.96, 0.93],
  residential: [1.02, 1.0],
  commercial: [0.6, 0.45],
};

export interface LoadProfileOptions {
  type: LoadProfileType;
  /** Number of days (default 1). */
  days?: number;
  /** Day of week of day 0: 0 = Monday ... 6 = Sunday (default 0). */
  firstWeekday?: number;
  /** Relative noise (standard deviation, default 0.02); 0 = the smooth shape. */
  noiseSd?: number;
  /** Correlation time of the noise, s (default 1800). */
  noiseTauS?: number;
}

/** Load multipliers, one per 5-minute step (days x 288), at step midpoints. */
export function loadProfile(opts: LoadProfileOptions, random?: RandomSource): Float64Array {
  const days = opts.days ?? 1;
  const noiseSd = opts.noiseSd ?? 0.02;
  const shape = LOAD_SHAPES[opts.type];
  const weekend = WEEKEND_FACTORS[opts.type];
  if (noiseSd > 0 && !random) throw new RangeError('loadProfile: noise needs a RandomSource (seed and streamId)');
  const noise = noiseSd > 0 && random ? ar1Series(rngOf(random), days * STEPS_PER_DAY, opts.noiseTauS ?? 1800) : null;
  const out = new Float64Array(days * STEPS_PER_DAY);
  for (let i = 0; i < out.length; i++) {
    const weekday = ((opts.firstWeekday ?? 0) + Math.floor(i / STEPS_PER_DAY)) % 7;
    const dayFactor = weekday === 5 ? weekend[0] : weekday === 6 ? weekend[1] : 1;
    const v = interpolateHourly(shape, stepHour(i)) * dayFactor * (noise ? 1 + noiseSd * noise[i] : 1);
    out[i] = Math.max(0, v);
  }
  return out;
}
