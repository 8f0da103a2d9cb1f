import { describe, expect, it } from 'vitest';
import { checkReport, delegate, recordDelegation, signReport } from '../../src/contracts/delegation.js';
import { acceptBatch, canonicalBatch, verifyReadings, type Reading } from '../../src/contracts/oracle.js';
import { deriveKeyPair, signBundle, signText } from '../../src/contracts/identity.js';
import { applyRuleChange } from '../../src/contracts/regulation.js';
import { registerBundle } from '../../src/contracts/registration.js';
import { settleTrade } from '../../src/contracts/settlement.js';
import { remainingEnvelope } from '../../src/contracts/state.js';
import type { Trade } from '../../src/contracts/types.js';
import { book, inWindow, req, world } from './fixtures.js';

const VP = { quorum: 2, accuracy: 0.02, maxAge_s: 900, rangeTolerance: 0.5 };
const SP = { underPenalty: 0.05, overPenalty: 0.02, overTolerance: 0.02, minDeliveryRatio: 0.9, reputationAlpha: 0.1 };
const rd = (oracle: string, value: number, measuredAt = 1000): Reading => ({ oracle, tradeId: 'T', value, measuredAt });

describe('Alg. 2 delegation', () => {
  it('splits in proportion to realized availability, never above it, and reports the shortfall', () => {
    const res = [
      { id: 'c0', available: 300 },
      { id: 'c1', available: 100 },
    ];
    const p = delegate(200, res);
    expect(p.shares).toEqual([
      { resource: 'c0', quantity: 150 },
      { resource: 'c1', quantity: 50 },
    ]);
    expect(p.shortfall).toBe(0);
    const q = delegate(500, res);
    expect(q.covered).toBe(200);
    expect(q.shortfall).toBe(300);
    expect(res.every((r) => r.available === 0)).toBe(true);
  });

  it('accepts a delegation report only when signed by the registered provider', () => {
    const { s, keys } = world();
    const r = { signer: 'A', slot: 2, items: [{ tradeId: 'T1', shares: [{ resource: 'c0', quantity: 5 }] }] };
    expect(checkReport(s.registry, signReport(r, keys.get('A')!)).ok).toBe(true);
    expect(checkReport(s.registry, signReport(r, keys.get('B')!))).toEqual({ ok: false, detail: 'badSignature' });
    const tampered = signReport(r, keys.get('A')!);
    tampered.items[0].shares[0].quantity = 50;
    expect(checkReport(s.registry, tampered).ok).toBe(false);
    expect(checkReport(s.registry, { ...r, signer: 'ghost' })).toEqual({ ok: false, detail: 'unregistered' });
  });

  it('records DelegationCreated and DelegationShortfall events', () => {
    const t = { tradeId: 'T1', quantity: 100, provider: 'A', consumer: 'B', service: 'flexibility', slot: 1 } as Trade;
    const r = recordDelegation(t, [{ resource: 'c0', quantity: 70 }], 5);
    expect(r.events.map((e) => [e.type, e.quantity])).toEqual([
      ['DelegationCreated', 70],
      ['DelegationShortfall', 30],
    ]);
  });
});

