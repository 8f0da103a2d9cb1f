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

/** K5-K8 accumulated one event at a time, so a run can stream its records. */
export class LifecycleAcc {
  private readonly byStage: Record<string, Record<string, number>> = { allocation: {}, registration: {}, delegation: {}, assignment: {}, settlement: {} };
  private lifecycle = 0;
  private total = 0;
  private readonly rejByReason: Record<string, number> = { identity: 0, window: 0, admissibility: 0, quantity: 0 };
  private readonly rejByDetail: Record<string, number> = {};
  private registered = 0;
  private rejected = 0;
  private succeeded = 0;
  private failed = 0;
  private regulatory = 0;
  private readonly byRootCause: Record<string, number> = {};
  private vPassed = 0;
  private vFailed = 0;
  private readonly byAttribution: Record<string, number> = { timeout: 0, disagreement: 0, outOfRange: 0, stale: 0 };
  private readonly byOracle: Record<string, number> = {};
  private reports = 0;
  private reportsRejected = 0;
  private readonly other: Record<string, number> = {};

  add(e: Ev): void {
    this.total++;
    const stage = STAGES[e.type];
    if (stage) {
      inc(this.byStage[stage], e.type);
      this.lifecycle++;
    } else inc(this.other, e.type);
    switch (e.type) {
      case 'TradeRegistered':
        this.registered++;
        break;
      case 'TradeRejected':
        this.rejected++;
        inc(this.rejByReason, String(e.reason));
        inc(this.rejByDetail, `${String(e.reason)}:${String(e.detail)}`);
        break;
      case 'SettlementSucceeded':
        this.succeeded++;
        break;
      case 'SettlementFailed': {
        this.failed++;
        const rc = String(e.rootCause);
        inc(this.byRootCause, rc);
        if (rc.startsWith('regulatory')) this.regulatory++;
        break;
      }
      case 'VerificationPassed':
        this.vPassed++;
        break;
      case 'VerificationFailed':
        this.vFailed++;
        inc(this.byAttribution, String(e.attribution));
        for (const o of (e.oracles as string[] | undefined) ?? []) inc(this.byOracle, o);
        break;
      case 'OracleReport':
        this.reports++;
        break;
      case 'OracleReportRejected':
        this.reportsRejected++;
        break;
    }
  }

  result(): { K5: unknown; K6: unknown; K7: unknown; K8: unknown } {
    const { registered, rejected, succeeded, failed, vPassed, vFailed } = this;
    const attempted = registered + rejected;
    const settlements = succeeded + failed;
    const verifications = vPassed + vFailed;
    return {
      K5: { byStage: this.byStage, lifecycleEvents: this.lifecycle, otherEvents: this.other, totalEvents: this.total },
      K6: { attempted, rejected, rate: ratio(rejected, attempted), byReason: this.rejByReason, byDetail: sortObj(this.rejByDetail) },
      K7: {
        attempted: settlements,
        succeeded,
        failed,
        successRate: ratio(succeeded, settlements),
        nonComplianceRate: ratio(this.regulatory, settlements),
        byRootCause: sortObj(this.byRootCause),
      },
      K8: {
        verifications,
        passed: vPassed,
        failed: vFailed,
        failureRate: ratio(vFailed, verifications),
        byAttribution: this.byAttribution,
        byOracle: sortObj(this.byOracle),
        reports: this.reports,
        reportsRejected: this.reportsRejected,
      },
    };
  }
}

export function lifecycleKpis(events: Iterable<Ev>): { K5: unknown; K6: unknown; K7: unknown; K8: unknown } {
  const acc = new LifecycleAcc();
  for (const e of events) acc.add(e);
  return acc.result();
}

export function sortObj<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
