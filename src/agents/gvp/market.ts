// Market/coordinator agent and contract host: runs the allocation LP per slot and service, executes
// the contract lifecycle (Alg. 1-4) by calling the pure functions of src/contracts, and commits
// every lifecycle event to the ledger through EventChain. A thin adapter: no lifecycle logic here.
import { allocate, type Offer, type Request } from '../../contracts/allocation.js';
import { assignPartners, candidatePool, type CandidatePool } from '../../contracts/assignment.js';
import type { EventChain } from '../../contracts/chain.js';
import { checkReport, recordDelegation, type DelegationReport } from '../../contracts/delegation.js';
import { setKyc } from '../../contracts/identity.js';
import { acceptBatch, verifyReadings, type Reading, type VerifyParams } from '../../contracts/oracle.js';
import { applyRuleChange } from '../../contracts/regulation.js';
import { registerBundle } from '../../contracts/registration.js';
import { settleTrade, type SettlementParams } from '../../contracts/settlement.js';
import { qkey, type ContractState } from '../../contracts/state.js';
import { SERVICES, type LifecycleEvent, type RegistrationBundle, type Service } from '../../contracts/types.js';
import type { LpSolver } from '../../optim/lp.js';
import { Agent } from '../../sim/agent.js';
import type { GvpParams } from '../../gvp/params.js';
import type { GvpMsg, GvpTimer, ProposedMatch } from './messages.js';

export interface MarketConfig {
  g: GvpParams;
  t0: number;
  solver: LpSolver;
  state: ContractState;
  chain: EventChain;
  oracleIds: string[];
  verify: VerifyParams;
  settle: SettlementParams;
  /** Publish accepted registrations on topic 'public' (observed by the adversary). */
  publishRegistrations: boolean;
}

type Orders = Extract<GvpMsg, { type: 'orders' }>;

export class MarketAgent extends Agent<GvpMsg, GvpTimer> {
  /** LP statistics (timings are wall-clock, reported under `timings` only). */
  lp = { solves: 0, ms: 0, maxCols: 0, welfare: 0 };
  private readonly orders = new Map<number, Orders[]>();
  private readonly cleared = new Set<number>();
  private readonly bids = new Map<string, number>();
  private readonly candidates = new Map<string, CandidatePool>();
  private readonly slotTrades = new Map<number, string[]>();
  private readonly readings = new Map<string, Reading[]>();

  constructor(private readonly c: MarketConfig) {
    super('market');
  }

  private emit(ev: LifecycleEvent): void {
    this.c.chain.emit(ev);
  }

  private start(slot: number): number {
    return this.c.t0 + slot * this.c.g.horizon.slot_s;
  }

  private latency(): number {
    const m = this.c.g.market.latencyMean_s;
    return m > 0 ? this.rng.exponential(1 / m) : 0;
  }

  override onStart(): void {
    const g = this.c.g;
    for (let s = 0; s < g.horizon.slots; s++) {
      this.setTimer(this.start(s) - g.market.lead_s, { kind: 'bid', slot: s });
      this.setTimer(this.start(s) - g.market.lead_s + g.market.bidWindow_s, { kind: 'clear', slot: s });
      this.setTimer(this.start(s) + g.horizon.slot_s + g.settlement.delay_s, { kind: 'settle', slot: s });
    }
    this.setTimer(g.ledger.blockPeriod_s, { kind: 'seal' }, 10);
  }

  override onTimer(tag: GvpTimer): void {
    if (tag.kind === 'bid') this.publish('vps', { type: 'callForBids', slot: tag.slot } satisfies GvpMsg, this.latency());
    else if (tag.kind === 'clear') this.clear(tag.slot);
    else if (tag.kind === 'settle') this.settleSlot(tag.slot);
    else if (tag.kind === 'seal') {
      this.c.chain.seal(this.now);
      const g = this.c.g;
      if (this.now < this.start(g.horizon.slots) + g.horizon.slot_s + g.settlement.delay_s) this.setTimer(g.ledger.blockPeriod_s, { kind: 'seal' }, 10);
    }
  }

