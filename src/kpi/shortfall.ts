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

export function tradeAccounts(events: readonly Ev[]): Map<string, TradeAcc> {
  const trades = new Map<string, TradeAcc>();
  for (const e of events) {
    if (e.type === 'TradeRegistered' && e.tradeId) {
      trades.set(e.tradeId, { service: String(e.service), committed: kwh(e.quantity), uncovered: 0, outcome: 'none', delivered: 0, rootCause: '' });
      continue;
    }
    const tr = e.tradeId ? trades.get(e.tradeId) : undefined;
    if (!tr) continue;
    if (e.type === 'AssignmentFailed') tr.uncovered += kwh(e.quantity);
    else if (e.type === 'SettlementSucceeded') {
      tr.outcome = 'succeeded';
      tr.delivered = Math.min(kwh(e.delivered), tr.committed);
    } else if (e.type === 'SettlementFailed') {
      tr.outcome = 'failed';
      tr.rootCause = String(e.rootCause ?? '');
    }
  }
  return trades;
}

export function shortfallKpis(events: readonly Ev[]): ShortfallKpis {
  const services = new Set<string>();
  const requested: Record<string, number> = {};
  const parts: Record<string, Record<ShortfallPart, number>> = {};
  const registered: Record<string, number> = {};
  const delivered: Record<string, number> = {};
  const part = (s: string) => (parts[s] ??= { unallocated: 0, rejected: 0, delegationUncovered: 0, underDelivered: 0, verificationFailed: 0, nonCompliant: 0 });
  for (const e of events) {
    const s = String(e.service);
    if (e.type === 'DemandRequested') {
      services.add(s);
      inc(requested, s, kwh(e.quantity));
      part(s);
    } else if (e.type === 'DemandUnallocated') part(s).unallocated += kwh(e.quantity);
  }
  const allocated: Record<string, number> = {};
  for (const s of services) allocated[s] = (requested[s] ?? 0) - part(s).unallocated;
  for (const tr of tradeAccounts(events).values()) {
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
