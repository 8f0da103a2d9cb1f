// Normalized PV output (1.0 = rated power), 5-minute steps: a clear-sky curve from solar geometry
// times a seeded, autocorrelated cloud attenuation.
//   clear sky: Haurwitz global horizontal irradiance 1098 cos(Z) exp(-0.057 / cos(Z)) W/m2,
//   PV = performance ratio x GHI / 1000 W/m2, capped at 1.
//   clouds: cover c(t) = Phi(z(t) + Phi^-1(cloudiness)) with z a Gaussian AR(1) (correlation time tau),
//   attenuation 1 - depth x c(t). cloudiness 0 = always clear.
import { ar1Series, normalCdf, normalQuantile, rngOf, stepHour, STEPS_PER_DAY, type RandomSource } from './common.js';

export interface PvProfileOptions {
  latitudeDeg: number;
  longitudeDeg: number;
  /** Day of year of day 0 (1..365, default 172 = 21 June). */
  dayOfYear?: number;
  days?: number;
  /** Clock time minus UTC, hours (default 3: Greek summer time). */
  utcOffsetH?: number;
  /** Performance ratio (default 0.85). */
  performanceRatio?: number;
  /** 0..1, typical share of cloud cover (default 0.2). */
  cloudiness?: number;
  /** Attenuation under full cover (default 0.75). */
  cloudDepth?: number;
  /** Cloud correlation time, s (default 1800). */
  cloudTauS?: number;
}

/** cos of the solar zenith angle at a clock hour of a day of year. */
export function cosZenith(latDeg: number, lonDeg: number, dayOfYear: number, clockHour: number, utcOffsetH: number): number {
  const rad = Math.PI / 180;
  const b = (2 * Math.PI * (dayOfYear - 81)) / 364;
  const eotMin = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b);
  const solarHour = clockHour - utcOffsetH + lonDeg / 15 + eotMin / 60;
  const decl = 23.45 * rad * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
  const omega = 15 * rad * (solarHour - 12);
  const lat = latDeg * rad;
  return Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(omega);
}

/** PV multipliers of rated power; `random` is needed when cloudiness > 0. */
export function pvProfile(opts: PvProfileOptions, random?: RandomSource): Float64Array {
  const days = opts.days ?? 1;
  const doy0 = opts.dayOfYear ?? 172;
  const pr = opts.performanceRatio ?? 0.85;
  const cloudiness = Math.min(1, Math.max(0, opts.cloudiness ?? 0.2));
  const depth = opts.cloudDepth ?? 0.75;
  const n = days * STEPS_PER_DAY;
  let clouds: Float64Array | null = null;
  if (cloudiness > 0) {
    if (!random) throw new RangeError('pvProfile: cloud noise needs a RandomSource (seed and streamId)');
    const z = ar1Series(rngOf(random), n, opts.cloudTauS ?? 1800);
    const shift = cloudiness >= 1 ? Infinity : normalQuantile(cloudiness);
    clouds = z.map((v) => 1 - depth * normalCdf(v + shift));
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const doy = ((doy0 - 1 + Math.floor(i / STEPS_PER_DAY)) % 365) + 1;
    const cz = cosZenith(opts.latitudeDeg, opts.longitudeDeg, doy, stepHour(i), opts.utcOffsetH ?? 3);
    if (cz <= 0) continue;
    const ghi = 1098 * cz * Math.exp(-0.057 / cz);
    out[i] = Math.min(1, (pr * ghi) / 1000) * (clouds ? clouds[i] : 1);
  }
  return out;
}
