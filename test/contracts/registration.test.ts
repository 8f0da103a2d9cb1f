import { describe, expect, it } from 'vitest';
import { deriveKeyPair, identityValid, signBundle } from '../../src/contracts/identity.js';
import { registerBundle } from '../../src/contracts/registration.js';
import { qkey, remainingEnvelope } from '../../src/contracts/state.js';
import { book, inWindow, req, SLOT_S, T0, world } from './fixtures.js';

describe('Alg. 1 trade registration', () => {
  it('registers a valid signed request: trade id, lock, escrow, event', () => {
    const { s, keys } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const b = signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req({ quantity: 250 })] }, keys.get('A')!);
    const [r] = registerBundle(s, b, inWindow(2));
    expect(r.ok).toBe(true);
    expect(r.event.type).toBe('TradeRegistered');
    expect(remainingEnvelope(s, 'A', 2, 'flexibility')).toBe(750);
    expect(s.openRequest.get(qkey('B', 2, 'flexibility'))).toBe(50);
    expect(s.escrowHeld.get('B')).toBeCloseTo(25, 9);
    expect(s.trades.size).toBe(1);
  });

  it('rejects a forged signature (signed with another key) with identity:badSignature', () => {
    const { s } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const b = signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req()] }, deriveKeyPair(99, 'attacker').privateKey);
    const [r] = registerBundle(s, b, inWindow(2));
    expect(r.ok).toBe(false);
    expect(r.event).toMatchObject({ type: 'TradeRejected', reason: 'identity', detail: 'badSignature' });
    expect(s.trades.size).toBe(0);
  });

  it('rejects a missing signature with identity:missingSignature', () => {
    const { s } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const [r] = registerBundle(s, { signer: 'A', nonce: 1, t: 0, requests: [req()] }, inWindow(2));
    expect(r.event).toMatchObject({ type: 'TradeRejected', reason: 'identity', detail: 'missingSignature' });
  });

  it('rejects a tampered request (quantity changed after signing)', () => {
    const { s, keys } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const b = signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req({ quantity: 10 })] }, keys.get('A')!);
    b.requests[0].quantity = 300;
    const [r] = registerBundle(s, b, inWindow(2));
    expect(r.event).toMatchObject({ reason: 'identity', detail: 'badSignature' });
  });

  it('rejects a tampered bid (the signature covers every request field)', () => {
    const { s, keys } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const b = signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req({ quantity: 10, bid: 0.2 })] }, keys.get('A')!);
    b.requests[0].bid = 5;
    const [r] = registerBundle(s, b, inWindow(2));
    expect(r.event).toMatchObject({ reason: 'identity', detail: 'badSignature' });
  });

  it('rejects a replayed registration with identity:replay', () => {
    const { s, keys } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const b = signBundle({ signer: 'A', nonce: 7, t: 0, requests: [req({ quantity: 100 })] }, keys.get('A')!);
    expect(registerBundle(s, b, inWindow(2))[0].ok).toBe(true);
    const [again] = registerBundle(s, { ...b }, inWindow(2) + 5);
    expect(again.event).toMatchObject({ type: 'TradeRejected', reason: 'identity', detail: 'replay' });
    expect(s.trades.size).toBe(1);
  });

  it('rejects a quantity above the remaining envelope (double lock) with quantity:exceedsEnvelope', () => {
    const { s, keys } = world();
    book(s, 2, { A: 500 }, { B: 400, C: 400 });
    const b1 = signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req({ quantity: 400 })] }, keys.get('A')!);
    expect(registerBundle(s, b1, inWindow(2))[0].ok).toBe(true);
    const b2 = signBundle({ signer: 'A', nonce: 2, t: 0, requests: [req({ consumer: 'C', quantity: 200 })] }, keys.get('A')!);
    const [r] = registerBundle(s, b2, inWindow(2));
    expect(r.event).toMatchObject({ type: 'TradeRejected', reason: 'quantity', detail: 'exceedsEnvelope' });
    expect(remainingEnvelope(s, 'A', 2, 'flexibility')).toBe(100);
  });

  it('rejects more than the consumer was allocated, and non-positive quantities', () => {
    const { s, keys } = world();
    book(s, 2, { A: 5000 }, { B: 100 });
    const b = signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req({ quantity: 101 }), req({ quantity: 0 })] }, keys.get('A')!);
    const rs = registerBundle(s, b, inWindow(2));
    expect(rs.map((r) => (r.ok ? 'ok' : `${r.reason}:${r.detail}`))).toEqual(['quantity:exceedsRequest', 'quantity:nonPositive']);
  });

  it('rejects an unregistered identity (signer or counterparty)', () => {
    const { s } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const rogue = deriveKeyPair(1, 'rogue').privateKey;
    const [r1] = registerBundle(s, signBundle({ signer: 'rogue', nonce: 1, t: 0, requests: [req({ provider: 'rogue' })] }, rogue), inWindow(2));
    expect(r1.event).toMatchObject({ reason: 'identity', detail: 'unregistered' });
    const { s: s2, keys } = world();
    book(s2, 2, { A: 1000 }, {});
    const [r2] = registerBundle(s2, signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req({ consumer: 'ghost' })] }, keys.get('A')!), inWindow(2));
    expect(r2.event).toMatchObject({ reason: 'identity', detail: 'unregistered' });
  });

  it('rejects a KYC that ends before settlement, and a request signed for another provider', () => {
    const { s, keys } = world(1, { B: inWindow(2) + 1800 });
    book(s, 2, { A: 1000, C: 1000 }, { B: 300 });
    const [r] = registerBundle(s, signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req()] }, keys.get('A')!), inWindow(2));
    expect(r.event).toMatchObject({ reason: 'identity', detail: 'kycExpired' });
    const [w] = registerBundle(s, signBundle({ signer: 'A', nonce: 2, t: 0, requests: [req({ provider: 'C' })] }, keys.get('A')!), inWindow(2));
    expect(w.event).toMatchObject({ reason: 'identity', detail: 'wrongSigner' });
  });

  it('rejects outside the window and slots outside the horizon', () => {
    const { s, keys } = world();
    book(s, 2, { A: 1000 }, { B: 300 });
    const k = keys.get('A')!;
    const late = registerBundle(s, signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req()] }, k), inWindow(2) + 1000)[0];
    expect(late.event).toMatchObject({ reason: 'window', detail: 'closed' });
    const early = registerBundle(s, signBundle({ signer: 'A', nonce: 2, t: 0, requests: [req()] }, k), inWindow(2) - 3000)[0];
    expect(early.event).toMatchObject({ reason: 'window', detail: 'notOpen' });
    const out = registerBundle(s, signBundle({ signer: 'A', nonce: 3, t: 0, requests: [req({ slot: 30 })] }, k), inWindow(2))[0];
    expect(out.event).toMatchObject({ reason: 'window', detail: 'slotOutsideHorizon' });
  });

  it('rejects inadmissible trades: export ban, certificate recognition, cross-border cap', () => {
    const { s, keys } = world();
    book(s, 2, { B: 1000 }, { A: 300 }, 'flexibility');
    const kb = keys.get('B')!;
    const ban = registerBundle(s, signBundle({ signer: 'B', nonce: 1, t: 0, requests: [req({ provider: 'B', consumer: 'A' })] }, kb), inWindow(2))[0];
    expect(ban.event).toMatchObject({ reason: 'admissibility', detail: 'exportBan' });
    book(s, 2, { C: 1000 }, { B: 300 }, 'certificates');
    const kc = keys.get('C')!;
    const rec = registerBundle(s, signBundle({ signer: 'C', nonce: 1, t: 0, requests: [req({ service: 'certificates', provider: 'C', consumer: 'B' })] }, kc), inWindow(2))[0];
    expect(rec.event).toMatchObject({ reason: 'admissibility', detail: 'certificateRecognition' });
    book(s, 3, { B: 2000 }, { A: 2000, C: 2000 }, 'balancing');
    const cap = registerBundle(s, signBundle({ signer: 'B', nonce: 2, t: 0, requests: [req({ service: 'balancing', slot: 3, provider: 'B', consumer: 'A', quantity: 400 }), req({ service: 'balancing', slot: 3, provider: 'B', consumer: 'C', quantity: 200 })] }, kb), inWindow(3));
    expect(cap.map((r) => (r.ok ? 'ok' : r.detail))).toEqual(['ok', 'crossBorderCap']);
  });

  it('checks admissibility before the quantity (Alg. 1 order): an inadmissible zero quantity is admissibility:exportBan', () => {
    const { s, keys } = world();
    book(s, 2, { B: 1000 }, { A: 300 }, 'flexibility');
    const [r] = registerBundle(s, signBundle({ signer: 'B', nonce: 1, t: 0, requests: [req({ provider: 'B', consumer: 'A', quantity: 0 })] }, keys.get('B')!), inWindow(2));
    expect(r.event).toMatchObject({ type: 'TradeRejected', reason: 'admissibility', detail: 'exportBan' });
  });

  it('rejects a KYC that ends exactly at the settlement time (identity is valid on [from, until))', () => {
    const settleAt = T0 + 2 * SLOT_S + SLOT_S + 600; // slot 2's end + settle_s
    const { s, keys } = world(1, { B: settleAt });
    book(s, 2, { A: 1000 }, { B: 300 });
    const [r] = registerBundle(s, signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req()] }, keys.get('A')!), inWindow(2));
    expect(identityValid(s.registry, 'B', settleAt).ok).toBe(false);
    expect(r.event).toMatchObject({ type: 'TradeRejected', reason: 'identity', detail: 'kycExpired' });
    // one second more and the KYC covers settlement
    const { s: s2, keys: k2 } = world(1, { B: settleAt + 1 });
    book(s2, 2, { A: 1000 }, { B: 300 });
    expect(registerBundle(s2, signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req()] }, k2.get('A')!), inWindow(2))[0].ok).toBe(true);
  });
});
