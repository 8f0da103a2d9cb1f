import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeKpis, type Ev } from '../../src/kpi/index.js';
import { concentration } from '../../src/kpi/economics.js';
import { gvpSchema } from '../../src/models/gvp/schema.js';
import { runGvpWorld } from '../../src/models/gvp/run.js';
import { expectConsistent } from './invariants.js';

let seq = 0;
const ev = (type: string, o: Record<string, unknown> = {}): Ev => ({ seq: seq++, block: 1, t: seq, type, ...o }) as Ev;

/** A hand-made log: one request of 1000 kWh, 100 unallocated, two trades (one short, one failing). */
function log(): Ev[] {
  seq = 0;
  const b = { service: 'flexibility', slot: 0, consumer: 'B' };
  return [
    ev('DemandRequested', { ...b, quantity: 1000, price: 0.12 }),
    ev('DemandUnallocated', { ...b, quantity: 100 }),
    ev('TradeRegistered', { ...b, tradeId: 'T1', provider: 'A', quantity: 500, price: 0.1, cost: 0.04, fee: 0.004, bid: 0.12 }),
    ev('TradeRejected', { ...b, provider: 'C', quantity: 150, reason: 'admissibility', detail: 'exportBan' }),
    ev('TradeRegistered', { ...b, tradeId: 'T2', provider: 'D', quantity: 250, price: 0.1, cost: 0.05, fee: 0, bid: 0.12 }),
    ev('DelegationShortfall', { ...b, tradeId: 'T1', quantity: 80 }),
    ev('AssignmentFailed', { ...b, tradeId: 'T1', quantity: 30 }),
    ev('VerificationPassed', { ...b, tradeId: 'T1', quantity: 500, delivered: 460 }),
    ev('SettlementSucceeded', { ...b, tradeId: 'T1', quantity: 500, delivered: 460, payment: 45.9, penalty: 0.2 }),
    ev('QuantityUnlocked', { ...b, tradeId: 'T1', quantity: 500 }),
    ev('VerificationFailed', { ...b, tradeId: 'T2', quantity: 250, attribution: 'timeout', oracles: ['oracle:1', 'oracle:2'] }),
    ev('SettlementFailed', { ...b, tradeId: 'T2', quantity: 250, rootCause: 'verification', payment: 0, penalty: 0 }),
    ev('QuantityUnlocked', { ...b, tradeId: 'T2', quantity: 250 }),
  ];
}

describe('KPI engine on a hand-made log', () => {
  it('decomposes the shortfall exactly', () => {
    const k = computeKpis(log(), null);
    expect(k.K3).toMatchObject({ total: 540, byCause: { unallocated: 100, rejected: 150, delegationUncovered: 30, underDelivered: 10, verificationFailed: 250, nonCompliant: 0 } });
    expect(k.K2).toMatchObject({ requested_kwh: 1000, registered_kwh: 750, verifiedDelivered_kwh: 460, coverage: 0.46 });
    expect(k.K10).toMatchObject({ committedFlexibility_kwh: 750, verifiedFlexibility_kwh: 460 });
    expect(k.K6).toMatchObject({ attempted: 3, rejected: 1, byReason: { admissibility: 1 } });
    expect(k.K7).toMatchObject({ attempted: 2, succeeded: 1, successRate: 0.5, byRootCause: { verification: 1 } });
    expect(k.K8).toMatchObject({ verifications: 2, failed: 1, failureRate: 0.5, byAttribution: { timeout: 1 }, byOracle: { 'oracle:1': 1, 'oracle:2': 1 } });
    expect(k.K1).toMatchObject({ tradedValue_mu: 75, payments_mu: 45.9, penalties_mu: 0.2, welfare_mu: Math.round((0.12 - 0.04 - 0.004) * 460 * 100) / 100 });
    expectConsistent(k);
  });

  it('without a ledger no trade is traceable (K9 can fail)', () => {
    const k = computeKpis(log(), null);
    expect(k.K9).toMatchObject({ traceabilityRatio: 0, registeredTrades: 2, traceableTrades: 0 });
  });

  it('K4 uses the allocation records when present, else registered quantities', () => {
    expect((computeKpis(log(), null).K4 as any).flexibility).toMatchObject({ providers: 2, topShare: 0.666667 });
    const withAlloc = [...log(), ev('AllocationCleared', { service: 'flexibility', slot: 0, quantity: 900, matches: [['A', 'B', 500], ['C', 'B', 150], ['D', 'B', 250]] })];
    expect((computeKpis(withAlloc, null).K4 as any).flexibility).toMatchObject({ providers: 3, topShare: 0.555556 });
  });

  it('concentration: HHI, Gini and top share', () => {
    expect(concentration([50, 50])).toMatchObject({ hhi: 0.5, gini: 0, topShare: 0.5 });
    expect(concentration([100, 0, 0, 0])).toMatchObject({ hhi: 1, topShare: 1, gini: 0.75 });
  });
});

