// KPI invariants shared by the KPI and scenario tests.
import { expect } from 'vitest';
import { SHORTFALL_PARTS } from '../../src/kpi/shortfall.js';
import type { Kpis } from '../../src/kpi/index.js';

type O = Record<string, any>;

/** Reads KPIs as computed (requested_kwh) or as summary.json writes them (requestedKwh). */
function camelView(o: unknown): any {
  if (Array.isArray(o)) return o.map(camelView);
  if (o === null || typeof o !== 'object') return o;
  const out: O = {};
  for (const [k, v] of Object.entries(o)) out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelView(v);
  return out;
}

/** K3 parts sum exactly to the total; K2 and K10 are consistent with K3. */
export function expectConsistent(kpis: Kpis): void {
  const k = camelView(kpis);
  const K2 = k.K2 as O;
  const K3 = k.K3 as O;
  const K10 = k.K10 as O;
  const parts = SHORTFALL_PARTS.reduce((a, p) => a + K3.byCause[p], 0);
  expect(parts).toBe(K3.total);
  for (const p of SHORTFALL_PARTS) expect(K3.byCause[p]).toBeGreaterThanOrEqual(0);
  expect(K3.total).toBe(K2.requestedKwh - K2.verifiedDeliveredKwh);
  if (K2.requestedKwh > 0) expect(K2.coverage).toBe(K2.verifiedDeliveredKwh / K2.requestedKwh);
  for (const [svc, c] of Object.entries(K2.byService as O)) {
    const s3 = K3.byService[svc];
    expect(SHORTFALL_PARTS.reduce((a, p) => a + s3[p], 0)).toBe(s3.total);
    expect(s3.total).toBe(c.requestedKwh - c.verifiedDeliveredKwh);
    // registered - delivered = the registered-stage parts of K3
    expect(c.registeredKwh - c.verifiedDeliveredKwh).toBe(s3.delegationUncovered + s3.underDelivered + s3.verificationFailed + s3.nonCompliant);
  }
  const f = K3.byService.flexibility;
  if (K10.committedFlexibilityKwh > 0) {
    const lost = f.delegationUncovered + f.underDelivered + f.verificationFailed + f.nonCompliant;
    expect(K10.verifiedFlexibilityKwh).toBe(K10.committedFlexibilityKwh - lost);
    expect(K10.coverage).toBe(K10.verifiedFlexibilityKwh / K10.committedFlexibilityKwh);
  }
}
