// K5 (contract event counts by stage), K6 (registration rejections), K7 (settlement success vs
// non-compliance), K8 (oracle verification), all counted from the event log.
import { inc, ratio, type Ev } from './records.js';

export const STAGES: Record<string, string> = {
  DemandRequested: 'allocation',
  DemandUnallocated: 'allocation',
  AllocationCleared: 'allocation',
  TradeRegistered: 'registration',
  TradeRejected: 'registration',
  DelegationCreated: 'delegation',
  DelegationShortfall: 'delegation',
  PartnerAssigned: 'assignment',
  AssignmentFailed: 'assignment',
  OracleReport: 'settlement',
  OracleReportRejected: 'settlement',
  VerificationPassed: 'settlement',
  VerificationFailed: 'settlement',
  SettlementSucceeded: 'settlement',
  SettlementFailed: 'settlement',
  QuantityUnlocked: 'settlement',
};

export function lifecycleKpis(events: readonly Ev[]): { K5: unknown; K6: unknown; K7: unknown; K8: unknown } {
  const byStage: Record<string, Record<string, number>> = { allocation: {}, registration: {}, delegation: {}, assignment: {}, settlement: {} };
  let lifecycle = 0;
  const rejByReason: Record<string, number> = { identity: 0, window: 0, admissibility: 0, quantity: 0 };
  const rejByDetail: Record<string, number> = {};
  let registered = 0;
  let rejected = 0;
  let succeeded = 0;
  let failed = 0;
  let regulatory = 0;
  const byRootCause: Record<string, number> = {};
  let vPassed = 0;
  let vFailed = 0;
  const byAttribution: Record<string, number> = { timeout: 0, disagreement: 0, outOfRange: 0, stale: 0 };
  const byOracle: Record<string, number> = {};
  let reports = 0;
  let reportsRejected = 0;
  const other: Record<string, number> = {};
  for (const e of events) {
    const stage = STAGES[e.type];
    if (stage) {
      inc(byStage[stage], e.type);
      lifecycle++;
    } else inc(other, e.type);
    switch (e.type) {
      case 'TradeRegistered':
        registered++;
        break;
      case 'TradeRejected':
        rejected++;
        inc(rejByReason, String(e.reason));
        inc(rejByDetail, `${String(e.reason)}:${String(e.detail)}`);
        break;
      case 'SettlementSucceeded':
        succeeded++;
        break;
      case 'SettlementFailed': {
        failed++;
        const rc = String(e.rootCause);
        inc(byRootCause, rc);
        if (rc.startsWith('regulatory')) regulatory++;
        break;
      }
      case 'VerificationPassed':
        vPassed++;
        break;
      case 'VerificationFailed':
        vFailed++;
        inc(byAttribution, String(e.attribution));
        for (const o of (e.oracles as string[] | undefined) ?? []) inc(byOracle, o);
        break;
      case 'OracleReport':
        reports++;
        break;
      case 'OracleReportRejected':
        reportsRejected++;
        break;
    }
  }
  const attempted = registered + rejected;
  const settlements = succeeded + failed;
  const verifications = vPassed + vFailed;
  return {
    K5: { byStage, lifecycleEvents: lifecycle, otherEvents: other, totalEvents: events.length },
    K6: { attempted, rejected, rate: ratio(rejected, attempted), byReason: rejByReason, byDetail: sortObj(rejByDetail) },
    K7: {
      attempted: settlements,
      succeeded,
      failed,
      successRate: ratio(succeeded, settlements),
      nonComplianceRate: ratio(regulatory, settlements),
      byRootCause: sortObj(byRootCause),
    },
    K8: {
      verifications,
      passed: vPassed,
      failed: vFailed,
      failureRate: ratio(vFailed, verifications),
      byAttribution,
      byOracle: sortObj(byOracle),
      reports,
      reportsRejected,
    },
  };
}

export function sortObj<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
