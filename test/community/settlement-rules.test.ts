// Penalties, fallbacks, state channels, collateral and carbon rules of the community contract.
import { describe, expect, it } from 'vitest';
import { deriveKeyPair } from '../../src/contracts/identity.js';
import { batchRoot, cosign, resolveDispute, verifyState, type ChannelState } from '../../src/community/channel.js';
import { Escrow } from '../../src/community/escrow.js';
import { checkReadings, MissTracker, PriceFilter, resolveWithThird } from '../../src/community/fallback.js';
import { deliveryPenalty } from '../../src/community/penalties.js';
import { TokenError, TokenRegistry, v2gSessionToken } from '../../src/community/carbon.js';
import { merkleRoot, sha256Hex } from '../../src/ledger/hash.js';

describe('penalties', () => {
  it('5% of spot per kWh under-delivered, 2% per kWh over-delivered', () => {
    const r = { under: 0.05, over: 0.02 };
    // traded 10 of a declared 12: delivering 7 is 3 under; delivering 11 is inside the declaration
    expect(deliveryPenalty(10, 12, 7, 0.2, r)).toEqual({ under_kwh: 3, over_kwh: 0, under_mu: 0.05 * 0.2 * 3, over_mu: 0 });
    expect(deliveryPenalty(10, 12, 11, 0.2, r)).toEqual({ under_kwh: 0, over_kwh: 0, under_mu: 0, over_mu: 0 });
    const o = deliveryPenalty(10, 12, 14.5, 0.2, r);
    expect(o.over_kwh).toBeCloseTo(2.5, 12);
    expect(o.over_mu).toBeCloseTo(0.02 * 0.2 * 2.5, 12);
    // no trade, no contract, no penalty
    expect(deliveryPenalty(0, 5, 9, 0.2, r).over_mu).toBe(0);
  });
});

describe('meter fallbacks', () => {
  it('two readings more than 2% apart dispute; a third reading resolves with the median', () => {
    expect(checkReadings({ a: 10, b: 10.15 }, 0.02)).toMatchObject({ status: 'verified' });
    expect(checkReadings({ a: 10, b: 10.3 }, 0.02)).toMatchObject({ status: 'disputed' });
    expect(resolveWithThird({ a: 10, b: 10.3 }, 10.02)).toBe(10.02);
    expect(resolveWithThird({ a: 10, b: 12 }, 13)).toBe(12);
  });

  it('sequence: 1 miss deferred, 2 derated by 10%, 4 removed and flagged', () => {
    const m = new MissTracker({ derateAfter: 2, derate: 0.1, removeAfter: 4 });
    expect(m.miss('x')).toEqual({ kind: 'deferred', misses: 1 });
    expect(m.miss('x')).toEqual({ kind: 'derated', misses: 2, factor: 0.9, remove: false });
    expect(m.miss('x')).toEqual({ kind: 'derated', misses: 3, factor: 0.9, remove: false });
    expect(m.removed.has('x')).toBe(false);
    expect(m.miss('x')).toEqual({ kind: 'derated', misses: 4, factor: 0.9, remove: true });
    expect(m.removed.has('x')).toBe(true);
    expect(m.hit('x')).toBe(4);
    expect(m.miss('x')).toEqual({ kind: 'deferred', misses: 1 });
  });

  it('price feed: a value outside 2 sigma is replaced by the last valid one', () => {
    const f = new PriceFilter({ window: 8, sigmas: 2, minSigma: 0.001, minHistory: 4, maxConsecutive: 2 });
    for (const v of [0.1, 0.11, 0.1, 0.105]) expect(f.push(v).replaced).toBe(false);
    const spike = f.push(0.9);
    expect(spike).toMatchObject({ replaced: true, value: 0.105 });
    expect(f.push(0.104)).toMatchObject({ replaced: false, value: 0.104 });
    // a level shift: replaced twice, then taken
    expect(f.push(0.3).replaced).toBe(true);
    expect(f.push(0.3).replaced).toBe(true);
    expect(f.push(0.3)).toMatchObject({ replaced: false, value: 0.3 });
  });
});

