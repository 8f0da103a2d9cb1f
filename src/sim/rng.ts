// Seeded random streams. Every stream is derived from (global seed, stable stream id), never from
// creation order, so adding an agent does not perturb the others. The unseeded global RNG is never used.
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(a?: number, b?: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  bernoulli(p: number): boolean;
  normal(mean?: number, sd?: number): number;
  /** Normal(mean, sd) conditioned on [lo, hi], sampled by inverse CDF (exact, no rejection loop). */
  truncNormal(mean: number, sd: number, lo: number, hi: number): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  lognormal(mu: number, sigma: number): number;
  /** Weibull with shape k and scale lambda. */
  weibull(shape: number, scale: number): number;
  /** Index drawn with probability proportional to weights. */
  categorical(weights: ArrayLike<number>): number;
  poisson(mean: number): number;
}

/** Creates the stream for `streamId` under `seed`. */
export function createRng(seed: number | string, streamId: string): Rng {
  const gen = seedrandom.alea(`${seed}\u0000${streamId}`);
  return new AleaRng(gen);
}

class AleaRng implements Rng {
  private spare = NaN;
  constructor(private readonly gen: () => number) {}

  next(): number {
    return this.gen();
  }
  uniform(a = 0, b = 1): number {
    return a + (b - a) * this.gen();
  }
  int(n: number): number {
    return Math.floor(this.gen() * n);
  }
  bernoulli(p: number): boolean {
    return this.gen() < p;
  }
  normal(mean = 0, sd = 1): number {
    // Marsaglia polar method; the second variate is kept for the next call.
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.gen() - 1;
      v = 2 * this.gen() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return mean + sd * u * m;
  }
  truncNormal(mean: number, sd: number, lo: number, hi: number): number {
    if (!(lo <= hi)) throw new RangeError(`truncNormal: lo (${lo}) must not exceed hi (${hi})`);
    if (sd <= 0) return Math.min(hi, Math.max(lo, mean));
    const a = normalCdf((lo - mean) / sd);
    const b = normalCdf((hi - mean) / sd);
    if (b - a < 1e-300) return Math.min(hi, Math.max(lo, mean));
    const u = a + (b - a) * this.gen();
    const x = mean + sd * normalQuantile(Math.min(1 - 1e-16, Math.max(1e-300, u)));
    return Math.min(hi, Math.max(lo, x));
  }
  exponential(rate: number): number {
    return -Math.log(1 - this.gen()) / rate;
  }
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }
  weibull(shape: number, scale: number): number {
    return scale * Math.pow(-Math.log(1 - this.gen()), 1 / shape);
  }
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    if (!(total > 0)) throw new RangeError('categorical: weights must have a positive sum');
    let r = this.gen() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  poisson(mean: number): number {
    if (mean < 30) {
      // Knuth's product method
      const L = Math.exp(-mean);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= this.gen();
      } while (p > L);
      return k - 1;
    }
    // normal approximation with continuity correction for large means
    return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
  }
}

/** Standard normal CDF (Cody-style erfc via W. J. Cody's rational approximation through erf). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes erfc (Chebyshev), relative error < 1.2e-7; adequate for sampling.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal quantile (Acklam's algorithm, relative error < 1.15e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
