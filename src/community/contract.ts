// The community market operator's contract (community.md), pure: the market agent routes messages
// and timers to it; every decision is an event on the PoA ledger (event-ledger.ts). This file:
// price feed, orders and gate closure (admission, clearing, collateral locks), margin checks.
// Settlement, disputes, fallbacks and certificates: contract-settle.ts.
import { TokenRegistry } from './carbon.js';
import { clearInterval } from './clear.js';
import type { ContractParams, ContractParticipant, OrderInput } from './contract-types.js';
import { Escrow, type MarginAction } from './escrow.js';
import type { EventLedger } from './event-ledger.js';
import { MissTracker, PriceFilter } from './fallback.js';
import { admitOrder } from './orders.js';
import { collateralRatio } from './reputation.js';
import type { Schedule } from './settle.js';
import type { Order, Trade } from './types.js';

export const OPERATOR = 'market';
export const AGGREGATOR = 'aggregator';

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

interface Submitted {
  seq: number;
  input: OrderInput;
  t_s: number;
}

export interface GateResult {
  /** Per participant: its schedule (accepted order) and P2P trades of the interval. */
  schedules: Map<string, { side: 'buy' | 'sell'; qty_kwh: number; sold_kwh: number; bought_kwh: number }>;
}

export class CommunityContract {
  readonly escrow: Escrow;
  readonly misses: MissTracker;
  readonly tokens = new TokenRegistry();
  readonly reputation = new Map<string, number>();
  readonly participants = new Map<string, ContractParticipant>();
  /** Filtered spot price per interval (NaN until its feed arrived). */
  readonly spot: number[];
  private readonly filter: PriceFilter;
  private readonly submitted = new Map<number, Submitted[]>();
  readonly trades = new Map<number, { trade: Trade; id: string; cancelled: boolean }[]>();
  readonly schedules = new Map<number, Map<string, Schedule>>();
  private tradeSeq = 0;

  constructor(readonly p: ContractParams, readonly ledger: EventLedger, parts: readonly ContractParticipant[]) {
    this.escrow = new Escrow(p.collateral);
    this.escrow.open(AGGREGATOR, 0, 0, 0);
    this.misses = new MissTracker(p.oracle);
    this.filter = new PriceFilter(p.priceFeed);
    this.spot = new Array<number>(p.intervals).fill(NaN);
    for (const x of parts) {
      this.participants.set(x.id, x);
      this.reputation.set(x.id, p.reputation.initial);
      this.escrow.open(x.id, x.wallet_mu, x.posted_mu, collateralRatio(p.reputation.initial, p.collateral));
    }
  }

  intervalStart(k: number): number {
    return this.p.t0_s + k * this.p.interval_s;
  }

  gateTime(k: number): number {
    return this.intervalStart(k) - this.p.gateLead_s;
  }

  /** Spot of interval k: the filtered feed, kept inside [feed-in, retail - fee]. */
  spotOf(k: number): number {
    const s = this.spot[k];
    const lo = this.p.feedIn_mu_per_kwh;
    const hi = this.p.retail_mu_per_kwh[k] / (1 + this.p.feeShare);
    return Math.min(hi, Math.max(lo, Number.isFinite(s) ? s : lo));
  }

  fee(k: number): number {
    return this.p.feeShare * this.spotOf(k);
  }

  onPrice(t: number, k: number, raw: number): void {
    const r = this.filter.push(raw);
    this.spot[k] = r.value;
    this.ledger.emit({ t, type: r.replaced ? 'PriceReplaced' : 'PriceAccepted', signer: OPERATOR, interval: k, raw_mu_per_kwh: r6(raw), spot_mu_per_kwh: r6(this.spotOf(k)), mean_mu_per_kwh: r.mean === null ? null : r6(r.mean), sigma_mu_per_kwh: r.sigma === null ? null : r6(r.sigma) });
  }

