// Alg. 2, flexibility delegation: the provider VP splits a commitment over its internal resources
// (clusters) in proportion to their realized availability (forecast plus error), never above it.
// What the resources cannot cover is the delegation shortfall, handed to Alg. 3.
import { createHash, type KeyObject } from 'node:crypto';
import { signText, verifySigned, type IdentityCheck, type IdentityRegistry } from './identity.js';
import type { LifecycleEvent, Trade } from './types.js';

/** A provider's signed delegation report for its commitments of one slot (one contract message). */
export interface DelegationReport {
  signer: string;
  slot: number;
  items: { tradeId: string; shares: { resource: string; quantity: number }[] }[];
  signature?: string;
}

export function reportDigest(r: Omit<DelegationReport, 'signature'>): string {
  const text = JSON.stringify([r.signer, r.slot, r.items.map((i) => [i.tradeId, i.shares.map((s) => [s.resource, s.quantity])])]);
  return createHash('sha256').update(text).digest('hex');
}

export function signReport(r: Omit<DelegationReport, 'signature'>, key: KeyObject): DelegationReport {
  return { ...r, signature: signText(key, reportDigest(r)) };
}

/** The contract accepts a delegation report only with a valid signature of a registered identity. */
export function checkReport(reg: IdentityRegistry, r: DelegationReport): IdentityCheck {
  return verifySigned(reg, r.signer, reportDigest(r), r.signature);
}

export interface Resource {
  id: string;
  /** Realized available quantity for this slot and service not yet delegated, kWh (integer). */
  available: number;
}

export interface DelegationPlan {
  shares: { resource: string; quantity: number }[];
  covered: number;
  shortfall: number;
}

/** The provider's side: splits `quantity` over `resources` (whose `available` is reduced in place). */
export function delegate(quantity: number, resources: Resource[]): DelegationPlan {
  const q = quantity;
  const total = resources.reduce((a, r) => a + Math.max(0, r.available), 0);
  const shares: { resource: string; quantity: number }[] = [];
  let covered = 0;
  if (total > 0 && q > 0) {
    const target = Math.min(q, total);
    // proportional split, floored, remainder by largest fractional part (ties by resource order)
    const raw = resources.map((r) => (Math.max(0, r.available) * target) / total);
    const fl = raw.map((v, i) => Math.min(Math.floor(v + 1e-9), Math.max(0, resources[i].available)));
    let rest = target - fl.reduce((a, b) => a + b, 0);
    const order = raw.map((v, i) => ({ i, f: v - Math.floor(v + 1e-9) })).sort((a, b) => b.f - a.f || a.i - b.i);
    for (let k = 0; rest > 0 && k < order.length * 2; k++) {
      const i = order[k % order.length].i;
      if (fl[i] < resources[i].available) {
        fl[i]++;
        rest--;
      }
    }
    resources.forEach((r, i) => {
      if (fl[i] > 0) {
        shares.push({ resource: r.id, quantity: fl[i] });
        r.available -= fl[i];
        covered += fl[i];
      }
    });
  }
  return { shares, covered, shortfall: q - covered };
}

/**
 * The contract's side: records a provider's delegation of `trade` (shares must be positive
 * integers summing to at most the committed quantity) and returns its events.
 */
export function recordDelegation(trade: Trade, shares: readonly { resource: string; quantity: number }[], now: number): { covered: number; shortfall: number; events: LifecycleEvent[] } {
  let covered = 0;
  for (const sh of shares) {
    if (!(Number.isInteger(sh.quantity) && sh.quantity > 0)) throw new RangeError(`delegation share of ${trade.tradeId} must be a positive integer`);
    covered += sh.quantity;
  }
  covered = Math.min(covered, trade.quantity);
  const shortfall = trade.quantity - covered;
  trade.delegatedCovered = covered;
  const base = { t: now, signer: trade.provider, tradeId: trade.tradeId, service: trade.service, slot: trade.slot, provider: trade.provider, consumer: trade.consumer };
  const events: LifecycleEvent[] = [{ ...base, type: 'DelegationCreated', quantity: covered, resources: shares.map((x) => ({ ...x })) }];
  if (shortfall > 0) events.push({ ...base, type: 'DelegationShortfall', quantity: shortfall });
  return { covered, shortfall, events };
}
