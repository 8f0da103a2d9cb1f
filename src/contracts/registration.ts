// Alg. 1, trade registration: verify identities and signatures (the provider's signed bundle, both
// parties registered and KYC-valid through settlement), require the time window to be open,
// require regulatory admissibility for both parties now (incl. certificate origin and caps),
// require a feasible quantity (positive integer, within the provider's remaining envelope: no
// double lock, and within the consumer's allocated request); then generate the trade id, store the
// commitment, lock the provider's quantity and escrow the consumer's payment.
import { checkBundleIdentity, partyValid, type IdentityCheck } from './identity.js';
import { capKey, tradeAdmissible } from './regulation.js';
import { addTo, qkey, remainingEnvelope, slotStart, type ContractState } from './state.js';
import type { LifecycleEvent, RegistrationBundle, RegistrationRequest, RejectReason, Trade } from './types.js';

export type RegistrationResult =
  | { ok: true; trade: Trade; event: LifecycleEvent }
  | { ok: false; reason: RejectReason; detail: string; event: LifecycleEvent };

/** Registers every request of a bundle arriving at `now`, in order; one result (and event) each. */
export function registerBundle(s: ContractState, b: RegistrationBundle, now: number): RegistrationResult[] {
  const id = checkBundleIdentity(s.registry, b, now);
  return b.requests.map((r) => registerRequest(s, b, r, now, id));
}

/** Registers one request of bundle `b` whose bundle-level identity check gave `id`. */
export function registerRequest(s: ContractState, b: RegistrationBundle, req: RegistrationRequest, now: number, id: IdentityCheck): RegistrationResult {
  const base = { t: now, service: req.service, slot: req.slot, provider: req.provider, consumer: req.consumer, quantity: req.quantity, price: req.price };
  const reject = (reason: RejectReason, detail: string): RegistrationResult => ({
    ok: false,
    reason,
    detail,
    event: { ...base, type: 'TradeRejected', signer: 'market', reason, detail, submitter: b.signer, nonce: b.nonce },
  });
  const w = s.window;
  // identities and signatures
  if (!id.ok) return reject('identity', id.detail);
  if (req.provider !== b.signer) return reject('identity', 'wrongSigner');
  const start = slotStart(w, req.slot);
  const settleBy = start + w.slot_s + w.settle_s;
  for (const party of [req.provider, req.consumer]) {
    const v = partyValid(s.registry, party, now, settleBy);
    if (!v.ok) return reject('identity', v.detail);
  }
  // time window
  if (!(Number.isInteger(req.slot) && req.slot >= 0 && req.slot < w.slots)) return reject('window', 'slotOutsideHorizon');
  if (now < start - w.open_s) return reject('window', 'notOpen');
  if (now > start - w.gate_s) return reject('window', 'closed');
  // admissibility for both parties under the rules in force now
  const jp = s.jurisdictionOf.get(req.provider);
  const jc = s.jurisdictionOf.get(req.consumer);
  if (jp === undefined || jc === undefined) return reject('identity', 'unregistered');
  const adm = tradeAdmissible(s.rules, s.capUsage, req.service, req.slot, jp, jc, req.quantity);
  if (!adm.ok) return reject('admissibility', adm.rule);
  // feasible quantity: a positive integer, no double lock, no more than allocated to the consumer
  if (!Number.isInteger(req.quantity) || req.quantity <= 0) return reject('quantity', 'nonPositive');
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
  const event: LifecycleEvent = { ...base, type: 'TradeRegistered', signer: req.provider, tradeId, cost: req.cost, fee: req.fee, escrow, nonce: b.nonce, signature: b.signature ?? null };
  if (req.bid !== undefined) event.bid = req.bid;
  return { ok: true, trade, event };
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
