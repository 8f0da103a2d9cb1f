// Stage 0, allocation: one welfare-maximizing LP per (slot, service).
//
// Admissibility and fees depend only on the (provider jurisdiction, consumer jurisdiction) pair,
// so the bilateral transportation LP is solved exactly in a sparse "hub" form: a variable s[p,J]
// for what provider p sells into jurisdiction J, a variable b[k] for what consumer k buys, and a
// balance row per jurisdiction hub. Size: (#providers x #admissible hubs) + #consumers columns,
// instead of #providers x #consumers; exact because every bilateral plan with the same hub flows
// has the same welfare. The hub flows are then split into bilateral trades (north-west corner,
// cheapest provider to highest bid), in integer kWh.
//
//   max  sum_k v_k b_k - sum_{p,J} (c_p + fee(J_p, J)) s_pJ
//   s.t. sum_J s_pJ <= E_p                       (provider envelope)
//        sum_p s_pJ - sum_{k in J} b_k = 0        (hub balance)
//        sum_{p in J'} sum_{J != J'} s_pJ <= cap_J' (exporter's cross-border cap, remaining)
//        0 <= b_k <= D_k, s_pJ >= 0, only admissible (J_p, J) pairs with v_max(J) > c_p + fee
//
// Price of a trade: the consumer's bid minus half the surplus, p = (v + c + fee) / 2.
import { LpModel, type LpSolver } from '../optim/lp.js';
import { pairAdmissible, type CapUsage, capKey } from './regulation.js';
import type { Match, RuleTable, Service } from './types.js';

export interface Offer {
  vp: string;
  jurisdiction: string;
  /** kWh available (integer). */
  quantity: number;
  cost: number;
}

export interface Request {
  vp: string;
  jurisdiction: string;
  quantity: number;
  /** Willingness to pay, m.u./kWh. */
  wtp: number;
}

export interface AllocationInput {
  service: Service;
  slot: number;
  offers: Offer[];
  requests: Request[];
  rules: RuleTable;
  capUsage: CapUsage;
  feePerKwh: number;
  /** Whether the market checks certificate recognition (otherwise only the contract does). */
  checkRecognition: boolean;
}

export interface AllocationResult {
  matches: Match[];
  /** Unallocated quantity per consumer (kWh), in request order. */
  unallocated: { vp: string; quantity: number }[];
  welfare: number;
  lpMs: number;
  lpCols: number;
  lpRows: number;
}

