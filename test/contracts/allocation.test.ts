import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocate, type Offer, type Request } from '../../src/contracts/allocation.js';
import { assignPartners, candidatePool } from '../../src/contracts/assignment.js';
import { pairAdmissible } from '../../src/contracts/regulation.js';
import { qkey } from '../../src/contracts/state.js';
import { createLpSolver, LpModel, type LpSolver } from '../../src/optim/lp.js';
import { book, rules, world } from './fixtures.js';

let solver: LpSolver;
beforeAll(async () => {
  solver = await createLpSolver('highs');
});

const J = ['NA', 'EU', 'AF'];

/** The plain bilateral welfare LP (one variable per admissible provider-consumer pair). */
function bilateralWelfare(offers: Offer[], requests: Request[], fee: number): number {
  const lp = new LpModel('max');
  const t = rules();
  const cols: { p: number; k: number; c: number }[] = [];
  offers.forEach((o, p) =>
    requests.forEach((r, k) => {
      if (o.vp === r.vp || !pairAdmissible(t, 'flexibility', o.jurisdiction, r.jurisdiction, false).ok) return;
      cols.push({ p, k, c: lp.addVar({ cost: r.wtp - o.cost - (o.jurisdiction === r.jurisdiction ? 0 : fee) }) });
    })
  );
  offers.forEach((o, p) => lp.addConstraint(cols.filter((x) => x.p === p).map((x) => x.c), cols.filter((x) => x.p === p).map(() => 1), { ub: o.quantity }));
  requests.forEach((r, k) => lp.addConstraint(cols.filter((x) => x.k === k).map((x) => x.c), cols.filter((x) => x.k === k).map(() => 1), { ub: r.quantity }));
  for (const j of J) {
    const cap = t.jurisdictions[j].crossBorderCapKwh;
    if (cap === Infinity) continue;
    const cc = cols.filter((x) => offers[x.p].jurisdiction === j && requests[x.k].jurisdiction !== j);
    lp.addConstraint(cc.map((x) => x.c), cc.map(() => 1), { ub: cap });
  }
  const res = solver.solve(lp);
  return res.objective;
}

const arbOffer = fc.record({ j: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 0, max: 900 }), cost: fc.integer({ min: 1, max: 9 }) });
const arbReq = fc.record({ j: fc.integer({ min: 0, max: 2 }), q: fc.integer({ min: 0, max: 900 }), wtp: fc.integer({ min: 1, max: 14 }) });

describe('allocation LP (hub form)', () => {
  it('reaches the bilateral LP optimum and respects envelopes, requests, admissibility and caps', () => {
    fc.assert(
      fc.property(fc.array(arbOffer, { minLength: 1, maxLength: 6 }), fc.array(arbReq, { minLength: 1, maxLength: 6 }), (os, rs) => {
        const offers: Offer[] = os.map((o, i) => ({ vp: `P${i}`, jurisdiction: J[o.j], quantity: o.q, cost: o.cost / 100 }));
        const requests: Request[] = rs.map((r, i) => ({ vp: `C${i}`, jurisdiction: J[r.j], quantity: r.q, wtp: r.wtp / 100 }));
        const fee = 0.004;
        const res = allocate({ service: 'flexibility', slot: 0, offers, requests, rules: rules(), capUsage: new Map(), feePerKwh: fee, checkRecognition: false }, solver);
        const best = bilateralWelfare(offers, requests, fee);
        // integer rounding loses at most 1 kWh per provider-hub flow and per consumer
        const slack = (offers.length * 3 + requests.length) * 0.2;
        expect(res.welfare).toBeLessThanOrEqual(best + 1e-6);
        expect(res.welfare).toBeGreaterThanOrEqual(best - slack);
        const sold = new Map<string, number>();
        const bought = new Map<string, number>();
        let euExport = 0;
        for (const m of res.matches) {
          expect(Number.isInteger(m.quantity) && m.quantity > 0).toBe(true);
          sold.set(m.provider, (sold.get(m.provider) ?? 0) + m.quantity);
          bought.set(m.consumer, (bought.get(m.consumer) ?? 0) + m.quantity);
          const jp = offers.find((o) => o.vp === m.provider)!.jurisdiction;
          const jc = requests.find((r) => r.vp === m.consumer)!.jurisdiction;
          expect(pairAdmissible(rules(), 'flexibility', jp, jc, false).ok).toBe(true);
          if (jp === 'EU' && jc !== 'EU') euExport += m.quantity;
          const bid = requests.find((r) => r.vp === m.consumer)!.wtp;
          expect(m.price).toBeLessThanOrEqual(bid + 1e-9);
          expect(m.price).toBeGreaterThanOrEqual(m.cost + m.fee - 1e-9);
        }
        for (const o of offers) expect(sold.get(o.vp) ?? 0).toBeLessThanOrEqual(o.quantity);
        for (const r of requests) expect((bought.get(r.vp) ?? 0) + (res.unallocated.find((u) => u.vp === r.vp)?.quantity ?? 0)).toBe(r.quantity);
        expect(euExport).toBeLessThanOrEqual(500);
      }),
      { numRuns: 40, seed: 7 }
    );
  });
});

