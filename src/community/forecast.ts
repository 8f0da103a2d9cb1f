// Forecasting of a participant's own load and PV (community.md). A forecaster is fitted on a
// history and predicts interval k from what is known at gate closure: values up to k - h.
//   persistence: y[k - h];  seasonal-naive: y[k - I] (same interval yesterday);
//   ridge: least squares with a small ridge penalty (ml-matrix) on lagged values (k-h, k-h-1,
//     k-I, and the same interval of the latest earlier day of the same day type, weekday or
//     weekend), a weekend indicator, time-of-day harmonics and optional exogenous columns known
//     ahead (e.g. the clear-sky PV curve and the clear-sky index of k-h times it).
// The interface lets a user plug in another model (anything with fit and predict).
import { Matrix, solve } from 'ml-matrix';

export interface Forecaster {
  readonly name: string;
  /** Fits on y[0 .. fitEnd). */
  fit(y: ArrayLike<number>, fitEnd: number): void;
  /** Predicts y[k] using only y[0 .. k - h]. */
  predict(y: ArrayLike<number>, k: number): number;
}

export class Persistence implements Forecaster {
  readonly name = 'persistence';
  constructor(private readonly h: number) {}
  fit(): void {}
  predict(y: ArrayLike<number>, k: number): number {
    return k - this.h >= 0 ? y[k - this.h] : 0;
  }
}

export class SeasonalNaive implements Forecaster {
  readonly name = 'seasonal-naive';
  constructor(private readonly perDay: number, private readonly h: number) {}
  fit(): void {}
  predict(y: ArrayLike<number>, k: number): number {
    if (k - this.perDay >= 0 && this.perDay >= this.h) return y[k - this.perDay];
    return k - this.h >= 0 ? y[k - this.h] : 0;
  }
}

export interface RidgeOptions {
  /** Gate-closure horizon in intervals (>= 1). */
  h: number;
  /** Intervals per day. */
  perDay: number;
  /** Ridge penalty relative to the number of samples (default 1e-3). */
  lambda?: number;
  /** Columns known ahead, one value per interval (same length as y). */
  exog?: ArrayLike<number>[];
  /** Adds cs[k] * y[k-h] / cs[k-h] for the first exogenous column (clear-sky index persistence). */
  clearSkyIndex?: boolean;
  /** Lower bound of a prediction (default 0). */
  floor?: number;
  /** Weekday of day 0 of the series (0 = Monday; default 0): the calendar is known ahead. */
  firstWeekday?: number;
}

export class RidgeForecaster implements Forecaster {
  readonly name = 'ridge';
  private beta: number[] | null = null;
  constructor(private readonly o: RidgeOptions) {}

  /** First interval with every lag available. */
  get start(): number {
    return this.o.perDay + this.o.h + 1;
  }

  private weekend(day: number): number {
    return ((this.o.firstWeekday ?? 0) + day) % 7 >= 5 ? 1 : 0;
  }

  /** Index of the same interval on the latest earlier day of the same day type. */
  private sameType(k: number): number {
    const I = this.o.perDay;
    const d = Math.floor(k / I);
    for (let back = 1; back <= 7; back++) if (this.weekend(d - back) === this.weekend(d) && k - back * I >= 0) return k - back * I;
    return k - I;
  }

  features(y: ArrayLike<number>, k: number): number[] {
    const { h, perDay: I } = this.o;
    const tod = (2 * Math.PI * (k % I)) / I;
    const f = [1, y[k - h], y[k - h - 1], y[k - I], y[this.sameType(k)], this.weekend(Math.floor(k / I)), Math.sin(tod), Math.cos(tod), Math.sin(2 * tod), Math.cos(2 * tod)];
    const ex = this.o.exog ?? [];
    for (const e of ex) f.push(e[k]);
    if (this.o.clearSkyIndex && ex.length > 0) {
      const cs = ex[0];
      f.push(cs[k - h] > 1e-6 ? (cs[k] * y[k - h]) / cs[k - h] : 0);
    }
    return f;
  }

  fit(y: ArrayLike<number>, fitEnd: number): void {
    // normal equations accumulated row by row (X'X is small); ml-matrix solves them
    let m = 0, rows = 0;
    let xtx: Float64Array | null = null, xty: Float64Array | null = null;
    for (let k = this.start; k < fitEnd; k++) {
      const f = this.features(y, k);
      if (!xtx) {
        m = f.length;
        xtx = new Float64Array(m * m);
        xty = new Float64Array(m);
      }
      for (let a = 0; a < m; a++) {
        const fa = f[a];
        xty![a] += fa * y[k];
        for (let b = a; b < m; b++) xtx[a * m + b] += fa * f[b];
      }
      rows++;
    }
    if (!xtx || rows < m + 2) {
      this.beta = null;
      return;
    }
    const A = new Matrix(m, m);
    const lam = (this.o.lambda ?? 1e-3) * rows;
    for (let a = 0; a < m; a++) {
      for (let b = a; b < m; b++) {
        A.set(a, b, xtx[a * m + b]);
        A.set(b, a, xtx[a * m + b]);
      }
      if (a > 0) A.set(a, a, A.get(a, a) + lam); // intercept unpenalized
    }
    this.beta = solve(A, Matrix.columnVector(Array.from(xty!))).getColumn(0);
  }

  predict(y: ArrayLike<number>, k: number): number {
    if (!this.beta || k < this.start) return k - this.o.h >= 0 ? y[k - this.o.h] : 0;
    const f = this.features(y, k);
    let s = 0;
    for (let j = 0; j < f.length; j++) s += this.beta[j] * f[j];
    return Math.max(this.o.floor ?? 0, s);
  }
}

export interface ErrorStats {
  n: number;
  mae: number;
  rmse: number;
}

export function errorStats(actual: ArrayLike<number>, predicted: ArrayLike<number>): ErrorStats {
  let a = 0, s = 0;
  const n = actual.length;
  for (let i = 0; i < n; i++) {
    const e = predicted[i] - actual[i];
    a += Math.abs(e);
    s += e * e;
  }
  return { n, mae: n > 0 ? a / n : 0, rmse: n > 0 ? Math.sqrt(s / n) : 0 };
}

/** Skill against a reference: 1 - RMSE / RMSE_ref (null when the reference is perfect). */
export function skill(rmse: number, rmseRef: number): number | null {
  return rmseRef > 0 ? 1 - rmse / rmseRef : null;
}
