// K1 (economic aggregates) and K4 (allocation concentration), from the event log.
//
// K1: tradedValue = sum price x committed (registered trades); payments, penalties from
// settlements; on verified delivery d of a succeeded trade: value = bid x d, providerCost = cost x d,
// fees = fee x d, welfare = value - providerCost - fees. Per-VP net position: payments received
// minus payments made, and kWh sold minus bought (verified).
// K4: per service, provider shares of allocated quantity (AllocationCleared records; registered
// quantity when a log has none, e.g. the Greek case): Herfindahl-Hirschman index (sum of squared
// shares, 0..1), Gini coefficient and the top provider's share.
import { kwh, type Ev } from './records.js';
import { sortObj } from './lifecycle.js';

export function economicKpis(events: readonly Ev[]): { K1: unknown; K4: unknown } {
  const reg = new Map<string, { bid: number; cost: number; fee: number; price: number; provider: string; consumer: string; committed: number }>();
  let tradedValue = 0;
  let payments = 0;
  let penalties = 0;
  let value = 0;
  let cost = 0;
  let fees = 0;
  const money: Record<string, number> = {};
  const energy: Record<string, number> = {};
  const shares: Record<string, Record<string, number>> = {};
  const allocated: Record<string, Record<string, number>> = {};
  let cleared = false;
  for (const e of events) {
    if (e.type === 'AllocationCleared') {
      cleared = true;
      const s = String(e.service);
      allocated[s] ??= {};
      for (const [p, , q] of (e.matches as [string, string, number][] | undefined) ?? []) allocated[s][p] = (allocated[s][p] ?? 0) + kwh(q);
      continue;
    }
    if (e.type === 'TradeRegistered' && e.tradeId) {
      const q = kwh(e.quantity);
      const price = Number(e.price ?? 0);
      reg.set(e.tradeId, { bid: Number(e.bid ?? price), cost: Number(e.cost ?? 0), fee: Number(e.fee ?? 0), price, provider: String(e.provider), consumer: String(e.consumer), committed: q });
      tradedValue += price * q;
      const s = String(e.service);
      shares[s] ??= {};
      shares[s][String(e.provider)] = (shares[s][String(e.provider)] ?? 0) + q;
    } else if ((e.type === 'SettlementSucceeded' || e.type === 'SettlementFailed') && e.tradeId) {
      const t = reg.get(e.tradeId);
      if (!t) continue;
      const pay = Number(e.payment ?? 0);
      const pen = Number(e.penalty ?? 0);
      payments += pay;
      penalties += pen;
      money[t.provider] = (money[t.provider] ?? 0) + pay;
      money[t.consumer] = (money[t.consumer] ?? 0) - pay;
      if (e.type === 'SettlementSucceeded') {
        const d = Math.min(kwh(e.delivered), t.committed);
        value += t.bid * d;
        cost += t.cost * d;
        fees += t.fee * d;
        energy[t.provider] = (energy[t.provider] ?? 0) + d;
        energy[t.consumer] = (energy[t.consumer] ?? 0) - d;
      } else {
        money[t.provider] -= pen;
      }
    }
  }
  const vps = [...new Set([...Object.keys(money), ...Object.keys(energy)])].sort();
  const K1 = {
    tradedValue_mu: r2(tradedValue),
    payments_mu: r2(payments),
    penalties_mu: r2(penalties),
    value_mu: r2(value),
    providerCost_mu: r2(cost),
    fees_mu: r2(fees),
    welfare_mu: r2(value - cost - fees),
    perVp: Object.fromEntries(vps.map((v) => [v, { net_mu: r2(money[v] ?? 0), netDelivered_kwh: energy[v] ?? 0 }])),
  };
  const K4: Record<string, unknown> = {};
  const basis = cleared ? allocated : shares;
  for (const s of Object.keys(basis).sort()) K4[s] = concentration(Object.values(basis[s]));
  return { K1, K4: sortObj(K4) };
}

export function concentration(qs: number[]): { providers: number; hhi: number | null; gini: number | null; topShare: number | null } {
  const total = qs.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return { providers: qs.length, hhi: null, gini: null, topShare: null };
  const sh = qs.map((q) => q / total);
  const hhi = sh.reduce((a, x) => a + x * x, 0);
  const sorted = [...qs].sort((a, b) => a - b);
  const n = sorted.length;
  let cum = 0;
  for (let i = 0; i < n; i++) cum += (2 * (i + 1) - n - 1) * sorted[i];
  const gini = n > 1 ? cum / (n * total) : 0;
  return { providers: n, hhi: r6(hhi), gini: r6(gini), topShare: r6(Math.max(...sh)) };
}

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}
function r6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