  override onMessage(msg: GvpMsg, from: number): void {
    switch (msg.type) {
      case 'orders':
        return this.onOrders(msg);
      case 'register':
        return this.onRegister(msg.bundle, from);
      case 'delegated':
        return this.onDelegated(msg.report, from);
      case 'oracleBatch':
        return this.onBatch(msg.batch);
      case 'ruleChange':
        this.c.state.rules = applyRuleChange(this.c.state.rules, msg.change);
        this.emit({ t: this.now, type: 'RuleChanged', signer: 'market', change: JSON.parse(JSON.stringify(msg.change)) });
        return;
      case 'identityChange':
        setKyc(this.c.state.registry, msg.vp, msg.action === 'revoke' ? this.now : Number.MAX_SAFE_INTEGER);
        this.emit({ t: this.now, type: 'IdentityChanged', signer: 'market', vp: msg.vp, action: msg.action });
        return;
    }
  }

  private onOrders(o: Orders): void {
    const late = this.cleared.has(o.slot);
    for (const r of o.requests) {
      const base = { t: this.now, signer: 'market', service: r.service, slot: o.slot, consumer: o.vp, quantity: r.quantity };
      this.emit({ ...base, type: 'DemandRequested', price: r.wtp });
      if (late) this.emit({ ...base, type: 'DemandUnallocated', late: true });
    }
    if (late) return;
    for (const of of o.offers) this.c.state.envelope.set(qkey(o.vp, o.slot, of.service), of.envelope);
    const list = this.orders.get(o.slot) ?? [];
    list.push(o);
    this.orders.set(o.slot, list);
  }

  private clear(slot: number): void {
    const { g, state } = this.c;
    this.cleared.add(slot);
    const orders = this.orders.get(slot) ?? [];
    this.orders.delete(slot);
    const byProvider = new Map<string, ProposedMatch[]>();
    for (const service of SERVICES) {
      const offers: Offer[] = [];
      const requests: Request[] = [];
      for (const o of orders) {
        const j = state.jurisdictionOf.get(o.vp) ?? '?';
        for (const f of o.offers) if (f.service === service) offers.push({ vp: o.vp, jurisdiction: j, quantity: f.quantity, cost: f.cost });
        for (const r of o.requests) if (r.service === service) requests.push({ vp: o.vp, jurisdiction: j, quantity: r.quantity, wtp: r.wtp });
      }
      this.candidates.set(`${slot}|${service}`, candidatePool(offers));
      if (requests.length === 0) continue;
      const res = allocate({ service, slot, offers, requests, rules: state.rules, capUsage: state.capUsage, feePerKwh: g.market.feePerKwh, checkRecognition: g.market.checkRecognition }, this.c.solver);
      this.lp.solves++;
      this.lp.ms += res.lpMs;
      this.lp.maxCols = Math.max(this.lp.maxCols, res.lpCols);
      this.lp.welfare += res.welfare;
      const un = new Map(res.unallocated.map((u) => [u.vp, u.quantity]));
      for (const r of requests) {
        const u = un.get(r.vp) ?? 0;
        if (u > 0) this.emit({ t: this.now, type: 'DemandUnallocated', signer: 'market', service, slot, consumer: r.vp, quantity: u });
        // the contract accepts registrations up to the allocated quantity of each request
        state.openRequest.set(qkey(r.vp, slot, service), r.quantity - u);
        this.bids.set(qkey(r.vp, slot, service), r.wtp);
      }
      // the allocation result on record (K4 concentration is computed from it)
      this.emit({ t: this.now, type: 'AllocationCleared', signer: 'market', service, slot, quantity: res.matches.reduce((a, m) => a + m.quantity, 0), matches: res.matches.map((m) => [m.provider, m.consumer, m.quantity]) });
      for (const m of res.matches) {
        const list = byProvider.get(m.provider) ?? [];
        list.push({ ...m, bid: this.bids.get(qkey(m.consumer, slot, service)) ?? m.price });
        byProvider.set(m.provider, list);
      }
    }
    for (const [vp, matches] of byProvider) this.send(vp, { type: 'proposals', slot, matches } satisfies GvpMsg, this.latency());
  }