  /** An order transaction from a participant (its ledger record decides whether it makes the gate). */
  onOrder(t: number, k: number, o: OrderInput): number {
    const fc: Record<string, number> = {};
    for (const [key, v] of Object.entries(o.forecast)) fc[key] = r6(v);
    const rec = this.ledger.emit({ t, type: 'OrderSubmitted', signer: o.participant, interval: k, side: o.side, qty_kwh: r6(o.qty_kwh), price_mu_per_kwh: r6(o.price_mu_per_kwh), forecast: fc });
    const list = this.submitted.get(k) ?? [];
    list.push({ seq: rec.seq, input: { ...o, qty_kwh: r6(o.qty_kwh), price_mu_per_kwh: r6(o.price_mu_per_kwh) }, t_s: t });
    this.submitted.set(k, list);
    return rec.seq;
  }

  /** Gate closure of interval k at time t: admission, clearing, collateral locks. */
  onGate(t: number, k: number): GateResult {
    this.ledger.advanceTo(t);
    const orders: Order[] = [];
    const schedules = new Map<string, Schedule>();
    for (const s of this.submitted.get(k) ?? []) {
      const f = this.ledger.finalT(s.seq);
      const o = s.input;
      if (!(f <= t)) {
        this.ledger.emit({ t, type: 'OrderLate', signer: OPERATOR, interval: k, order: s.seq, participant: o.participant, submitted_s: s.t_s });
        continue;
      }
      const a = admitOrder(this.participants.get(o.participant), o, { t_s: s.t_s, interval_s: this.p.interval_s, priceCap_mu_per_kwh: this.p.priceCap_mu_per_kwh, removed: this.misses.removed });
      if (!a.ok) {
        this.ledger.emit({ t, type: 'OrderRejected', signer: OPERATOR, interval: k, order: s.seq, participant: o.participant, reason: a.reason, detail: a.detail });
        continue;
      }
      if (a.capped) this.ledger.emit({ t, type: 'OrderCapped', signer: OPERATOR, interval: k, order: s.seq, participant: o.participant, from_mu_per_kwh: o.price_mu_per_kwh, to_mu_per_kwh: a.price_mu_per_kwh });
      if (schedules.has(o.participant)) {
        this.ledger.emit({ t, type: 'OrderRejected', signer: OPERATOR, interval: k, order: s.seq, participant: o.participant, reason: 'invalid', detail: 'second order for the interval' });
        continue;
      }
      schedules.set(o.participant, { side: o.side, qty_kwh: o.qty_kwh });
      orders.push({ id: String(s.seq), participant: o.participant, side: o.side, qty_kwh: o.qty_kwh, price_mu_per_kwh: a.price_mu_per_kwh, t_s: f, reputation: this.reputation.get(o.participant) ?? 0 });
    }
    this.schedules.set(k, schedules);
    // the CDA replays the orders in ledger commit order (finality time, then sequence)
    if (this.p.mechanism === 'cda') orders.sort((x, y) => x.t_s - y.t_s || Number(x.id) - Number(y.id));
    const gate = this.escrow.gate();
    const spot = this.spotOf(k);
    const res = clearInterval(this.p.mechanism, orders, { spot_mu_per_kwh: spot, k: this.p.k, gate, t_s: t });
    const list: { trade: Trade; id: string; cancelled: boolean }[] = [];
    for (const tr of res.trades) {
      const id = `T${k}.${this.tradeSeq++}`;
      list.push({ trade: tr, id, cancelled: false });
      this.ledger.emit({ t, type: 'TradeMatched', signer: OPERATOR, interval: k, trade: id, buyer: tr.buyer, seller: tr.seller, buyOrder: Number(tr.buyOrder), sellOrder: Number(tr.sellOrder), qty_kwh: r6(tr.qty_kwh), price_mu_per_kwh: r6(tr.price_mu_per_kwh), matched_s: r6(tr.t_s) });
    }
    // collateral: one lock transaction per party and interval
    const locks = new Map<string, number>();
    for (const { trade: tr, id } of list) {
      for (const party of [tr.buyer, tr.seller]) locks.set(party, (locks.get(party) ?? 0) + this.escrow.lock(party, id, k, tr.qty_kwh, tr.price_mu_per_kwh, spot));
    }
    for (const [party, amt] of [...locks].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      this.ledger.emit({ t, type: 'CollateralLocked', signer: party, interval: k, amount_mu: r6(amt), ratio: r6(this.escrow.acct(party).ratio), posted_mu: r6(this.escrow.acct(party).posted_mu) });
    }
    let unmatched = 0;
    for (const o of orders) unmatched += res.unmatched.get(o.id) ?? 0;
    const volume = list.reduce((a, x) => a + x.trade.qty_kwh, 0);
    this.ledger.emit({ t, type: 'IntervalCleared', signer: OPERATOR, interval: k, mechanism: this.p.mechanism, orders: orders.length, trades: list.length, volume_kwh: r6(volume), unmatched_kwh: r6(unmatched), price_mu_per_kwh: res.price_mu_per_kwh === null ? null : r6(res.price_mu_per_kwh), spot_mu_per_kwh: r6(spot) });
    this.trades.set(k, list);
    return { schedules: this.scheduleView(k) };
  }

