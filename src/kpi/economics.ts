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

/** K1 and K4 accumulated one event at a time (in log order), so a run can stream its records. */
export class EconomicAcc {
  private readonly reg = new Map<string, { bid: number; cost: number; fee: number; price: number; provider: string; consumer: string; committed: number }>();
  private tradedValue = 0;
  private payments = 0;
  private penalties = 0;
  private value = 0;
  private cost = 0;
  private fees = 0;
  private readonly money: Record<string, number> = {};
  private readonly energy: Record<string, number> = {};
  private readonly shares: Record<string, Record<string, number>> = {};
  private readonly allocated: Record<string, Record<string, number>> = {};
  private cleared = false;

  add(e: Ev): void {
    if (e.type === 'AllocationCleared') {
      this.cleared = true;
      const s = String(e.service);
      const allocated = this.allocated;
      allocated[s] ??= {};
      for (const [p, , q] of (e.matches as [string, string, number][] | undefined) ?? []) allocated[s][p] = (allocated[s][p] ?? 0) + kwh(q);
      return;
    }
    if (e.type === 'TradeRegistered' && e.tradeId) {
      const q = kwh(e.quantity);
      const price = Number(e.price ?? 0);
      this.reg.set(e.tradeId, { bid: Number(e.bid ?? price), cost: Number(e.cost ?? 0), fee: Number(e.fee ?? 0), price, provider: String(e.provider), consumer: String(e.consumer), committed: q });
      this.tradedValue += price * q;
      const s = String(e.service);
      const shares = this.shares;
      shares[s] ??= {};
      shares[s][String(e.provider)] = (shares[s][String(e.provider)] ?? 0) + q;
    } else if ((e.type === 'SettlementSucceeded' || e.type === 'SettlementFailed') && e.tradeId) {
      const t = this.reg.get(e.tradeId);
      if (!t) return;
      const { money, energy } = this;
      const pay = Number(e.payment ?? 0);
      const pen = Number(e.penalty ?? 0);
      this.payments += pay;
      this.penalties += pen;
      money[t.provider] = (money[t.provider] ?? 0) + pay;
      money[t.consumer] = (money[t.consumer] ?? 0) - pay;
      if (e.type === 'SettlementSucceeded') {
        const d = Math.min(kwh(e.delivered), t.committed);
        this.value += t.bid * d;
        this.cost += t.cost * d;
        this.fees += t.fee * d;
        energy[t.provider] = (energy[t.provider] ?? 0) + d;
        energy[t.consumer] = (energy[t.consumer] ?? 0) - d;
      } else {
        money[t.provider] -= pen;
      }
    }
  }

  result(): { K1: unknown; K4: unknown } {
    const { money, energy } = this;
    const vps = [...new Set([...Object.keys(money), ...Object.keys(energy)])].sort();
    const K1 = {
      tradedValue_mu: r2(this.tradedValue),
      payments_mu: r2(this.payments),
      penalties_mu: r2(this.penalties),
      value_mu: r2(this.value),
      providerCost_mu: r2(this.cost),
      fees_mu: r2(this.fees),
      welfare_mu: r2(this.value - this.cost - this.fees),
      perVp: Object.fromEntries(vps.map((v) => [v, { net_mu: r2(money[v] ?? 0), netDelivered_kwh: energy[v] ?? 0 }])),
    };
    const K4: Record<string, unknown> = {};
    const basis = this.cleared ? this.allocated : this.shares;
    for (const s of Object.keys(basis).sort()) K4[s] = concentration(Object.values(basis[s]));
    return { K1, K4: sortObj(K4) };
  }
}

export function economicKpis(events: Iterable<Ev>): { K1: unknown; K4: unknown } {
  const acc = new EconomicAcc();
  for (const e of events) acc.add(e);
  return acc.result();
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
