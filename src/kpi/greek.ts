// The Greek case in lifecycle events (docs/kpi.md): each 5-minute interval of an obligation window
// is an obligation of the VP to the ESO for the guaranteed energy; the VP's set-points to its CEVs
// are the delegations; the CEV smart meters give the verified delivery; the interval settles when
// the real-time power stays inside [P_min, P_max].
//
// This is the one mapping from the Greek run's records to lifecycle events. The Greek model
// (src/models/greek.ts) calls it on its own tables (timeseries and cev rows), gives the events
// their sequence numbers, commits them to its ledger and writes them to events.jsonl; the KPI
// engine then reads them like any other run's events.
import type { Ev } from './records.js';

/** A lifecycle event before it is numbered and committed (no `seq`, no `block`). */
export type GreekLifecycleEvent = Omit<Ev, 'seq' | 'block'> & { t: number; signer: string; type: string };

/**
 * A table row of the run: `timeseries` (t_s, price_mu_per_kwh, obligation_min_kw,
 * obligation_max_kw, vp_realtime_kw) or `cev` (t_s, cev, scheduled_kw); numbers or CSV strings.
 */
type Rec = Readonly<Record<string, unknown>>;

const num = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

/** Tolerance of the obligation band check, kW (the same as metrics.obligationViolatingIntervals). */
export const OBLIGATION_TOL_KW = 1e-3;

export function greekLifecycleEvents(timeseries: readonly Rec[], cevRows: readonly Rec[]): GreekLifecycleEvent[] {
  const events: GreekLifecycleEvent[] = [];
  const cevAt = new Map<number, Rec[]>();
  for (const r of cevRows) {
    const t = Number(r.t_s);
    (cevAt.get(t) ?? cevAt.set(t, []).get(t)!).push(r);
  }
  const dtS = timeseries.length > 1 ? Number(timeseries[1].t_s) - Number(timeseries[0].t_s) : 300;
  const h = dtS / 3600;
  // key order of every record: t, type, signer, then the event's fields
  const ev = (t: number, type: string, fields: Record<string, unknown>) => events.push({ t, type, signer: 'vp', ...fields });
  timeseries.forEach((r, k) => {
    const pMin = num(r.obligation_min_kw);
    const pMax = num(r.obligation_max_kw);
    if (pMin === null || pMax === null) return;
    const t = Number(r.t_s);
    const price = num(r.price_mu_per_kwh) ?? 0;
    const base = { service: 'flexibility', slot: k, provider: 'vp', consumer: 'eso', price };
    const push = ({ type, ...fields }: { type: string } & Record<string, unknown>) => ev(t, type, fields);
    const q = Math.round(pMin * h);
    const tradeId = `G${k}`;
    push({ ...base, type: 'DemandRequested', quantity: q });
    push({ ...base, type: 'TradeRegistered', tradeId, quantity: q, cost: 0, fee: 0, bid: price });
    const shares = (cevAt.get(t) ?? []).map((c) => ({ resource: `cev:${String(c.cev)}`, quantity: Math.round((num(c.scheduled_kw) ?? 0) * h) })).filter((s) => s.quantity > 0);
    const covered = Math.max(0, Math.min(q, shares.reduce((a, s) => a + s.quantity, 0)));
    push({ ...base, type: 'DelegationCreated', tradeId, quantity: covered, resources: shares });
    if (covered < q) {
      push({ ...base, type: 'DelegationShortfall', tradeId, quantity: q - covered });
      push({ ...base, type: 'AssignmentFailed', tradeId, quantity: q - covered });
    }
    const pRt = num(r.vp_realtime_kw) ?? 0;
    const delivered = Math.max(0, Math.round(pRt * h));
    push({ ...base, type: 'VerificationPassed', tradeId, quantity: q, delivered, oracles: ['cev-meters'] });
    if (pRt >= pMin - OBLIGATION_TOL_KW && pRt <= pMax + OBLIGATION_TOL_KW) {
      push({ ...base, type: 'SettlementSucceeded', tradeId, quantity: q, delivered, payment: Math.round(price * Math.min(delivered, q) * 100) / 100, penalty: 0 });
    } else {
      push({ ...base, type: 'SettlementFailed', tradeId, quantity: q, delivered, rootCause: pRt < pMin ? 'underDelivery' : 'peakLimit', payment: 0, penalty: 0 });
    }
    push({ ...base, type: 'QuantityUnlocked', tradeId, quantity: q });
  });
  return events;
}