describe('oracle verification', () => {
  const ex = ['o0', 'o1', 'o2'];
  it('passes with the median of agreeing readings', () => {
    const v = verifyReadings([rd('o0', 100), rd('o1', 101), rd('o2', 99.5)], ex, 100, 1000, VP);
    expect(v).toMatchObject({ passed: true, value: 100 });
  });
  it('attributes failures: timeout, stale, outOfRange, disagreement', () => {
    expect(verifyReadings([rd('o0', 100)], ex, 100, 1000, VP)).toMatchObject({ passed: false, attribution: 'timeout' });
    expect(verifyReadings([rd('o0', 100), rd('o1', 100, -5000), rd('o2', 100, -5000)], ex, 100, 1000, VP)).toMatchObject({ passed: false, attribution: 'stale' });
    expect(verifyReadings([rd('o0', 100), rd('o1', 1000), rd('o2', 2000)], ex, 100, 1000, VP)).toMatchObject({ passed: false, attribution: 'outOfRange' });
    const d = verifyReadings([rd('o0', 100), rd('o1', 110), rd('o2', 90)], ex, 100, 1000, VP);
    expect(d).toMatchObject({ passed: false, attribution: 'disagreement' });
    expect(d.faulty).toEqual(['o1', 'o2']);
  });
  it('accepts only batches signed by a registered oracle', () => {
    const { s, keys } = world();
    const batch = { oracle: 'oracle:0', slot: 1, readings: [rd('oracle:0', 5)] };
    expect(acceptBatch(s.registry, { ...batch, signature: signText(keys.get('oracle:0')!, canonicalBatch(batch)) })).toEqual({ ok: true });
    expect(acceptBatch(s.registry, { ...batch, signature: signText(deriveKeyPair(3, 'x').privateKey, canonicalBatch(batch)) })).toEqual({ ok: false, detail: 'badSignature' });
    expect(acceptBatch(s.registry, { ...batch, signature: undefined })).toEqual({ ok: false, detail: 'missingSignature' });
    const rogue = { oracle: 'oracle:9', slot: 1, readings: [] };
    expect(acceptBatch(s.registry, { ...rogue, signature: signText(keys.get('oracle:0')!, canonicalBatch(rogue)) })).toEqual({ ok: false, detail: 'unregisteredOracle' });
    const vpBatch = { oracle: 'A', slot: 1, readings: [] };
    expect(acceptBatch(s.registry, { ...vpBatch, signature: signText(keys.get('A')!, canonicalBatch(vpBatch)) })).toEqual({ ok: false, detail: 'unregisteredOracle' });
  });
});

function registered(quantity = 1000) {
  const w = world();
  book(w.s, 2, { A: 5000 }, { B: 5000 });
  const [r] = registerBundle(w.s, signBundle({ signer: 'A', nonce: 1, t: 0, requests: [req({ quantity, price: 0.1 })] }, w.keys.get('A')!), inWindow(2));
  if (!r.ok) throw new Error('fixture');
  return { ...w, trade: r.trade };
}

describe('Alg. 4 settlement', () => {
  it('pays price x min(delivered, committed) minus the under-delivery penalty, releases escrow and locks', () => {
    const { s, trade } = registered();
    const r = settleTrade(s, trade, { passed: true, value: 950, used: ['o0', 'o1'], faulty: [] }, 20000, SP);
    expect(r.success).toBe(true);
    expect(r.penalty).toBeCloseTo(0.05 * 0.1 * 50, 9);
    expect(r.payment).toBeCloseTo(0.1 * 950 - 0.25, 9);
    expect(r.events.map((e) => e.type)).toEqual(['VerificationPassed', 'SettlementSucceeded', 'QuantityUnlocked']);
    expect(remainingEnvelope(s, 'A', 2, 'flexibility')).toBe(5000);
    expect(s.escrowHeld.get('B')).toBeCloseTo(0, 9);
    expect(s.reputation.get('A')).toBeCloseTo(0.9 + 0.1 * 0.95, 9);
  });
  it('charges over-delivery beyond tolerance', () => {
    const { s, trade } = registered();
    const r = settleTrade(s, trade, { passed: true, value: 1100, used: [], faulty: [] }, 20000, SP);
    expect(r.penalty).toBeCloseTo(0.02 * 0.1 * 80, 9);
    expect(r.payment).toBeCloseTo(100 - 0.16, 9);
  });
  it('fails on under-delivery below the minimum ratio, on verification failure, and on a rule change', () => {
    const a = registered();
    expect(settleTrade(a.s, a.trade, { passed: true, value: 800, used: [], faulty: [] }, 20000, SP)).toMatchObject({ success: false, rootCause: 'underDelivery', payment: 0 });
    expect(a.s.reputation.get('A')).toBeCloseTo(0.9, 9);
    const b = registered();
    expect(settleTrade(b.s, b.trade, { passed: false, attribution: 'timeout', faulty: ['o1'] }, 20000, SP)).toMatchObject({ success: false, rootCause: 'verification' });
    const c = registered();
    c.s.rules = applyRuleChange(c.s.rules, { t: 0, jurisdiction: 'NA', set: { export: ['balancing'] } });
    const rc = settleTrade(c.s, c.trade, { passed: true, value: 1000, used: [], faulty: [] }, 20000, SP);
    expect(rc).toMatchObject({ success: false, rootCause: 'regulatory:exportBan' });
    expect(rc.events.at(-1)!.type).toBe('QuantityUnlocked');
    expect(remainingEnvelope(c.s, 'A', 2, 'flexibility')).toBe(5000);
  });
});
