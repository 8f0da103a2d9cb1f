// Alg. 4, cross-border settlement: verification outcome, compliance hooks again (rules and KYC in
// force at settlement time), payment = price x min(delivered, committed) - penalties, escrow
// released, locks released, reputation updated.
//
// Root cause precedence when several apply: regulatory, then verification, then under-delivery.
// Penalties (defaults): 5% of the price per kWh under-delivered; 2% per kWh over-delivered beyond
// the tolerance. A delivery below minDeliveryRatio x committed fails as `underDelivery` (no payment,
// the under-delivery penalty is still charged to the provider).
import { identityValid } from './identity.js';
import { settlementCompliant } from './regulation.js';
import { round2 } from './registration.js';
import { addTo, qkey, type ContractState } from './state.js';
import type { Verification } from './oracle.js';
import type { LifecycleEvent, Trade } from './types.js';

export interface SettlementParams {
  underPenalty: number;
  overPenalty: number;
  overTolerance: number;
  minDeliveryRatio: number;
  reputationAlpha: number;
}

export interface SettlementResult {
  success: boolean;
  rootCause?: string;
  delivered: number;
  payment: number;
  penalty: number;
  events: LifecycleEvent[];
}

export function settleTrade(s: ContractState, trade: Trade, ver: Verification, now: number, p: SettlementParams): SettlementResult {
  const base = { t: now, signer: 'market', tradeId: trade.tradeId, service: trade.service, slot: trade.slot, provider: trade.provider, consumer: trade.consumer, price: trade.price };
  const events: LifecycleEvent[] = [];
  if (ver.passed) events.push({ ...base, type: 'VerificationPassed', quantity: trade.quantity, delivered: round3(ver.value), oracles: ver.used, faulty: ver.faulty });
  else events.push({ ...base, type: 'VerificationFailed', quantity: trade.quantity, attribution: ver.attribution, oracles: ver.faulty });
  // compliance hooks at settlement time
  let rootCause: string | undefined;
  const jp = s.jurisdictionOf.get(trade.provider)!;
  const jc = s.jurisdictionOf.get(trade.consumer)!;
  const adm = settlementCompliant(s.rules, trade.service, jp, jc);
  if (!adm.ok) rootCause = `regulatory:${adm.rule}`;
  else {
    for (const party of [trade.provider, trade.consumer]) {
      const v = identityValid(s.registry, party, now);
      if (!v.ok) {
        rootCause = `regulatory:${v.detail}`;
        break;
      }
    }
  }
  const c = trade.quantity;
  let delivered = 0;
  let payment = 0;
  let penalty = 0;
  if (!rootCause && !ver.passed) rootCause = 'verification';
  if (!rootCause && ver.passed) {
    delivered = Math.round(ver.value);
    const under = Math.max(0, c - delivered);
    penalty = round2(p.underPenalty * trade.price * under);
    if (delivered < p.minDeliveryRatio * c) rootCause = 'underDelivery';
    else {
      const over = Math.max(0, delivered - c * (1 + p.overTolerance));
      penalty = round2(penalty + p.overPenalty * trade.price * over);
      payment = round2(trade.price * Math.min(delivered, c) - penalty);
    }
  }
  // reputation: delivery accuracy on success, zero on provider-caused failure
  const rep = s.reputation.get(trade.provider) ?? 1;
  if (!rootCause) s.reputation.set(trade.provider, (1 - p.reputationAlpha) * rep + p.reputationAlpha * (1 - Math.min(1, Math.abs(delivered - c) / c)));
  else if (rootCause === 'underDelivery') s.reputation.set(trade.provider, (1 - p.reputationAlpha) * rep);
  // escrow: payment to the provider, the rest back to the consumer
  addTo(s.escrowHeld, trade.consumer, -trade.escrow);
  const refund = round2(trade.escrow - payment);
  trade.status = rootCause ? 'failed' : 'settled';
  if (rootCause) {
    events.push({ ...base, type: 'SettlementFailed', quantity: c, rootCause, delivered: ver.passed ? delivered : null, payment: 0, penalty, refund });
  } else {
    events.push({ ...base, type: 'SettlementSucceeded', quantity: c, delivered, payment, penalty, refund, reputation: round6(s.reputation.get(trade.provider)!) });
  }
  // unlock the provider's and the partners' quantities
  addTo(s.locked, qkey(trade.provider, trade.slot, trade.service), -c);
  let unlocked = c;
  for (const a of trade.partners) {
    addTo(s.locked, qkey(a.partner, trade.slot, trade.service), -a.quantity);
    unlocked += a.quantity;
  }
  events.push({ ...base, type: 'QuantityUnlocked', quantity: unlocked, partners: trade.partners.map((a) => a.partner) });
  return { success: !rootCause, rootCause, delivered, payment, penalty, events };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
