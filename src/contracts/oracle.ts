// Oracle delivery verification (part of Alg. 4).
//
// Reading model (our model): an oracle meters a trade's delivered quantity with relative Gaussian
// noise; the reading fails to arrive with `failureProb`; it reaches the oracle after an exponential
// latency and misses the posting cutoff when that latency exceeds `deadline_s`; with `staleProb`
// it is an old reading (timestamp `staleAge_s` earlier); with `glitchProb` it is a meter glitch
// (a value far out of range); with `miscalibrationProb` the meter is off by +/- `miscalibration`
// (relative). Each oracle posts one signed batch of its readings per slot.
//
// Verification: only batches signed by a registered oracle count; readings older than maxAge_s are
// stale; values outside [0, (1 + rangeTolerance) x committed] are out of range. Fewer valid
// readings than the quorum fails with the dominant cause (timeout | stale | outOfRange); otherwise
// readings within `accuracy` (default 2%) of the median agree, and fewer agreeing readings than the
// quorum fail as `disagreement`. The verified value is the median of the agreeing readings.
import { verifySigned, type IdentityRegistry } from './identity.js';
import type { VerificationAttribution } from './types.js';
import { median } from '../util/stats.js';

/** The random draws a reading needs (the kernel's Rng satisfies it). */
export interface RngLike {
  next(): number;
  normal(mean?: number, sd?: number): number;
  exponential(rate: number): number;
}

export interface OracleParams {
  noiseSd: number;
  failureProb: number;
  latencyMean_s: number;
  deadline_s: number;
  staleProb: number;
  staleAge_s: number;
  glitchProb: number;
  miscalibrationProb: number;
  miscalibration: number;
}

export interface Reading {
  oracle: string;
  tradeId: string;
  value: number;
  measuredAt: number;
}

export interface SignedBatch {
  oracle: string;
  slot: number;
  readings: Reading[];
  signature?: string;
}

/** Draws one oracle's reading of `delivered` at `meterTime`, or null when it does not arrive in time. */
export function drawReading(rng: RngLike, oracle: string, tradeId: string, delivered: number, meterTime: number, p: OracleParams): Reading | null {
  const u = rng.next();
  const noise = rng.normal(0, 1);
  const latency = p.latencyMean_s > 0 ? rng.exponential(1 / p.latencyMean_s) : 0;
  const kind = rng.next();
  const mis = rng.next();
  if (u < p.failureProb) return null;
  if (latency > p.deadline_s) return null;
  let value = delivered * (1 + p.noiseSd * noise);
  if (mis < p.miscalibrationProb) value *= 1 + (mis < p.miscalibrationProb / 2 ? p.miscalibration : -p.miscalibration);
  let measuredAt = meterTime;
  if (kind < p.glitchProb) value = delivered * 10 + 1000;
  else if (kind < p.glitchProb + p.staleProb) measuredAt = meterTime - p.staleAge_s;
  return { oracle, tradeId, value: Math.max(0, Math.round(value * 1000) / 1000), measuredAt };
}

export interface VerifyParams {
  quorum: number;
  accuracy: number;
  maxAge_s: number;
  rangeTolerance: number;
}

export type Verification =
  | { passed: true; value: number; used: string[]; faulty: string[] }
  | { passed: false; attribution: VerificationAttribution; faulty: string[] };

/**
 * Verifies the readings of one trade. `expected` lists the oracles assigned to the trade; readings
 * must already come from accepted (signed, registered) batches.
 */
export function verifyReadings(readings: readonly Reading[], expected: readonly string[], committed: number, meterTime: number, p: VerifyParams): Verification {
  const byOracle = new Map(readings.map((r) => [r.oracle, r]));
  const counts: Record<'timeout' | 'stale' | 'outOfRange', string[]> = { timeout: [], stale: [], outOfRange: [] };
  const valid: Reading[] = [];
  for (const o of expected) {
    const r = byOracle.get(o);
    if (!r) counts.timeout.push(o);
    else if (meterTime - r.measuredAt > p.maxAge_s) counts.stale.push(o);
    else if (!(r.value >= 0 && r.value <= (1 + p.rangeTolerance) * committed)) counts.outOfRange.push(o);
    else valid.push(r);
  }
  const invalid = [...counts.timeout, ...counts.stale, ...counts.outOfRange];
  if (valid.length < p.quorum) {
    const order: ('timeout' | 'stale' | 'outOfRange')[] = ['timeout', 'stale', 'outOfRange'];
    let best = order[0];
    for (const k of order) if (counts[k].length > counts[best].length) best = k;
    return { passed: false, attribution: best, faulty: invalid.sort() };
  }
  const m = median(valid.map((r) => r.value));
  const tol = p.accuracy * Math.max(m, 1e-9);
  const agree = valid.filter((r) => Math.abs(r.value - m) <= tol);
  const disagree = valid.filter((r) => Math.abs(r.value - m) > tol).map((r) => r.oracle);
  if (agree.length < p.quorum) return { passed: false, attribution: 'disagreement', faulty: [...invalid, ...disagree].sort() };
  return { passed: true, value: median(agree.map((r) => r.value)), used: agree.map((r) => r.oracle).sort(), faulty: [...invalid, ...disagree].sort() };
}

/** Accepts a batch only when it is signed by a registered oracle identity. */
export function acceptBatch(reg: IdentityRegistry, b: SignedBatch): { ok: true } | { ok: false; detail: string } {
  const ident = reg.identities.get(b.oracle);
  if (!ident || ident.kind !== 'oracle') return { ok: false, detail: 'unregisteredOracle' };
  const v = verifySigned(reg, b.oracle, canonicalBatch(b), b.signature);
  return v.ok ? { ok: true } : { ok: false, detail: v.detail };
}

/** Canonical text an oracle signs for a batch (fixed field order). */
export function canonicalBatch(b: Omit<SignedBatch, 'signature'>): string {
  return JSON.stringify([b.oracle, b.slot, b.readings.map((r) => [r.tradeId, r.value, r.measuredAt])]);
}

export { median };