describe('Alg. 3 partner assignment', () => {
  it('greedy fill equals the least-cost LP and respects spare, reputation and admissibility', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ j: fc.integer({ min: 0, max: 2 }), spare: fc.integer({ min: 0, max: 300 }), cost: fc.integer({ min: 1, max: 9 }), rep: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1200 }),
        (cands, shortfall) => {
          const { s } = world();
          const offers = cands.map((c, i) => ({ vp: `P${i}`, jurisdiction: J[c.j], cost: c.cost / 100 }));
          cands.forEach((c, i) => {
            s.jurisdictionOf.set(`P${i}`, J[c.j]);
            s.envelope.set(qkey(`P${i}`, 2, 'flexibility'), c.spare);
            s.reputation.set(`P${i}`, c.rep);
          });
          book(s, 2, { A: 0 }, {});
          const trade = { tradeId: 'T1', service: 'flexibility' as const, slot: 2, provider: 'A', consumer: 'B', quantity: shortfall, price: 0.1, cost: 0.04, fee: 0, status: 'registered' as const, registeredAt: 0, escrow: 0, delegatedCovered: 0, partnerCovered: 0, uncovered: 0, partners: [] };
          const fee = 0.004;
          const res = assignPartners(s, trade, shortfall, candidatePool(offers), { reputationThreshold: 0.6, feePerKwh: fee }, 0);
          // reference: the LP over eligible partners (EU consumer: every jurisdiction may export flexibility except EU->EU is domestic)
          const lp = new LpModel('min');
          const cols = cands.map((c, i) => {
            const ok = c.rep >= 0.6 && pairAdmissible(rules(), 'flexibility', J[c.j], 'EU').ok;
            return lp.addVar({ ub: ok ? c.spare : 0, cost: c.cost / 100 + (J[c.j] === 'EU' ? 0 : fee) - 10 });
          });
          lp.addConstraint(cols, cols.map(() => 1), { ub: shortfall });
          const ref = solver.solve(lp);
          const got = res.assigned.reduce((a, x) => a + (x.cost - 10) * x.quantity, 0);
          expect(res.covered).toBe(Math.round(ref.x.reduce((a, b) => a + b, 0)));
          expect(got).toBeCloseTo(ref.objective, 6);
          expect(res.covered + res.uncovered).toBe(shortfall);
          for (const a of res.assigned) {
            const i = Number(a.partner.slice(1));
            expect(cands[i].rep).toBeGreaterThanOrEqual(0.6);
            expect(a.quantity).toBeLessThanOrEqual(cands[i].spare);
          }
          expect(res.events.filter((e) => e.type === 'PartnerAssigned').length).toBe(res.assigned.length);
          expect(res.events.some((e) => e.type === 'AssignmentFailed')).toBe(res.uncovered > 0);
        }
      ),
      { numRuns: 60, seed: 11 }
    );
  });
});
