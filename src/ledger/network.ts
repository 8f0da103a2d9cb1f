// The B/A network as pure functions of time: validator up/down schedules (crash/recovery), CPU
// service with downtime, and link delays with drops and retransmission folded into the delay.
import { createRng, type Rng } from '../sim/rng.js';
import type { ResolvedPoa } from './params.js';

export class FaultSchedule {
  /** Per validator: sorted, disjoint down intervals [start, end). */
  readonly down: Float64Array[];

  constructor(p: ResolvedPoa, seed: number | string, horizon_s: number) {
    const per: [number, number][][] = Array.from({ length: p.M }, () => []);
    for (const c of p.faults.crashes) per[c.validator].push([c.at_s, c.at_s + c.duration_s]);
    if (p.faults.mtbf_s !== null) {
      for (let v = 0; v < p.M; v++) {
        const rng = createRng(seed, `ledger:faults:${v}`);
        let t = rng.exponential(1 / p.faults.mtbf_s);
        while (t < horizon_s) {
          const d = rng.exponential(1 / p.faults.mttr_s);
          per[v].push([t, t + d]);
          t += d + rng.exponential(1 / p.faults.mtbf_s);
        }
      }
    }
    this.down = per.map((iv) => {
      iv.sort((a, b) => a[0] - b[0]);
      const merged: number[] = [];
      for (const [s, e] of iv) {
        const n = merged.length;
        if (n > 0 && s <= merged[n - 1]) merged[n - 1] = Math.max(merged[n - 1], e);
        else merged.push(s, e);
      }
      return Float64Array.from(merged);
    });
  }

  /** Index of the last interval starting at or before t, or -1. */
  private find(v: number, t: number): number {
    const d = this.down[v];
    let lo = 0, hi = d.length / 2 - 1, ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (d[2 * mid] <= t) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  isUp(v: number, t: number): boolean {
    const d = this.down[v];
    if (d.length === 0) return true;
    const k = this.find(v, t);
    return k < 0 || t >= d[2 * k + 1];
  }

  /** The earliest time >= t at which v is up. */
  nextUp(v: number, t: number): number {
    const d = this.down[v];
    if (d.length === 0) return t;
    const k = this.find(v, t);
    return k >= 0 && t < d[2 * k + 1] ? d[2 * k + 1] : t;
  }

  /** Completion time of `work` seconds of CPU started at `start` on v, pausing while v is down. */
  run(v: number, start: number, work: number): number {
    const d = this.down[v];
    let s = this.nextUp(v, start);
    if (d.length === 0) return s + work;
    let end = s + work;
    let k = this.find(v, s) + 1;
    while (k < d.length / 2 && d[2 * k] < end) {
      end += d[2 * k + 1] - d[2 * k];
      k++;
    }
    return end;
  }

  /** True when v is down at some moment of [a, b]. */
  downDuring(v: number, a: number, b: number): boolean {
    const d = this.down[v];
    if (d.length === 0) return false;
    if (!this.isUp(v, a)) return true;
    const k = this.find(v, b);
    return k >= 0 && d[2 * k + 1] > a;
  }

  /** Total down time of v in [0, horizon). */
  downtime(v: number, horizon: number): number {
    const d = this.down[v];
    let s = 0;
    for (let k = 0; k < d.length; k += 2) s += Math.max(0, Math.min(horizon, d[k + 1]) - Math.min(horizon, d[k]));
    return s;
  }
}

/** Link delays between B/As; degraded links drop messages (retransmitted after a timeout) and add delay. */
export class LinkModel {
  readonly degraded: boolean[][];
  private readonly rng: Rng;
  /** Messages dropped (each retransmitted) so far. */
  drops = 0;

  constructor(private readonly p: ResolvedPoa, seed: number | string) {
    const M = p.M;
    this.degraded = Array.from({ length: M }, () => new Array<boolean>(M).fill(false));
    const pick = createRng(seed, 'ledger:links');
    const pairs: [number, number][] = [];
    for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) pairs.push([i, j]);
    const k = Math.round(p.faults.degradedLinkFraction * pairs.length);
    for (let n = 0; n < k; n++) {
      const idx = n + pick.int(pairs.length - n);
      [pairs[n], pairs[idx]] = [pairs[idx], pairs[n]];
      const [i, j] = pairs[n];
      this.degraded[i][j] = this.degraded[j][i] = true;
    }
    this.rng = createRng(seed, 'ledger:drops');
    this.degradedFrom = this.degraded.map((row) => row.some((x) => x));
  }

  /** Per B/A: some link out of it is degraded. */
  private readonly degradedFrom: boolean[];

  /** True when some link out of `from` may be degraded at time t. */
  anyDegradedFrom(from: number, t: number): boolean {
    return this.degradedFrom[from] && this.active(t);
  }

  private active(t: number): boolean {
    const w = this.p.faults.window_s;
    return w === null || (t >= w[0] && t < w[1]);
  }

  /** One-way delay of a message of `bytes` from i to j sent at time t (retransmissions included). */
  delay(i: number, j: number, bytes: number, t: number): number {
    const base = this.p.lat[i][j] + (bytes * 8) / this.p.bandwidth_bps;
    if (i === j || !this.degraded[i][j] || !this.active(t)) return base;
    const f = this.p.faults;
    let d = base + f.extraDelay_s;
    let tries = 0;
    while (tries <= f.maxRetries && this.rng.next() < f.dropProb) {
      d += f.retransmitTimeout_s;
      tries++;
      this.drops++;
    }
    return d;
  }
}
