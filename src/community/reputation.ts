// Soulbound reputation (community.md): a score in [0, 1] from delivery accuracy and contract
// success, updated after every settlement; kept per identity, with no transfer operation.
export interface ReputationParams {
  initial: number;
  /** Weight of the newest settlement (exponential smoothing), 0..1. */
  alpha: number;
  /** Share of delivery accuracy in the performance score (the rest is contract success). */
  accuracyWeight: number;
}

/** Delivery accuracy of one settlement: 1 - |deviation| / scheduled, clipped to [0, 1]. */
export function deliveryAccuracy(scheduled_kwh: number, deviation_kwh: number): number {
  if (scheduled_kwh <= 0) return 1;
  return Math.max(0, Math.min(1, 1 - Math.abs(deviation_kwh) / scheduled_kwh));
}

export function updateReputation(r: number, accuracy: number, success: boolean, p: ReputationParams): number {
  const perf = p.accuracyWeight * accuracy + (1 - p.accuracyWeight) * (success ? 1 : 0);
  return Math.max(0, Math.min(1, (1 - p.alpha) * r + p.alpha * perf));
}

/** Collateral ratio by reputation: base at reputation 0.5, lower with reputation, inside [min, max]. */
export function collateralRatio(reputation: number, c: { base: number; min: number; max: number; reputationSlope: number }): number {
  return Math.max(c.min, Math.min(c.max, c.base - c.reputationSlope * (reputation - 0.5)));
}