describe('state channels', () => {
  const p = deriveKeyPair(1, 'p:1');
  const g = deriveKeyPair(1, 'aggregator');
  const s = (nonce: number, imp: number): ChannelState => ({ channel: 'ch:p:1', nonce, cumImport_kwh: imp, cumExport_kwh: 0 });

  it('a stale state loses to a newer one and its submitter is penalized', () => {
    const old = cosign(s(3, 1.2), p.privateKey, g.privateKey);
    const cur = cosign(s(7, 2.5), p.privateKey, g.privateKey);
    const r = resolveDispute([{ submitter: 'p:1', signed: old }, { submitter: 'aggregator', signed: cur }], p.publicKey, g.publicKey);
    expect(r.kind).toBe('resolved');
    if (r.kind !== 'resolved') return;
    expect(r.winner.signed.state.nonce).toBe(7);
    expect(r.penalized).toEqual([{ submitter: 'p:1', reason: 'stale' }]);
  });

  it('a forged state is rejected and penalized; no valid state at all freezes both', () => {
    const cur = cosign(s(7, 2.5), p.privateKey, g.privateKey);
    const forged = { ...cur, state: { ...cur.state, nonce: 9, cumImport_kwh: 0.1 } };
    expect(verifyState(forged, p.publicKey, g.publicKey)).toBe(false);
    const r = resolveDispute([{ submitter: 'p:1', signed: forged }, { submitter: 'aggregator', signed: cur }], p.publicKey, g.publicKey);
    expect(r).toMatchObject({ kind: 'resolved', penalized: [{ submitter: 'p:1', reason: 'badSignature' }] });
    const self = cosign(s(9, 0.1), p.privateKey, p.privateKey); // signed twice by the participant
    expect(resolveDispute([{ submitter: 'p:1', signed: self }], p.publicKey, g.publicKey)).toMatchObject({ kind: 'noValidState' });
  });

  it('the batch root is the Merkle root of the state leaves', () => {
    const states = [s(1, 1), s(2, 2), s(3, 3)];
    expect(batchRoot(states)).toBe(merkleRoot(states.map((x) => sha256Hex(JSON.stringify([x.channel, x.nonce, x.cumImport_kwh, x.cumExport_kwh])))));
  });
});

describe('collateral', () => {
  const params = { marginCall: 1.5, marginDeadline_s: 1800, liquidationShare: 0.2, topUpTarget: 2 };

  it('partial fill up to what the collateral covers', () => {
    const e = new Escrow(params);
    e.open('s', 0, 0.3, 0.15);
    const g = e.gate();
    const ask = { id: 'a', participant: 's', side: 'sell' as const, qty_kwh: 100, price_mu_per_kwh: 0.2, t_s: 0, reputation: 0.5 };
    expect(g.cap(ask, 0.2)).toBeCloseTo(0.3 / (0.15 * 0.2), 9); // 10 kWh
  });

  it('margin call below 150%, restored by a top-up; liquidation after 30 min without one', () => {
    const e = new Escrow(params);
    e.open('a', 1, 0.1, 0.15);
    e.open('b', 0, 0.1, 0.15);
    e.lock('a', 't1', 5, 3, 0.2);
    e.lock('b', 't1', 5, 3, 0.2);
    e.lock('b', 't2', 6, 1, 0.2);
    // required at the matching spot: a 0.09, b 0.12; posted 0.1 < 1.5 x required
    const calls = e.checkMargins(100, 0.2, () => false);
    expect(calls.map((c) => [c.kind, c.participant])).toEqual([['marginCall', 'a'], ['marginCall', 'b']]);
    expect(e.topUp('a', 0.2)).toBeCloseTo(2 * 0.09 - 0.1, 12);
    const next = e.checkMargins(1000, 0.2, () => false);
    expect(next.map((c) => [c.kind, c.participant])).toEqual([['marginRestored', 'a']]);
    const late = e.checkMargins(1900, 0.2, (k) => k <= 5);
    expect(late).toHaveLength(1);
    const l = late[0];
    if (l.kind !== 'liquidation') throw new Error('expected a liquidation');
    expect(l.cancelled).toEqual(['t2']);
    expect(l.amount_mu).toBeCloseTo(0.2 * 0.09, 12);
    expect(e.insurancePool_mu).toBeCloseTo(0.2 * 0.09, 12);
  });
});

describe('carbon tokens', () => {
  it('minted never exceeds verified RES energy; retired tokens do not move; no kWh twice', () => {
    const r = new TokenRegistry();
    const m1 = r.mint('p', 3, 18, 2.5, 3.0, 0)!;
    expect(m1.batch.wh).toBe(2500);
    const m2 = r.mint('p', 3, 18, 2.0, 3.0, 0)!;
    expect(m2.batch.wh).toBe(500);
    expect(r.mint('p', 3, 18, 1, 3.0, 0)).toBeNull();
    const t = r.transfer(m1.batch.id, 'p', 'q', 1000);
    r.retire(t.batch.id, 'q');
    expect(() => r.transfer(t.batch.id, 'q', 'z', 1000)).toThrow(TokenError);
    expect(() => r.retire(t.batch.id, 'q')).toThrow(TokenError);
    expect(() => r.transfer(m1.batch.id, 'p', 'q', 2000)).toThrow(TokenError);
  });

  it('V2G displacement factor and net reduction', () => {
    const tok = v2gSessionToken([{ kwh: 10, intensity_kg_per_mwh: 200 }], [{ kwh: 4, intensity_kg_per_mwh: 500 }, { kwh: 4, intensity_kg_per_mwh: 400 }], 0.9);
    expect(tok.dischargeIntensity_kg_per_mwh).toBe(450);
    expect(tok.displacementFactor_kg_per_mwh).toBeCloseTo(450 - 200 / 0.9, 9);
    expect(tok.netReduction_kg).toBeCloseTo(((450 - 200 / 0.9) * 8) / 1000, 9);
  });
});