export function allocate(input: AllocationInput, solver: LpSolver): AllocationResult {
  const { service, slot, rules, feePerKwh } = input;
  const offers = input.offers.filter((o) => o.quantity > 0);
  const requests = input.requests.filter((r) => r.quantity > 0);
  const hubs = [...new Set(requests.map((r) => r.jurisdiction))].sort();
  const maxBid = new Map<string, number>();
  for (const r of requests) maxBid.set(r.jurisdiction, Math.max(maxBid.get(r.jurisdiction) ?? -Infinity, r.wtp));
  const lp = new LpModel('max');
  const sCols: { p: number; hub: string; col: number; fee: number }[] = [];
  const byProvider: number[][] = offers.map(() => []);
  const byHubIn = new Map<string, number[]>();
  const exportCols = new Map<string, number[]>();
  const admissibleCache = new Map<string, boolean>();
  offers.forEach((o, p) => {
    for (const hub of hubs) {
      const key = `${o.jurisdiction}>${hub}`;
      let ok = admissibleCache.get(key);
      if (ok === undefined) {
        ok = pairAdmissible(rules, service, o.jurisdiction, hub, input.checkRecognition).ok;
        admissibleCache.set(key, ok);
      }
      if (!ok) continue;
      const fee = o.jurisdiction === hub ? 0 : feePerKwh;
      if (!((maxBid.get(hub) ?? -Infinity) > o.cost + fee)) continue;
      const col = lp.addVar({ lb: 0, ub: o.quantity, cost: -(o.cost + fee) });
      sCols.push({ p, hub, col, fee });
      byProvider[p].push(col);
      (byHubIn.get(hub) ?? byHubIn.set(hub, []).get(hub)!).push(col);
      if (fee > 0 || o.jurisdiction !== hub) (exportCols.get(o.jurisdiction) ?? exportCols.set(o.jurisdiction, []).get(o.jurisdiction)!).push(col);
    }
  });
  const bCols = requests.map((r) => lp.addVar({ lb: 0, ub: r.quantity, cost: r.wtp }));
  byProvider.forEach((cols, p) => {
    if (cols.length > 1) lp.addConstraint(cols, cols.map(() => 1), { ub: offers[p].quantity });
  });
  for (const hub of hubs) {
    const ins = byHubIn.get(hub) ?? [];
    const outs: number[] = [];
    requests.forEach((r, k) => {
      if (r.jurisdiction === hub) outs.push(bCols[k]);
    });
    lp.addConstraint([...ins, ...outs], [...ins.map(() => 1), ...outs.map(() => -1)], { lb: 0, ub: 0 });
  }
  for (const [j, cols] of [...exportCols].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const cap = rules.jurisdictions[j]?.crossBorderCapKwh ?? Infinity;
    if (cap === Infinity) continue;
    const rem = Math.max(0, cap - (input.capUsage.get(capKey(j, slot, service)) ?? 0));
    lp.addConstraint(cols, cols.map(() => 1), { ub: rem });
  }
  const res = solver.solve(lp);
  if (res.status !== 'optimal') throw new Error(`allocation LP ${service} slot ${slot}: ${res.status} (${res.message})`);
  const x = res.x;
  // split hub flows into bilateral trades, integer kWh
  const matches: Match[] = [];
  const bought = requests.map((_, k) => Math.floor(x[bCols[k]] + 1e-6));
  for (const hub of hubs) {
    const ins = sCols
      .filter((s) => s.hub === hub)
      .map((s) => ({ o: offers[s.p], fee: s.fee, q: Math.floor(x[s.col] + 1e-6) }))
      .filter((s) => s.q > 0)
      .sort((a, b) => a.o.cost + a.fee - (b.o.cost + b.fee) || cmp(a.o.vp, b.o.vp));
    const outs = requests
      .map((r, k) => ({ r, k, q: bought[k] }))
      .filter((c) => c.r.jurisdiction === hub && c.q > 0)
      .sort((a, b) => b.r.wtp - a.r.wtp || cmp(a.r.vp, b.r.vp));
    let i = 0;
    let j = 0;
    while (i < ins.length && j < outs.length) {
      const q = Math.min(ins[i].q, outs[j].q);
      if (q > 0 && ins[i].o.vp !== outs[j].r.vp) {
        const c = ins[i].o.cost;
        const fee = ins[i].fee;
        const v = outs[j].r.wtp;
        matches.push({ service, slot, provider: ins[i].o.vp, consumer: outs[j].r.vp, quantity: q, price: round6((v + c + fee) / 2), cost: c, fee });
      } // (a VP never trades with itself: its own offer and request are netted beforehand)
      ins[i].q -= q;
      outs[j].q -= q;
      if (ins[i].q === 0) i++;
      if (outs[j] && outs[j].q === 0) j++;
    }
  }
  const got = new Map<string, number>();
  for (const m of matches) got.set(m.consumer, (got.get(m.consumer) ?? 0) + m.quantity);
  const unallocated = requests.map((r) => ({ vp: r.vp, quantity: r.quantity - (got.get(r.vp) ?? 0) })).filter((u) => u.quantity > 0);
  const bidOf = new Map(requests.map((r) => [r.vp, r.wtp]));
  let welfare = 0;
  for (const m of matches) welfare += (bidOf.get(m.consumer)! - m.cost - m.fee) * m.quantity;
  return { matches, unallocated, welfare, lpMs: res.solveMs, lpCols: lp.numCols, lpRows: lp.numRows };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
