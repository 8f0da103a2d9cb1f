// The Greek case in lifecycle events (docs/kpi.md): each 5-minute interval of an obligation window
// is an obligation of the VP to the ESO for the guaranteed energy; the VP's set-points to its CEVs
// are the delegations; the CEV smart meters give the verified delivery; the interval settles when
// the real-time power stays inside [P_min, P_max]. Built from the Greek run's timeseries.csv and
// cev.csv, then fed to the same KPI engine.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeKpis, type Kpis } from './index.js';
import type { Ev } from './records.js';
import { parseCsvStrings as parseCsv } from '../report/csv.js';

type Rec = Record<string, string>;

export { parseCsvStrings as parseCsv } from '../report/csv.js';

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

export function greekLifecycleEvents(timeseries: Rec[], cevRows: Rec[]): Ev[] {
  const events: Ev[] = [];
  const cevAt = new Map<string, Rec[]>();
  for (const r of cevRows) (cevAt.get(r.t_s) ?? cevAt.set(r.t_s, []).get(r.t_s)!).push(r);
  const dtS = timeseries.length > 1 ? Number(timeseries[1].t_s) - Number(timeseries[0].t_s) : 300;
  const h = dtS / 3600;
  const push = (e: Omit<Ev, 'seq' | 'block'>) => events.push({ seq: events.length, block: -1, ...e } as Ev);
  timeseries.forEach((r, k) => {
    const pMin = num(r.obligation_min_kw);
    const pMax = num(r.obligation_max_kw);
    if (pMin === null || pMax === null) return;
    const t = Number(r.t_s);
    const price = num(r.price_mu_per_kwh) ?? 0;
    const base = { t, signer: 'vp', service: 'flexibility', slot: k, provider: 'vp', consumer: 'eso', price };
    const q = Math.round(pMin * h);
    const tradeId = `G${k}`;
    push({ ...base, type: 'DemandRequested', quantity: q });
    push({ ...base, type: 'TradeRegistered', tradeId, quantity: q, cost: 0, fee: 0, bid: price });
    const shares = (cevAt.get(r.t_s) ?? []).map((c) => ({ resource: `cev:${c.cev}`, quantity: Math.round((num(c.scheduled_kw) ?? 0) * h) })).filter((s) => s.quantity > 0);
    const covered = Math.max(0, Math.min(q, shares.reduce((a, s) => a + s.quantity, 0)));
    push({ ...base, type: 'DelegationCreated', tradeId, quantity: covered, resources: shares });
    if (covered < q) {
      push({ ...base, type: 'DelegationShortfall', tradeId, quantity: q - covered });
      push({ ...base, type: 'AssignmentFailed', tradeId, quantity: q - covered });
    }
    const pRt = num(r.vp_realtime_kw) ?? 0;
    const delivered = Math.max(0, Math.round(pRt * h));
    push({ ...base, type: 'VerificationPassed', tradeId, quantity: q, delivered, oracles: ['cev-meters'] });
    const tol = 1e-3;
    if (pRt >= pMin - tol && pRt <= pMax + tol) {
      push({ ...base, type: 'SettlementSucceeded', tradeId, quantity: q, delivered, payment: Math.round(price * Math.min(delivered, q) * 100) / 100, penalty: 0 });
    } else {
      push({ ...base, type: 'SettlementFailed', tradeId, quantity: q, delivered, rootCause: pRt < pMin ? 'underDelivery' : 'peakLimit', payment: 0, penalty: 0 });
    }
    push({ ...base, type: 'QuantityUnlocked', tradeId, quantity: q });
  });
  return events;
}

/** True when `dir` holds a Greek run (obligation columns in timeseries.csv and a cev.csv). */
export function isGreekRun(dir: string): boolean {
  const ts = join(dir, 'timeseries.csv');
  if (!existsSync(ts) || !existsSync(join(dir, 'cev.csv'))) return false;
  return readFileSync(ts, 'utf8').split('\n', 1)[0].includes('obligation_min_kw');
}

/** K1-K10 of a Greek run from its recorded obligations and delegations. */
export function greekKpis(dir: string): Kpis {
  const ts = parseCsv(readFileSync(join(dir, 'timeseries.csv'), 'utf8'));
  const cev = parseCsv(readFileSync(join(dir, 'cev.csv'), 'utf8'));
  const k = computeKpis(greekLifecycleEvents(ts, cev), null);
  return { ...k, K9: { traceabilityRatio: null, note: 'obligation events are derived from the records, not ledger transactions' } };
}