  private onRegister(bundle: RegistrationBundle, from: number): void {
    const registered: { tradeId: string; service: Service; slot: number; quantity: number }[] = [];
    for (const res of registerBundle(this.c.state, bundle, this.now)) {
      this.emit(res.event);
      if (!res.ok) continue;
      registered.push({ tradeId: res.trade.tradeId, service: res.trade.service, slot: res.trade.slot, quantity: res.trade.quantity });
      const list = this.slotTrades.get(res.trade.slot) ?? [];
      list.push(res.trade.tradeId);
      this.slotTrades.set(res.trade.slot, list);
    }
    if (registered.length > 0 && this.c.publishRegistrations) this.publish('public', { type: 'publicRegistration', bundle } satisfies GvpMsg);
    if (registered.length > 0 && from >= 0) this.send(from, { type: 'registered', trades: registered } satisfies GvpMsg, this.latency());
  }

  private onDelegated(report: DelegationReport, from: number): void {
    const { state, g } = this.c;
    // a contract message: accepted only when signed by the registered provider
    if (!checkReport(state.registry, report).ok) return;
    for (const item of report.items) {
      const trade = state.trades.get(item.tradeId);
      if (!trade || trade.provider !== report.signer || trade.slot !== report.slot) continue;
      const d = recordDelegation(trade, item.shares, this.now);
      for (const e of d.events) this.emit(e);
      if (d.shortfall <= 0) continue;
      const pool = this.candidates.get(`${trade.slot}|${trade.service}`) ?? new Map();
      const a = assignPartners(state, trade, d.shortfall, pool, { reputationThreshold: g.reputation.threshold, feePerKwh: g.market.feePerKwh }, this.now);
      for (const e of a.events) this.emit(e);
      if (a.covered > 0) this.send(from, { type: 'assigned', tradeId: trade.tradeId, partnerCovered: a.covered } satisfies GvpMsg, this.latency());
    }
  }

  private onBatch(batch: (GvpMsg & { type: 'oracleBatch' })['batch']): void {
    const ok = acceptBatch(this.c.state.registry, batch);
    if (!ok.ok) {
      this.emit({ t: this.now, type: 'OracleReportRejected', signer: 'market', slot: batch.slot, oracle: batch.oracle, detail: ok.detail, readings: batch.readings.length });
      return;
    }
    // one OracleReport per accepted batch (the oracle's signed readings of the slot)
    const rows: [string, number, number][] = [];
    for (const r of batch.readings) {
      const trade = this.c.state.trades.get(r.tradeId);
      if (!trade || trade.slot !== batch.slot) continue;
      rows.push([r.tradeId, r.value, r.measuredAt]);
      const list = this.readings.get(r.tradeId) ?? [];
      list.push(r);
      this.readings.set(r.tradeId, list);
    }
    this.emit({ t: this.now, type: 'OracleReport', signer: batch.oracle, slot: batch.slot, oracle: batch.oracle, readings: rows, signature: batch.signature ?? null });
  }

  private settleSlot(slot: number): void {
    const { state } = this.c;
    const meterTime = this.start(slot) + this.c.g.horizon.slot_s;
    for (const tradeId of this.slotTrades.get(slot) ?? []) {
      const trade = state.trades.get(tradeId)!;
      const ver = verifyReadings(this.readings.get(tradeId) ?? [], this.c.oracleIds, trade.quantity, meterTime, this.c.verify);
      this.readings.delete(tradeId);
      const res = settleTrade(state, trade, ver, this.now, this.c.settle);
      for (const e of res.events) this.emit(e);
    }
    this.slotTrades.delete(slot);
  }
}
