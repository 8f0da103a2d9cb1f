// Shared pieces of the synthetic daily profiles: the 5-minute time grid, the Greek cities, seeded
// autocorrelated noise, and smooth interpolation of hourly tables.
import { createRng, normalCdf, normalQuantile, type Rng } from '../../sim/rng.js';

export const STEP_S = 300;
export const STEPS_PER_DAY = 288;

/** Where randomness comes from: an Rng stream, or the (seed, streamId) to create one. */
export type RandomSource = { rng: Rng } | { seed: number | string; streamId: string };

export function rngOf(src: RandomSource): Rng {
  return 'rng' in src ? src.rng : createRng(src.seed, src.streamId);
}

export type LoadProfileType = 'metro' | 'island' | 'residential' | 'commercial';

export interface City {
  latitudeDeg: number;
  longitudeDeg: number;
  loadType: LoadProfileType;
}

/** The four cities of the Greek case. Athens and Thessaloniki: metropolitan mixed load; Crete: island. */
export const CITIES: Readonly<Record<'athens' | 'thessaloniki' | 'chania' | 'heraklion', City>> = {
  athens: { latitudeDeg: 37.98, longitudeDeg: 23.73, loadType: 'metro' },
  thessaloniki: { latitudeDeg: 40.64, longitudeDeg: 22.94, loadType: 'metro' },
  chania: { latitudeDeg: 35.51, longitudeDeg: 24.02, loadType: 'island' },
  heraklion: { latitudeDeg: 35.34, longitudeDeg: 25.14, loadType: 'island' },
};

/** Hour of day (0..24) at the middle of step i of a day. */
export function stepHour(i: number): number {
  return (((i % STEPS_PER_DAY) + 0.5) * STEP_S) / 3600;
}

/** Periodic Catmull-Rom interpolation of 24 hourly values (value h at hour h + 0.5). */
export function interpolateHourly(table: readonly number[], hour: number): number {
  const x = hour - 0.5;
  const i = Math.floor(x);
  const t = x - i;
  const at = (k: number) => table[((k % 24) + 24) % 24];
  const p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2);
  return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
}

/**
 * Stationary Gaussian AR(1) series, N(0,1) marginals, correlation exp(-STEP_S / tau) between steps.
 * tauS = 0 gives independent draws.
 */
export function ar1Series(rng: Rng, length: number, tauS: number): Float64Array {
  const rho = tauS > 0 ? Math.exp(-STEP_S / tauS) : 0;
  const innovation = Math.sqrt(1 - rho * rho);
  const z = new Float64Array(length);
  let prev = rng.normal();
  for (let i = 0; i < length; i++) {
    if (i > 0) prev = rho * prev + innovation * rng.normal();
    z[i] = prev;
  }
  return z;
}

export { normalCdf, normalQuantile };
