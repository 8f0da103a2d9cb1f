// K2 (service coverage), K3 (shortfall decomposition) and K10 (verified flexibility coverage).
//
// Per request (consumer, slot, service), in integer kWh:
//   requested R (DemandRequested), unallocated U (DemandUnallocated), allocated A = R - U,
//   registered Reg = sum of TradeRegistered quantities, rejected = A - Reg.
// Per registered trade with committed c, uncovered u (AssignmentFailed) and its settlement:
//   succeeded: verified delivered d = min(delivered, c); shortfall c - d is split into
//              delegationUncovered = min(u, c - d) and underDelivered = the rest;
//   failed:    d = 0; delegationUncovered = min(u, c); the rest goes to the root cause:
//              underDelivery -> underDelivered, verification -> verificationFailed,
//              regulatory:* -> nonCompliant; a trade with no settlement yet -> verificationFailed.
// So requested - verified delivered = unallocated + rejected + delegationUncovered +
// underDelivered + verificationFailed + nonCompliant, exactly (integers).
import { inc, kwh, ratio, type Ev } from './records.js';

export const SHORTFALL_PARTS = ['unallocated', 'rejected', 'delegationUncovered', 'underDelivered', 'verificationFailed', 'nonCompliant'] as const;
export type ShortfallPart = (typeof SHORTFALL_PARTS)[number];

interface TradeAcc {
  service: string;
  committed: number;
  uncovered: number;
  outcome: 'none' | 'succeeded' | 'failed';
  delivered: number;
  rootCause: string;
}

export interface ShortfallKpis {
  K2: Record<string, unknown>;
  K3: Record<string, unknown>;
  K10: Record<string, unknown>;
}

/** One trade's account, updated by the trade's events in log order. */
function addToAccounts(trades: Map<string, TradeAcc>, e: Ev): void {
  if (e.type === 'TradeRegistered' && e.tradeId) {
    trades.set(e.tradeId, { service: String(e.service), committed: kwh(e.quantity), uncovered: 0, outcome: 'none', delivered: 0, rootCause: '' });
    return;
  }
  const tr = e.tradeId ? trades.get(e.tradeId) : undefined;
  if (!tr) return;
  if (e.type === 'AssignmentFailed') tr.uncovered += kwh(e.quantity);
  else if (e.type === 'SettlementSucceeded') {
    tr.outcome = 'succeeded';
    tr.delivered = Math.min(kwh(e.delivered), tr.committed);
  } else if (e.type === 'SettlementFailed') {
    tr.outcome = 'failed';
    tr.rootCause = String(e.rootCause ?? '');
  }
}

export function tradeAccounts(events: Iterable<Ev>): Map<string, TradeAcc> {
  const trades = new Map<string, TradeAcc>();
  for (const e of events) addToAccounts(trades, e);
  return trades;
}

/** K2, K3 and K10 accumulated one event at a time (requests and trade accounts), so a run can stream its records. */
export class ShortfallAcc {
  /** Services with a DemandRequested record (their allocated quantity is requested - unallocated). */
  private readonly demandServices = new Set<string>();
  private readonly requested: Record<string, number> = {};
  private readonly parts: Record<string, Record<ShortfallPart, number>> = {};
  private readonly trades = new Map<string, TradeAcc>();

  private part(s: string): Record<ShortfallPart, number> {
    return (this.parts[s] ??= { unallocated: 0, rejected: 0, delegationUncovered: 0, underDelivered: 0, verificationFailed: 0, nonCompliant: 0 });
  }

  add(e: Ev): void {
    if (e.type === 'DemandRequested') {
      const s = String(e.service);
      this.demandServices.add(s);
      inc(this.requested, s, kwh(e.quantity));
      this.part(s);
    } else if (e.type === 'DemandUnallocated') this.part(String(e.service)).unallocated += kwh(e.quantity);
    else addToAccounts(this.trades, e);
  }

  /** The KPIs (call once: it completes the per-service parts in place). */
  result(): ShortfallKpis {
    const requested = this.requested;
    const part = (s: string) => this.part(s);
    const services = new Set(this.demandServices);
    const registered: Record<string, number> = {};
    const delivered: Record<string, number> = {};
    const allocated: Record<string, number> = {};
    for (const s of services) allocated[s] = (requested[s] ?? 0) - part(s).unallocated;
    for (const tr of this.trades.values()) {
      const s = tr.service;
      services.add(s);
      const p = part(s);
      inc(registered, s, tr.committed);
      const c = tr.committed;
      if (tr.outcome === 'succeeded') {
        inc(delivered, s, tr.delivered);
        const sf = c - tr.delivered;
        const du = Math.min(tr.uncovered, sf);
        p.delegationUncovered += du;
        p.underDelivered += sf - du;
      } else {
        const du = Math.min(tr.uncovered, c);
        p.delegationUncovered += du;
        const rest = c - du;
        if (tr.outcome === 'failed' && tr.rootCause === 'underDelivery') p.underDelivered += rest;
        else if (tr.outcome === 'failed' && tr.rootCause.startsWith('regulatory')) p.nonCompliant += rest;
        else p.verificationFailed += rest;
      }
    }
    for (const s of services) part(s).rejected = (allocated[s] ?? 0) - (registered[s] ?? 0);
    return shortfallResult(services, requested, registered, delivered, part);
  }
}

export function shortfallKpis(events: Iterable<Ev>): ShortfallKpis {
  const acc = new ShortfallAcc();
  for (const e of events) acc.add(e);
  return acc.result();
}

function shortfallResult(
  services: ReadonlySet<string>,
  requested: Record<string, number>,
  registered: Record<string, number>,
  delivered: Record<string, number>,
  part: (s: string) => Record<ShortfallPart, number>
): ShortfallKpis {
  const svc = [...services].sort();
  const byCause = Object.fromEntries(SHORTFALL_PARTS.map((k) => [k, svc.reduce((a, s) => a + part(s)[k], 0)])) as Record<ShortfallPart, number>;
  const total = SHORTFALL_PARTS.reduce((a, k) => a + byCause[k], 0);
  const reqTotal = svc.reduce((a, s) => a + (requested[s] ?? 0), 0);
  const delTotal = svc.reduce((a, s) => a + (delivered[s] ?? 0), 0);
  const regTotal = svc.reduce((a, s) => a + (registered[s] ?? 0), 0);
  const K2 = {
    requested_kwh: reqTotal,
    registered_kwh: regTotal,
    verifiedDelivered_kwh: delTotal,
    coverage: ratio(delTotal, reqTotal),
    registeredCoverage: ratio(regTotal, reqTotal),
    byService: Object.fromEntries(
      svc.map((s) => [
        s,
        {
          requested_kwh: requested[s] ?? 0,
          registered_kwh: registered[s] ?? 0,
          verifiedDelivered_kwh: delivered[s] ?? 0,
          coverage: ratio(delivered[s] ?? 0, requested[s] ?? 0),
          registeredCoverage: ratio(registered[s] ?? 0, requested[s] ?? 0),
        },
      ])
    ),
  };
  const K3 = {
    total,
    byCause,
    requested_kwh: reqTotal,
    verifiedDelivered_kwh: delTotal,
    byService: Object.fromEntries(svc.map((s) => [s, { total: SHORTFALL_PARTS.reduce((a, k) => a + part(s)[k], 0), ...part(s) }])),
  };
  const fc = registered.flexibility ?? 0;
  const fd = delivered.flexibility ?? 0;
  const K10 = { coverage: ratio(fd, fc), committedFlexibility_kwh: fc, verifiedFlexibility_kwh: fd };
  return { K2, K3, K10 };
}
