// Market invariants (issue 15 acceptance) as fast-check properties over random order books.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearInterval } from '../../src/community/clear.js';
import { Escrow } from '../../src/community/escrow.js';
import { admitOrder, type RegisteredParticipant } from '../../src/community/orders.js';
import { gridOnlyCost, netCost, settleInterval, type Meter } from '../../src/community/settle.js';
import type { Mechanism, Order } from '../../src/community/types.js';

const RETAIL = 0.3, FEED = 0.05, FEE = 0.004;

const orderArb = (i: number) =>
  fc.record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    qty: fc.double({ min: 0.01, max: 5, noNaN: true }),
    price: fc.double({ min: FEED, max: RETAIL - FEE, noNaN: true }),
    rep: fc.constantFrom(0, 0.25, 0.5, 0.75, 1),
    t: fc.integer({ min: 0, max: 600 }),
  }).map((r) => ({ id: `o${i}`, participant: `p${i}`, side: r.side, qty_kwh: r.qty, price_mu_per_kwh: r.price, reputation: r.rep, t_s: r.t }) satisfies Order);

const bookArb = fc.integer({ min: 0, max: 24 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => orderArb(i))));
const mechArb = fc.constantFrom<Mechanism>('spot', 'uniform', 'pay-as-bid', 'cda');
const spotArb = fc.double({ min: FEED, max: RETAIL - FEE, noNaN: true });

const schedules = (book: Order[]) => new Map(book.map((o) => [o.participant, { side: o.side, qty_kwh: o.qty_kwh }]));

function clear(m: Mechanism, book: Order[], spot: number, gate?: ReturnType<Escrow['gate']>) {
  const orders = m === 'cda' ? [...book].sort((a, b) => a.t_s - b.t_s || (a.id < b.id ? -1 : 1)) : book;
  return clearInterval(m, orders, { spot_mu_per_kwh: spot, t_s: 0, gate });
}

