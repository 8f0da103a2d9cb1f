// Alg. 1, trade registration: identity and signature, open window, admissibility for both parties
// at registration time, feasible quantity (positive, within the provider's remaining envelope and
// the consumer's open request), trade id, commitment, lock, escrow of the consumer's payment.
import { checkRequestIdentity } from './identity.js';
import { capKey, tradeAdmissible } from './regulation.js';
import { addTo, qkey, remainingEnvelope, slotStart, type ContractState } from './state.js';
import type { LifecycleEvent, RegistrationRequest, RejectReason, Trade } from './types.js';

export type RegistrationResult =
  | { ok: true; trade: Trade; event: LifecycleEvent }
  | { ok: false; reason: RejectReason; detail: string; event: LifecycleEvent };

/** Registers `req` arriving at time `now`; updates the state only on success (and the nonce set). */
export function registerTrade(s: ContractState, req: RegistrationRequest, now: number): RegistrationResult {
  const base = {
    t: now,
    service: req.service,
    slot: req.slot,
    provider: req.provider,
    consumer: req.consumer,
    quantity: req.quantity,
    price: req.price,
  };
  const reject = (reason: RejectReason, detail: string): RegistrationResult => ({
    ok: false,
    reason,
    detail,
    event: { ...base, type: 'TradeRejected', signer: 'market', reason, detail, submitter: req.signer, nonce: req.nonce },
  });
  // window
  const w = s.window;
  if (!(req.slot >= 0 && req.slot < w.slots && Number.isInteger(req.slot))) return reject('window', 'slotOutsideHorizon');
  const start = slotStart(w, req.slot);
  if (now < start - w.open_s) return reject('window', 'notOpen');
  if (now > start - w.gate_s) return reject('window', 'closed');
  // identity: registered, KYC valid, signed by the provider, fresh nonce
  const id = checkRequestIdentity(s.registry, req, now, start + w.slot_s + w.settle_s);
  if (!id.ok) return reject('identity', id.detail);
  // admissibility for both parties under the rules in force now (incl. certificate origin, caps)
  const jp = s.jurisdictionOf.get(req.provider);
  const jc = s.jurisdictionOf.get(req.consumer);
  if (jp === undefined || jc === undefined) return reject('identity', 'unregistered');
  if (!Number.isInteger(req.quantity) || req.quantity <= 0) return reject('quantity', 'nonPositive');
  const adm = tradeAdmissible(s.rules, s.capUsage, req.service, req.slot, jp, jc, req.quantity);
  if (!adm.ok) return reject('admissibility', adm.rule);
  // feasible quantity: no double lock, no more than requested
  if (req.quantity > remainingEnvelope(s, req.provider, req.slot, req.service)) return reject('quantity', 'exceedsEnvelope');
  const rk = qkey(req.consumer, req.slot, req.service);
  if (req.quantity > (s.openRequest.get(rk) ?? 0)) return reject('quantity', 'exceedsRequest');
  // commit: trade id, lock, request, cap usage, escrow
  const tradeId = `T${(s.nextTradeNo++).toString().padStart(6, '0')}`;
  addTo(s.locked, qkey(req.provider, req.slot, req.service), req.quantity);
  addTo(s.openRequest, rk, -req.quantity);
  if (jp !== jc) addTo(s.capUsage, capKey(jp, req.slot, req.service), req.quantity);
  const escrow = round2(req.price * req.quantity * s.collateralRatio);
  addTo(s.escrowHeld, req.consumer, escrow);
  const trade: Trade = {
    tradeId,
    service: req.service,
    slot: req.slot,
    provider: req.provider,
    consumer: req.consumer,
    quantity: req.quantity,
    price: req.price,
    cost: req.cost,
    fee: req.fee,
    status: 'registered',
    registeredAt: now,
    escrow,
    delegatedCovered: 0,
    partnerCovered: 0,
    uncovered: 0,
    partners: [],
  };
  s.trades.set(tradeId, trade);
  return {
    ok: true,
    trade,
    event: { ...base, type: 'TradeRegistered', signer: req.provider, tradeId, cost: req.cost, fee: req.fee, escrow, nonce: req.nonce, signature: req.signature },
  };
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