  /** Per participant of interval k: accepted order and active P2P volumes. */
  scheduleView(k: number): GateResult['schedules'] {
    const out: GateResult['schedules'] = new Map();
    for (const [id, s] of this.schedules.get(k) ?? []) out.set(id, { ...s, sold_kwh: 0, bought_kwh: 0 });
    for (const x of this.trades.get(k) ?? []) {
      if (x.cancelled) continue;
      out.get(x.trade.seller)!.sold_kwh += x.trade.qty_kwh;
      out.get(x.trade.buyer)!.bought_kwh += x.trade.qty_kwh;
    }
    return out;
  }

  /** Margin check at time t (every metering step); returns the actions for the agents to act on. */
  onMarginCheck(t: number, k: number): MarginAction[] {
    const spot = this.spotOf(Math.max(0, Math.min(this.p.intervals - 1, k)));
    const acts = this.escrow.checkMargins(t, spot, (j) => this.intervalStart(j) <= t);
    for (const a of acts) {
      if (a.kind === 'marginCall') this.ledger.emit({ t, type: 'MarginCall', signer: OPERATOR, participant: a.participant, posted_mu: r6(a.posted_mu), required_mu: r6(a.required_mu), deadline_s: a.deadline_s });
      else if (a.kind === 'marginRestored') this.ledger.emit({ t, type: 'MarginRestored', signer: OPERATOR, participant: a.participant, posted_mu: r6(a.posted_mu), required_mu: r6(a.required_mu) });
      else {
        this.ledger.emit({ t, type: 'Liquidation', signer: OPERATOR, participant: a.participant, amount_mu: r6(a.amount_mu), cancelledTrades: a.cancelled, posted_mu: r6(a.posted_mu), insurancePool_mu: r6(this.escrow.insurancePool_mu) });
        for (const id of a.cancelled) this.cancelTrade(t, id, a.participant);
      }
    }
    return acts;
  }

  private cancelTrade(t: number, id: string, by: string): void {
    for (const [k, list] of this.trades) {
      const x = list.find((y) => y.id === id);
      if (!x || x.cancelled) continue;
      x.cancelled = true;
      const other = x.trade.buyer === by ? x.trade.seller : x.trade.buyer;
      this.escrow.cancel(other, id);
      this.ledger.emit({ t, type: 'TradeCancelled', signer: OPERATOR, interval: k, trade: id, liquidated: by, counterparty: other, qty_kwh: r6(x.trade.qty_kwh) });
    }
  }

  onTopUp(t: number, k: number, participant: string): void {
    const amt = this.escrow.topUp(participant, this.spotOf(Math.max(0, Math.min(this.p.intervals - 1, k))));
    if (amt > 0) this.ledger.emit({ t, type: 'CollateralTopUp', signer: participant, amount_mu: r6(amt), posted_mu: r6(this.escrow.acct(participant).posted_mu) });
  }
}
