// The one implementation of sample statistics used everywhere (summaries, KPIs, figures, sweeps):
// simple-statistics, with empty inputs giving NaN instead of throwing. Percentiles use one
// definition: linear interpolation between closest ranks, R type 7 (numpy's default): the
// q-quantile of sorted x[0..n-1] is x[h] interpolated at h = (n - 1) q.
import { gammaln, linearRegression, linearRegressionLine, mean as ssMean, median as ssMedian, quantileSorted, rSquared, sampleStandardDeviation } from 'simple-statistics';

const arr = (xs: ArrayLike<number>): number[] => Array.from(xs);

/** q-quantile (0 <= q <= 1), R type 7; NaN for no values. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  if (xs.length === 0) return NaN;
  return quantileSorted(Float64Array.from(xs).sort() as unknown as number[], q);
}

export function mean(xs: ArrayLike<number>): number {
  return xs.length === 0 ? NaN : ssMean(arr(xs));
}

export function median(xs: ArrayLike<number>): number {
  return xs.length === 0 ? NaN : ssMedian(arr(xs));
}

/** Sample standard deviation (n - 1); 0 for one value, NaN for none. */
export function sampleSd(xs: ArrayLike<number>): number {
  if (xs.length === 0) return NaN;
  return xs.length === 1 ? 0 : sampleStandardDeviation(arr(xs));
}

/** Coefficient of determination of the least-squares line through (x, y); 1 when y is constant. */
export function r2(x: readonly number[], y: readonly number[]): number {
  const pts = x.map((v, i) => [v, y[i]]);
  if (pts.length < 2 || y.every((v) => v === y[0])) return 1;
  return rSquared(pts, linearRegressionLine(linearRegression(pts)));
}

/**
 * Regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz),
 * using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
 */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const lnFront = gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 500; m++) {
    // even step
    let num = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    // odd step
    num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return (Math.exp(lnFront) * f) / a;
}

/** Cumulative distribution function of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1), by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A two-sided confidence interval for the mean of independent samples (Student's t). */
export interface MeanInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1). */
  sd: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** The t quantile used: t_{(1 + level)/2, n - 1}. */
  t: number;
  halfWidth: number;
  low: number;
  high: number;
}

/**
 * mean ± t_{(1+level)/2, n-1} · s / √n: the t-interval for the mean of n independent draws (the
 * seeds of a study). NaN bounds for fewer than two values.
 */
export function meanInterval(xs: ArrayLike<number>, level = 0.95): MeanInterval {
  const n = xs.length;
  const m = mean(xs);
  const sd = sampleSd(xs);
  const t = n >= 2 ? studentTQuantile((1 + level) / 2, n - 1) : NaN;
  const halfWidth = n >= 2 ? (t * sd) / Math.sqrt(n) : NaN;
  return { n, mean: m, sd, level, t, halfWidth, low: m - halfWidth, high: m + halfWidth };
}
