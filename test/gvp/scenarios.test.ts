// The four GVP scenarios end to end (files not written): the acceptance properties of each.
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/models/run-scenario.js';
import { expectConsistent } from '../kpi/invariants.js';
import type { Kpis } from '../../src/kpi/index.js';

type O = Record<string, any>;
const K: Record<string, O> = {};

beforeAll(async () => {
  for (const s of ['s1', 's2', 's3', 's4']) {
    const r = await runScenarioFile(`scenarios/gvp/${s}.yaml`, { quiet: true, noWrite: true });
    K[s] = r.summary.kpis as O;
  }
}, 240_000);

describe('GVP scenarios S1-S4', () => {
  it('S1: every settlement succeeds, no rejection', () => {
    expect(K.s1.K7.successRate).toBe(1);
    expect(K.s1.K7.attempted).toBeGreaterThan(100);
    expect(K.s1.K6.rejected).toBe(0);
    expect(K.s1.K8.failed).toBe(0);
  });

  it('S2: rejections by reason (regulatory and security) while every settled trade succeeds', () => {
    expect(K.s2.K6.rejected).toBeGreaterThan(0);
    expect(K.s2.K6.byReason.admissibility).toBeGreaterThan(0);
    expect(K.s2.K6.byDetail['identity:kycExpired']).toBeGreaterThan(0);
    expect(K.s2.K6.byDetail['identity:badSignature']).toBeGreaterThan(0);
    expect(K.s2.K6.byDetail['identity:replay']).toBeGreaterThan(0);
    expect(K.s2.K6.byReason.quantity).toBeGreaterThan(0);
    expect(K.s2.K8.reportsRejected).toBeGreaterThan(0);
    expect(K.s2.K7.successRate).toBe(1);
  });

  it('S3: delegation shortfalls, partner assignments and attributed oracle failures', () => {
    expect(K.s3.K5.byStage.delegation.DelegationShortfall).toBeGreaterThan(0);
    expect(K.s3.K5.byStage.assignment.PartnerAssigned).toBeGreaterThan(0);
    expect(K.s3.K8.failed).toBeGreaterThan(0);
    const attributed = Object.values(K.s3.K8.byAttribution as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(attributed).toBe(K.s3.K8.failed);
    expect(Object.keys(K.s3.K8.byOracle).length).toBeGreaterThan(0);
    expect(K.s3.K7.successRate).toBeLessThan(1);
  });

  it('S4: settlement success between 90% and 96%, with regulatory, verification and delivery failures', () => {
    expect(K.s4.K7.successRate).toBeGreaterThanOrEqual(0.9);
    expect(K.s4.K7.successRate).toBeLessThanOrEqual(0.96);
    const rc = Object.keys(K.s4.K7.byRootCause);
    expect(rc).toContain('verification');
    expect(rc).toContain('underDelivery');
    expect(rc.some((c) => c.startsWith('regulatory:'))).toBe(true);
    expect(K.s4.K7.nonComplianceRate).toBeGreaterThan(0);
  });

  it('every scenario: K3 parts sum to the total, K2/K10 consistent, K9 = 100%', () => {
    for (const s of ['s1', 's2', 's3', 's4']) {
      expectConsistent(K[s] as Kpis);
      expect(K[s].K9.traceabilityRatio).toBe(1);
      expect(K[s].K9.eventsNotCommitted).toBe(0);
    }
  });
});
