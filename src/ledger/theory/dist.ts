// Discrete probability distributions as weighted atoms (value, weight): the numeric algebra of the
// analytical PoA model (sums of independent delays, mixtures, order statistics, quantiles).
// Pure numbers; no simulation, no randomness.

export interface Dist {
  v: number[];
  w: number[];
}

export const point = (x: number): Dist => ({ v: [x], w: [1] });

/** Merges atoms closer than `eps` (keeps the count small after convolutions). */
export function compact(d: Dist, eps = 1e-6): Dist {
  const idx = d.v.map((_, i) => i).sort((a, b) => d.v[a] - d.v[b]);
  const v: number[] = [], w: number[] = [];
  for (const i of idx) {
    if (d.w[i] <= 0) continue;
    const k = v.length - 1;
    if (k >= 0 && d.v[i] - v[k] < eps) {
      v[k] = (v[k] * w[k] + d.v[i] * d.w[i]) / (w[k] + d.w[i]);
      w[k] += d.w[i];
    } else {
      v.push(d.v[i]);
      w.push(d.w[i]);
    }
  }
  return { v, w };
}

/** Distribution of X + Y for independent X, Y. */
export function add(a: Dist, b: Dist): Dist {
  const v: number[] = [], w: number[] = [];
  for (let i = 0; i < a.v.length; i++) for (let j = 0; j < b.v.length; j++) {
    v.push(a.v[i] + b.v[j]);
    w.push(a.w[i] * b.w[j]);
  }
  return compact({ v, w });
}

export const shift = (a: Dist, x: number): Dist => ({ v: a.v.map((y) => y + x), w: a.w.slice() });

/** Mixture sum_k p_k D_k (weights need not be normalized). */
export function mix(parts: [number, Dist][]): Dist {
  const v: number[] = [], w: number[] = [];
  for (const [p, d] of parts) for (let i = 0; i < d.v.length; i++) {
    v.push(d.v[i]);
    w.push(p * d.w[i]);
  }
  return compact({ v, w });
}

export function total(d: Dist): number {
  return d.w.reduce((s, x) => s + x, 0);
}

export function mean(d: Dist): number {
  let s = 0;
  for (let i = 0; i < d.v.length; i++) s += d.v[i] * d.w[i];
  return s / total(d);
}

/** Smallest atom value with cumulative weight >= q of the total. */
export function quantile(d: Dist, q: number): number {
  const c = compact(d, 0);
  const W = total(c);
  let acc = 0;
  for (let i = 0; i < c.v.length; i++) {
    acc += c.w[i];
    if (acc >= q * W - 1e-12 * W) return c.v[i];
  }
  return c.v[c.v.length - 1];
}

/** P(X <= x). */
export function cdf(d: Dist, x: number): number {
  let s = 0;
  for (let i = 0; i < d.v.length; i++) if (d.v[i] <= x) s += d.w[i];
  return s / total(d);
}

/** Distribution of the r-th smallest (1-based) of independent variables (Poisson-binomial on the atom grid). */
export function orderStatistic(ds: Dist[], r: number): Dist {
  if (r < 1 || r > ds.length) throw new RangeError(`order statistic ${r} of ${ds.length}`);
  const norm = ds.map((d) => ({ v: d.v, w: d.w.map((x) => x / total(d)) }));
  const xs = [...new Set(norm.flatMap((d) => d.v))].sort((a, b) => a - b);
  const atLeast = (x: number): number => {
    // P(at least r of the variables are <= x)
    let pk = [1];
    for (const d of norm) {
      let p = 0;
      for (let i = 0; i < d.v.length; i++) if (d.v[i] <= x) p += d.w[i];
      const nx = new Array(pk.length + 1).fill(0);
      for (let k = 0; k < pk.length; k++) {
        nx[k] += pk[k] * (1 - p);
        nx[k + 1] += pk[k] * p;
      }
      pk = nx;
    }
    let s = 0;
    for (let k = r; k < pk.length; k++) s += pk[k];
    return s;
  };
  const v: number[] = [], w: number[] = [];
  let prev = 0;
  for (const x of xs) {
    const c = atLeast(x);
    if (c - prev > 1e-15) {
      v.push(x);
      w.push(c - prev);
    }
    prev = c;
  }
  return { v, w };
}

/** Poisson probabilities over the range that holds all but ~1e-12 of the mass: [n0, weights]. */
export function poissonRange(m: number): { n0: number; p: number[] } {
  if (m <= 0) return { n0: 0, p: [1] };
  const sd = Math.sqrt(m);
  const lo = Math.max(0, Math.floor(m - 8 * sd - 3)), hi = Math.ceil(m + 8 * sd + 3);
  const p: number[] = [];
  const logm = Math.log(m);
  for (let n = lo; n <= hi; n++) p.push(Math.exp(n * logm - m - logGamma(n + 1)));
  const s = p.reduce((a, b) => a + b, 0);
  return { n0: lo, p: p.map((x) => x / s) };
}

/** ln Gamma(x) (Lanczos, g = 7). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
