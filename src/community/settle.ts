// Settlement of one interval from verified metering (community.md). Per trade, the settled energy is
// qty x min(fs, gb): fs = share of the seller's sales covered by its metered export, gb = share of
// the buyer's purchases covered by its metered import (pro rata over a party's trades). The buyer
// pays price + fee per settled kWh, the seller receives the price. Whatever a party imports or
// exports beyond its settled P2P energy goes to the grid at the retail / feed-in tariff. The party
// that fell short of a trade (the smaller of fs, gb) leaves its counterparty a loss, which the
// insurance pool compensates: a buyer's (retail - price - fee) or a seller's (price - feed-in) per kWh.
// Penalties (penalties.ts) compare the metered energy with the party's schedule: under-delivery
// below the P2P energy it traded, over-delivery beyond what its accepted order declared.
import { deliveryPenalty, type PenaltyRates, type PenaltyResult } from './penalties.js';
import type { Trade } from './types.js';

export interface Meter {
  import_kwh: number;
  export_kwh: number;
}

export interface Tariffs {
  retail_mu_per_kwh: number;
  feedIn_mu_per_kwh: number;
  spot_mu_per_kwh: number;
  /** Operator fee per P2P kWh, paid by the buyer, m.u./kWh. */
  fee_mu_per_kwh: number;
}

export interface PartySettlement extends PenaltyResult {
  participant: string;
  /** P2P energy the party bought / sold in the interval's trades. */
  bought_kwh: number;
  sold_kwh: number;
  p2pIn_kwh: number;
  p2pOut_kwh: number;
  p2pPaid_mu: number;
  p2pReceived_mu: number;
  fee_mu: number;
  gridImport_kwh: number;
  gridExport_kwh: number;
  gridCost_mu: number;
  gridRevenue_mu: number;
  /** Loss the party suffered from a counterparty's shortfall (claimed from the insurance pool). */
  claim_mu: number;
}

export interface TradeSettlement {
  trade: Trade;
  settled_kwh: number;
  /** Who fell short ('seller' | 'buyer' | null when fully settled). */
  short: 'seller' | 'buyer' | null;
}

const EPS = 1e-12;

export interface Schedule {
  side: 'buy' | 'sell';
  qty_kwh: number;
}

export function settleInterval(
  trades: readonly Trade[],
  meters: ReadonlyMap<string, Meter>,
  schedules: ReadonlyMap<string, Schedule>,
  t: Tariffs,
  rates: PenaltyRates
): { parties: PartySettlement[]; trades: TradeSettlement[] } {
  const sold = new Map<string, number>();
  const bought = new Map<string, number>();
  for (const tr of trades) {
    sold.set(tr.seller, (sold.get(tr.seller) ?? 0) + tr.qty_kwh);
    bought.set(tr.buyer, (bought.get(tr.buyer) ?? 0) + tr.qty_kwh);
  }
  const m = (id: string) => meters.get(id) ?? { import_kwh: 0, export_kwh: 0 };
  const fs = (id: string) => Math.min(1, m(id).export_kwh / Math.max(EPS, sold.get(id) ?? 0));
  const gb = (id: string) => Math.min(1, m(id).import_kwh / Math.max(EPS, bought.get(id) ?? 0));
  const parties = new Map<string, PartySettlement>();
  for (const id of meters.keys()) {
    parties.set(id, {
      participant: id, bought_kwh: bought.get(id) ?? 0, sold_kwh: sold.get(id) ?? 0, p2pIn_kwh: 0, p2pOut_kwh: 0, p2pPaid_mu: 0, p2pReceived_mu: 0, fee_mu: 0,
      gridImport_kwh: 0, gridExport_kwh: 0, gridCost_mu: 0, gridRevenue_mu: 0, claim_mu: 0, under_kwh: 0, over_kwh: 0, under_mu: 0, over_mu: 0,
    });
  }
  const get = (id: string) => {
    let p = parties.get(id);
    if (!p) throw new Error(`trade party '${id}' has no meter data`);
    return p;
  };
  const ts: TradeSettlement[] = [];
  for (const tr of trades) {
    const f = fs(tr.seller), g = gb(tr.buyer);
    const settled = tr.qty_kwh * Math.min(f, g);
    const b = get(tr.buyer), s = get(tr.seller);
    b.p2pIn_kwh += settled;
    b.p2pPaid_mu += settled * tr.price_mu_per_kwh;
    b.fee_mu += settled * t.fee_mu_per_kwh;
    s.p2pOut_kwh += settled;
    s.p2pReceived_mu += settled * tr.price_mu_per_kwh;
    const gap = tr.qty_kwh - settled;
    let short: TradeSettlement['short'] = null;
    if (gap > 1e-9) {
      short = f <= g ? 'seller' : 'buyer';
      if (short === 'seller') b.claim_mu += gap * Math.max(0, t.retail_mu_per_kwh - tr.price_mu_per_kwh - t.fee_mu_per_kwh);
      else s.claim_mu += gap * Math.max(0, tr.price_mu_per_kwh - t.feedIn_mu_per_kwh);
    }
    ts.push({ trade: tr, settled_kwh: settled, short });
  }
  for (const p of parties.values()) {
    const me = m(p.participant);
    p.gridImport_kwh = Math.max(0, me.import_kwh - p.p2pIn_kwh);
    p.gridExport_kwh = Math.max(0, me.export_kwh - p.p2pOut_kwh);
    p.gridCost_mu = p.gridImport_kwh * t.retail_mu_per_kwh;
    p.gridRevenue_mu = p.gridExport_kwh * t.feedIn_mu_per_kwh;
    const sch = schedules.get(p.participant);
    if (sch) Object.assign(p, deliveryPenalty(sch.side === 'sell' ? p.sold_kwh : p.bought_kwh, sch.qty_kwh, sch.side === 'sell' ? me.export_kwh : me.import_kwh, t.spot_mu_per_kwh, rates));
  }
  return { parties: [...parties.values()], trades: ts };
}

/** A party's net cost of the interval (positive = pays), before compensation. */
export function netCost(p: PartySettlement): number {
  return p.gridCost_mu - p.gridRevenue_mu + p.p2pPaid_mu + p.fee_mu - p.p2pReceived_mu + p.under_mu + p.over_mu;
}

/** The grid-only bill of the same metered energy. */
export function gridOnlyCost(me: Meter, t: Pick<Tariffs, 'retail_mu_per_kwh' | 'feedIn_mu_per_kwh'>): number {
  return me.import_kwh * t.retail_mu_per_kwh - me.export_kwh * t.feedIn_mu_per_kwh;
}