describe('market invariants', () => {
  it('no trade has a bid below the ask; volumes never exceed the orders', () => {
    fc.assert(
      fc.property(mechArb, bookArb, spotArb, (m, book, spot) => {
        const r = clear(m, book, spot);
        const by = new Map(book.map((o) => [o.id, o]));
        const filled = new Map<string, number>();
        for (const t of r.trades) {
          const b = by.get(t.buyOrder)!, a = by.get(t.sellOrder)!;
          expect(b.side).toBe('buy');
          expect(a.side).toBe('sell');
          expect(b.price_mu_per_kwh).toBeGreaterThanOrEqual(a.price_mu_per_kwh);
          expect(t.price_mu_per_kwh).toBeLessThanOrEqual(b.price_mu_per_kwh + 1e-12);
          expect(t.price_mu_per_kwh).toBeGreaterThanOrEqual(a.price_mu_per_kwh - 1e-12);
          expect(t.qty_kwh).toBeGreaterThan(0);
          filled.set(b.id, (filled.get(b.id) ?? 0) + t.qty_kwh);
          filled.set(a.id, (filled.get(a.id) ?? 0) + t.qty_kwh);
        }
        for (const [id, q] of filled) expect(q).toBeLessThanOrEqual(by.get(id)!.qty_kwh + 1e-9);
      })
    );
  });

  it('uniform: one price between the marginal accepted bid and ask', () => {
    fc.assert(
      fc.property(bookArb, (book) => {
        const r = clear('uniform', book, 0.1);
        if (r.trades.length === 0) return;
        const by = new Map(book.map((o) => [o.id, o]));
        const p = r.price_mu_per_kwh!;
        for (const t of r.trades) expect(t.price_mu_per_kwh).toBe(p);
        const minBid = Math.min(...r.trades.map((t) => by.get(t.buyOrder)!.price_mu_per_kwh));
        const maxAsk = Math.max(...r.trades.map((t) => by.get(t.sellOrder)!.price_mu_per_kwh));
        expect(p).toBeLessThanOrEqual(minBid);
        expect(p).toBeGreaterThanOrEqual(maxAsk);
        // no unmatched bid above p faces an unmatched ask below p (the market cleared)
        const openBid = book.filter((o) => o.side === 'buy' && (r.unmatched.get(o.id) ?? 0) > 1e-9 && o.price_mu_per_kwh > p);
        const openAsk = book.filter((o) => o.side === 'sell' && (r.unmatched.get(o.id) ?? 0) > 1e-9 && o.price_mu_per_kwh < p);
        expect(openBid.length === 0 || openAsk.length === 0).toBe(true);
      })
    );
  });

  it('budget balance: what buyers pay = what sellers receive + operator fees', () => {
    fc.assert(
      fc.property(mechArb, bookArb, spotArb, fc.array(fc.double({ min: 0, max: 1.5, noNaN: true }), { minLength: 24, maxLength: 24 }), (m, book, spot, scale) => {
        const r = clear(m, book, spot);
        const meters = new Map<string, Meter>();
        book.forEach((o, i) => meters.set(o.participant, o.side === 'buy' ? { import_kwh: o.qty_kwh * scale[i], export_kwh: 0 } : { import_kwh: 0, export_kwh: o.qty_kwh * scale[i] }));
        const s = settleInterval(r.trades, meters, schedules(book), { retail_mu_per_kwh: RETAIL, feedIn_mu_per_kwh: FEED, spot_mu_per_kwh: spot, fee_mu_per_kwh: FEE }, { under: 0.05, over: 0.02 });
        const paid = s.parties.reduce((a, p) => a + p.p2pPaid_mu + p.fee_mu, 0);
        const received = s.parties.reduce((a, p) => a + p.p2pReceived_mu, 0);
        const fees = s.parties.reduce((a, p) => a + p.fee_mu, 0);
        expect(paid).toBeCloseTo(received + fees, 9);
        const inP2p = s.parties.reduce((a, p) => a + p.p2pIn_kwh, 0);
        const outP2p = s.parties.reduce((a, p) => a + p.p2pOut_kwh, 0);
        expect(inP2p).toBeCloseTo(outP2p, 9);
      })
    );
  });

  it('individual rationality in uniform and spot: nobody pays more than grid-only for the same metered energy', () => {
    fc.assert(
      fc.property(fc.constantFrom<Mechanism>('uniform', 'spot'), bookArb, spotArb, (m, book, spot) => {
        const r = clear(m, book, spot);
        // metered energy = the order volumes (the forecast came true)
        const meters = new Map<string, Meter>(book.map((o) => [o.participant, o.side === 'buy' ? { import_kwh: o.qty_kwh, export_kwh: 0 } : { import_kwh: 0, export_kwh: o.qty_kwh }]));
        const tariffs = { retail_mu_per_kwh: RETAIL, feedIn_mu_per_kwh: FEED, spot_mu_per_kwh: spot, fee_mu_per_kwh: FEE };
        const s = settleInterval(r.trades, meters, schedules(book), tariffs, { under: 0.05, over: 0.02 });
        for (const p of s.parties) {
          expect(p.under_mu + p.over_mu).toBeLessThan(1e-9);
          expect(netCost(p)).toBeLessThanOrEqual(gridOnlyCost(meters.get(p.participant)!, tariffs) + 1e-9);
        }
      })
    );
  });

  it('collateral: no party locks more than its free collateral (partial fill)', () => {
    fc.assert(
      fc.property(mechArb, bookArb, spotArb, fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: 24, maxLength: 24 }), (m, book, spot, posted) => {
        const esc = new Escrow({ marginCall: 1.5, marginDeadline_s: 1800, liquidationShare: 0.2, topUpTarget: 2 });
        book.forEach((o, i) => esc.open(o.participant, 0, posted[i], 0.15));
        const gate = esc.gate();
        const r = clear(m, book, spot, gate);
        const used = new Map<string, number>();
        for (const t of r.trades) {
          for (const id of [t.buyer, t.seller]) used.set(id, (used.get(id) ?? 0) + 0.15 * t.qty_kwh * t.price_mu_per_kwh);
        }
        book.forEach((o, i) => expect(used.get(o.participant) ?? 0).toBeLessThanOrEqual(posted[i] + 1e-9));
      })
    );
  });

  it('price cap adjusts and flags; device limits reject', () => {
    const reg: RegisteredParticipant = { id: 'p', kycFrom_s: 0, kycUntil_s: 1e9, revoked: false, maxExport_kw: 4, maxImport_kw: 8 };
    fc.assert(
      fc.property(fc.constantFrom('buy' as const, 'sell' as const), fc.double({ min: 0.001, max: 4, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), (side, qty, price, cap) => {
        const a = admitOrder(reg, { participant: 'p', side, qty_kwh: qty, price_mu_per_kwh: price }, { t_s: 10, interval_s: 900, priceCap_mu_per_kwh: cap, removed: new Set() });
        const limit = (side === 'sell' ? 4 : 8) * 0.25;
        if (qty > limit + 1e-9) expect(a).toMatchObject({ ok: false, reason: 'deviceLimit' });
        else if (a.ok) {
          expect(a.price_mu_per_kwh).toBeLessThanOrEqual(cap);
          expect(a.capped).toBe(price > cap);
          expect(a.price_mu_per_kwh).toBe(price > cap ? cap : price);
        } else throw new Error(`unexpected rejection ${a.reason}`);
      })
    );
  });

  it('reputation breaks ties at equal price (periodic auctions)', () => {
    const mk = (id: string, side: 'buy' | 'sell', q: number, p: number, rep: number, t: number): Order => ({ id, participant: id, side, qty_kwh: q, price_mu_per_kwh: p, reputation: rep, t_s: t });
    const book = [mk('s-low', 'sell', 1, 0.1, 0.2, 0), mk('s-high', 'sell', 1, 0.1, 0.9, 5), mk('b', 'buy', 1, 0.2, 0.5, 0)];
    for (const m of ['uniform', 'pay-as-bid', 'spot'] as const) {
      const r = clear(m, book, 0.15);
      expect(r.trades.map((t) => t.seller)).toEqual(['s-high']);
    }
    // the CDA keeps price-time priority: the earlier equal-price ask trades first
    const r = clear('cda', [mk('s-low', 'sell', 1, 0.1, 0.2, 0), mk('s-high', 'sell', 1, 0.1, 0.9, 5), mk('b', 'buy', 1, 0.2, 0.5, 9)], 0.15);
    expect(r.trades.map((t) => [t.seller, t.price_mu_per_kwh])).toEqual([['s-low', 0.1]]);
  });
});