const ARCH = [
  { flexibility: { envelope_kwh: 4000, cost_mu_per_kwh: 0.04 }, certificates: { demand_kwh: 1500, wtp_mu_per_kwh: 0.04 } },
  { flexibility: { demand_kwh: 3000, wtp_mu_per_kwh: 0.12 }, balancing: { envelope_kwh: 2500, cost_mu_per_kwh: 0.05 } },
  { certificates: { envelope_kwh: 3000, cost_mu_per_kwh: 0.01 }, balancing: { demand_kwh: 2500, wtp_mu_per_kwh: 0.11 } },
];

describe('KPI invariants under random scenarios (property test)', () => {
  it('K3 parts sum to the total, K2/K10 agree with K3, K9 = 100% without faults', async () => {
    let withShortfalls = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 1e6 }),
          vps: fc.integer({ min: 2, max: 6 }),
          slots: fc.integer({ min: 2, max: 5 }),
          forecastErrorSd: fc.integer({ min: 0, max: 300 }).map((x) => x / 1000),
          deliveryDeviationSd: fc.integer({ min: 0, max: 100 }).map((x) => x / 1000),
          failureProb: fc.integer({ min: 0, max: 400 }).map((x) => x / 1000),
          noiseSd: fc.integer({ min: 0, max: 30 }).map((x) => x / 1000),
          ban: fc.boolean(),
          cap: fc.integer({ min: 0, max: 5000 }),
        }),
        async (p) => {
          const sc = gvpSchema.parse({
            name: 'prop',
            model: 'gvp',
            seed: p.seed,
            gvp: {
              horizon: { slots: p.slots },
              jurisdictions: {
                X: { export: ['balancing', 'flexibility', 'certificates'], import: ['balancing', 'flexibility', 'certificates'], crossBorderCap_kwh: p.cap },
                Y: { export: p.ban ? ['balancing'] : ['balancing', 'flexibility', 'certificates'], import: ['balancing', 'flexibility', 'certificates'], recognizes: ['Y'] },
              },
              vps: Array.from({ length: p.vps }, (_, i) => ({ id: `V${i}`, jurisdiction: i % 2 ? 'Y' : 'X', identity: {}, services: ARCH[i % 3] })),
              uncertainty: { forecastErrorSd: p.forecastErrorSd, deliveryDeviationSd: p.deliveryDeviationSd },
              oracles: { failureProb: p.failureProb, noiseSd: p.noiseSd },
              ruleChanges: p.ban ? [{ atSlot: 1.2, jurisdiction: 'X', set: { export: ['balancing'] } }] : [],
            },
          });
          const r = await runGvpWorld(sc.gvp, p.seed);
          const k = computeKpis(r.events as unknown as Ev[], r.ledgerLines);
          expectConsistent(k);
          // the in-run K9 (the chain's own bookkeeping) equals the re-check from the ledger lines
          expect(computeKpis(r.events as unknown as Ev[], r.committed).K9).toEqual(k.K9);
          const b = (k.K3 as { byCause: Record<string, number> }).byCause;
          if (b.underDelivered + b.verificationFailed + b.delegationUncovered > 0) withShortfalls++;
          expect((k.K9 as { traceabilityRatio: number | null }).traceabilityRatio ?? 1).toBe(1);
        }
      ),
      { numRuns: 12, seed: 3 }
    );
    expect(withShortfalls).toBeGreaterThan(3);
  });
});
