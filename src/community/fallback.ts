// Oracle and meter-data fallbacks ([source], community.md).
//   readings: two independent meter readings per party and interval; more than `tolerance` (2%)
//     apart -> the settlement is disputed and frozen until a third reading; the median of the three
//     is then the verified value.
//   misses: a meter (or an aggregator, for all its parties) that misses its submission is deferred
//     once; after 2 consecutive misses the party is settled on its previous verified window derated
//     by 10%; after 4 consecutive misses it is also removed from dispatch and flagged.
//   price feed: a value outside 2 sigma of the recent valid values is replaced by the last valid one
//     (after maxConsecutive replacements in a row the next value is taken as a level shift).
export interface ReadingPair {
  a: number;
  b: number;
}

/** Relative disagreement of two readings (0 when both are ~0). */
export function disagreement(a: number, b: number, floor = 1e-6): number {
  const m = Math.max(Math.abs(a), Math.abs(b));
  return m <= floor ? 0 : Math.abs(a - b) / m;
}

export type ReadingCheck = { status: 'verified'; value: number } | { status: 'disputed'; gap: number };

export function checkReadings(r: ReadingPair, tolerance: number): ReadingCheck {
  const gap = disagreement(r.a, r.b);
  return gap > tolerance ? { status: 'disputed', gap } : { status: 'verified', value: (r.a + r.b) / 2 };
}

/** A third reading resolves a dispute: the median of the three. */
export function resolveWithThird(r: ReadingPair, third: number): number {
  const v = [r.a, r.b, third].sort((x, y) => x - y);
  return v[1];
}

export interface MissPolicy {
  /** Consecutive misses before the derated fallback (2). */
  derateAfter: number;
  /** Derating of the previous verified window (0.10). */
  derate: number;
  /** Consecutive misses before removal from dispatch (4). */
  removeAfter: number;
}

export type MissAction = { kind: 'deferred'; misses: number } | { kind: 'derated'; misses: number; factor: number; remove: boolean };

/** What happens to a party at its n-th consecutive missed window. */
export function missAction(consecutive: number, p: MissPolicy): MissAction {
  if (consecutive < p.derateAfter) return { kind: 'deferred', misses: consecutive };
  return { kind: 'derated', misses: consecutive, factor: 1 - p.derate, remove: consecutive >= p.removeAfter };
}

/** Tracks consecutive misses per party. */
export class MissTracker {
  private readonly misses = new Map<string, number>();
  readonly removed = new Set<string>();
  constructor(readonly p: MissPolicy) {}

  miss(id: string): MissAction {
    const n = (this.misses.get(id) ?? 0) + 1;
    this.misses.set(id, n);
    const a = missAction(n, this.p);
    if (a.kind === 'derated' && a.remove) this.removed.add(id);
    return a;
  }

  /** Data arrived: the streak ends (a removal stays for the day). Returns the streak length. */
  hit(id: string): number {
    const n = this.misses.get(id) ?? 0;
    this.misses.delete(id);
    return n;
  }

  streak(id: string): number {
    return this.misses.get(id) ?? 0;
  }
}

export interface PriceFilterParams {
  /** Recent valid values the mean and sigma come from. */
  window: number;
  /** Replace values more than this many sigma from the mean (2). */
  sigmas: number;
  /** Sigma floor, m.u./kWh (so a flat history does not reject every change). */
  minSigma: number;
  /** Values needed before filtering starts. */
  minHistory: number;
  /** After this many consecutive replacements the next value is accepted (a level shift, not a glitch). */
  maxConsecutive: number;
}

export class PriceFilter {
  private readonly valid: number[] = [];
  private run = 0;
  constructor(readonly p: PriceFilterParams) {}

  /** Returns the accepted value and whether the raw value was replaced. */
  push(raw: number): { value: number; replaced: boolean; mean: number | null; sigma: number | null } {
    const h = this.valid.slice(-this.p.window);
    if (h.length >= this.p.minHistory) {
      const mean = h.reduce((a, b) => a + b, 0) / h.length;
      const sd = Math.max(this.p.minSigma, Math.sqrt(h.reduce((a, b) => a + (b - mean) ** 2, 0) / h.length));
      const outside = !Number.isFinite(raw) || Math.abs(raw - mean) > this.p.sigmas * sd;
      if (outside && (this.run < this.p.maxConsecutive || !Number.isFinite(raw))) {
        this.run++;
        return { value: h[h.length - 1], replaced: true, mean, sigma: sd };
      }
      this.run = 0;
      this.valid.push(raw);
      return { value: raw, replaced: false, mean, sigma: sd };
    }
    if (!Number.isFinite(raw)) return { value: h.length > 0 ? h[h.length - 1] : 0, replaced: true, mean: null, sigma: null };
    this.valid.push(raw);
    return { value: raw, replaced: false, mean: null, sigma: null };
  }
}
