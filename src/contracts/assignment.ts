// Alg. 3, cooperative partner assignment: a delegation shortfall is covered by partner VPs that are
// admissible towards the consumer, have spare (unlocked) envelope in the slot and service, and a
// reputation at or above the threshold, at least cost. The LP
//     min sum_j (c_j + fee_j - M) x_j   s.t.  sum_j x_j <= shortfall,  0 <= x_j <= spare_j
// (M large: cover as much as possible, then cheapest) is a continuous knapsack with one row, whose
// exact optimum is the greedy fill in order of c_j + fee_j; test/contracts checks it against HiGHS.
import { capKey, tradeAdmissible } from './regulation.js';
import { addTo, qkey, remainingEnvelope, type ContractState } from './state.js';
import type { LifecycleEvent, Trade } from './types.js';

export interface PartnerCandidate {
  vp: string;
  /** Marginal cost of the service, m.u./kWh. */
  cost: number;
}

export interface AssignmentResult {
  assigned: { partner: string; quantity: number; cost: number }[];
  covered: number;
  uncovered: number;
  events: LifecycleEvent[];
}

/** Partner candidates of one slot and service, per jurisdiction, each list sorted by cost (then id). */
export type CandidatePool = Map<string, PartnerCandidate[]>;

export function candidatePool(offers: readonly { vp: string; jurisdiction: string; cost: number }[]): CandidatePool {
  const pool: CandidatePool = new Map();
  for (const o of offers) {
    const list = pool.get(o.jurisdiction) ?? [];
    list.push({ vp: o.vp, cost: o.cost });
    pool.set(o.jurisdiction, list);
  }
  for (const list of pool.values()) list.sort((a, b) => a.cost - b.cost || (a.vp < b.vp ? -1 : a.vp > b.vp ? 1 : 0));
  return new Map([...pool].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/**
 * Assigns `shortfall` kWh of `trade` to partners from `pool`. Admissibility depends on the partner's
 * jurisdiction only, and the optimum takes a cost-ordered prefix of each jurisdiction's list, so each
 * admissible list is walked only until its spare alone could cover the shortfall (exact). Candidates
 * without spare envelope are removed from the pool (spare only shrinks while the slot is open).
 * Locks the partners' quantities (and cross-border cap usage) and records them on the trade.
 */
export function assignPartners(
  s: ContractState,
  trade: Trade,
  shortfall: number,
  pool: CandidatePool,
  opts: { reputationThreshold: number; feePerKwh: number },
  now: number
): AssignmentResult {
  const jc = s.jurisdictionOf.get(trade.consumer)!;
  const eligible: { vp: string; eff: number; spare: number; jp: string }[] = [];
  for (const [jp, list] of pool) {
    if (!tradeAdmissible(s.rules, s.capUsage, trade.service, trade.slot, jp, jc, 1).ok) continue;
    const fee = jp === jc ? 0 : opts.feePerKwh;
    let got = 0;
    let w = 0;
    let i = 0;
    for (; i < list.length; i++) {
      const c = list[i];
      const spare = remainingEnvelope(s, c.vp, trade.slot, trade.service);
      if (spare <= 0 && c.vp !== trade.provider) continue; // exhausted: dropped from the pool
      list[w++] = c;
      if (got >= shortfall || spare <= 0 || c.vp === trade.provider || c.vp === trade.consumer) continue;
      if ((s.reputation.get(c.vp) ?? 0) < opts.reputationThreshold) continue;
      eligible.push({ vp: c.vp, eff: c.cost + fee, spare, jp });
      got += spare;
      if (got >= shortfall) {
        i++;
        break;
      }
    }
    for (; i < list.length; i++) list[w++] = list[i];
    list.length = w;
  }
  eligible.sort((a, b) => a.eff - b.eff || (a.vp < b.vp ? -1 : a.vp > b.vp ? 1 : 0));
  const assigned: AssignmentResult['assigned'] = [];
  let rest = shortfall;
  for (const e of eligible) {
    if (rest <= 0) break;
    let q = Math.min(rest, e.spare);
    if (e.jp !== jc) {
      const cap = s.rules.jurisdictions[e.jp].crossBorderCapKwh;
      q = Math.min(q, Math.max(0, Math.floor(cap - (s.capUsage.get(capKey(e.jp, trade.slot, trade.service)) ?? 0))));
    }
    if (q <= 0) continue;
    assigned.push({ partner: e.vp, quantity: q, cost: e.eff });
    addTo(s.locked, qkey(e.vp, trade.slot, trade.service), q);
    if (e.jp !== jc) addTo(s.capUsage, capKey(e.jp, trade.slot, trade.service), q);
    rest -= q;
  }
  const covered = shortfall - rest;
  trade.partners.push(...assigned);
  trade.partnerCovered += covered;
  trade.uncovered = rest;
  const base = { t: now, signer: 'market', service: trade.service, slot: trade.slot, provider: trade.provider, consumer: trade.consumer };
  const events: LifecycleEvent[] = assigned.map((a) => ({ ...base, type: 'PartnerAssigned', tradeId: trade.tradeId, parentTradeId: trade.tradeId, partner: a.partner, quantity: a.quantity, cost: a.cost }));
  if (rest > 0) events.push({ ...base, type: 'AssignmentFailed', tradeId: trade.tradeId, quantity: rest });
  return { assigned, covered, uncovered: rest, events };
}
