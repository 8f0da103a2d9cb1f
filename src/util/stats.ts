// The one implementation of sample statistics used everywhere (summaries, KPIs, figures, sweeps):
// simple-statistics, with empty inputs giving NaN instead of throwing. Percentiles use one
// definition: linear interpolation between closest ranks, R type 7 (numpy's default): the
// q-quantile of sorted x[0..n-1] is x[h] interpolated at h = (n - 1) q.
import { linearRegression, linearRegressionLine, mean as ssMean, median as ssMedian, quantileSorted, rSquared, sampleStandardDeviation } from 'simple-statistics';

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
