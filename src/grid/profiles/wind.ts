// Normalized wind power (1.0 = rated), 5-minute steps: wind speed with Weibull marginals and
// autocorrelation (a Gaussian AR(1) mapped through the Weibull quantile), then a turbine power curve.
import { ar1Series, normalCdf, rngOf, STEPS_PER_DAY, type RandomSource } from './common.js';

export interface WindProfileOptions {
  days?: number;
  /** Weibull shape k (default 2) and scale, m/s (default 8: a windy Cretan site). */
  shape?: number;
  scaleMs?: number;
  /** Correlation time of the speed, s (default 4 h). */
  tauS?: number;
  cutInMs?: number;
  ratedMs?: number;
  cutOutMs?: number;
}

/** Wind speeds, m/s, one per 5-minute step. */
export function windSpeedSeries(opts: WindProfileOptions, random: RandomSource): Float64Array {
  const k = opts.shape ?? 2;
  const scale = opts.scaleMs ?? 8;
  const z = ar1Series(rngOf(random), (opts.days ?? 1) * STEPS_PER_DAY, opts.tauS ?? 4 * 3600);
  // Weibull quantile of a uniform: scale * (-ln(1 - u))^(1/k); 1 - u = Phi(-z) keeps precision in the tail.
  return z.map((v) => scale * Math.pow(-Math.log(Math.max(1e-300, normalCdf(-v))), 1 / k));
}

/** Turbine curve: 0 below cut-in and above cut-out, cubic to rated, 1 up to cut-out. */
export function turbinePower(speedMs: number, cutIn = 3, rated = 12, cutOut = 25): number {
  if (speedMs < cutIn || speedMs >= cutOut) return 0;
  if (speedMs >= rated) return 1;
  return (speedMs ** 3 - cutIn ** 3) / (rated ** 3 - cutIn ** 3);
}

/** Wind power multipliers of rated power. */
export function windProfile(opts: WindProfileOptions, random: RandomSource): Float64Array {
  return windSpeedSeries(opts, random).map((v) => turbinePower(v, opts.cutInMs, opts.ratedMs, opts.cutOutMs));
}
