// VP agent (GVP layer): a thin adapter. It bids its net positions (envelopes and demands from its
// regional profile), signs registrations for the market's proposals, delegates commitments to its
// internal clusters with Alg. 2 (realized availability = forecast plus error), and delivers.
import type { KeyObject } from 'node:crypto';
import { delegate, signReport, type DelegationReport, type Resource } from '../../contracts/delegation.js';
import { signBundle } from '../../contracts/identity.js';
import type { RegistrationRequest, Service } from '../../contracts/types.js';
import { Agent } from '../../sim/agent.js';
import type { GvpParams } from '../../gvp/params.js';
import { vpPlan, type SlotPosition, type WorldVp } from '../../gvp/world.js';
import type { GvpMsg, GvpTimer } from './messages.js';

export interface VpAgentConfig {
  spec: WorldVp;
  g: GvpParams;
  t0: number;
  key: KeyObject;
  market: number;
  oracles: number[];
}

interface HeldTrade {
  tradeId: string;
  service: Service;
  quantity: number;
  own: number;
  partner: number;
}

export class GvpVpAgent extends Agent<GvpMsg, GvpTimer> {
  private plan: SlotPosition[][] = [];
  private nonce = 0;
  private shares: number[] = [];
  private readonly trades = new Map<number, HeldTrade[]>();
  private readonly byId = new Map<string, HeldTrade>();

  constructor(private readonly c: VpAgentConfig) {
    super(c.spec.id);
  }

  override onStart(): void {
    const { g, t0 } = this.c;
    this.plan = vpPlan(this.c.spec, g, this.rng);
    // fixed cluster shares of the VP's envelope (Dirichlet-like, from its own stream)
    const w = Array.from({ length: this.c.spec.clusters }, () => 0.5 + this.rng.next());
    const sum = w.reduce((a, b) => a + b, 0);
    this.shares = w.map((x) => x / sum);
    this.subscribe('vps');
    for (let s = 0; s < g.horizon.slots; s++) {
      const start = t0 + s * g.horizon.slot_s;
      this.setTimer(start - g.delegation.lead_s, { kind: 'delegate', slot: s });
      this.setTimer(start + g.horizon.slot_s, { kind: 'deliver', slot: s }, 1);
    }
  }

  private latency(): number {
    const m = this.c.g.market.latencyMean_s;
    return m > 0 ? this.rng.exponential(1 / m) : 0;
  }

  override onMessage(msg: GvpMsg): void {
    const g = this.c.g;
    if (msg.type === 'callForBids') {
      const row = this.plan[msg.slot] ?? [];
      this.send(
        this.c.market,
        {
          type: 'orders',
          vp: this.id,
          slot: msg.slot,
          // bid all but a reserve share of the envelope; the whole envelope is declared on-chain
          // (the reserve is spare capacity for partner assignment, Alg. 3)
          offers: row.filter((p) => p.net > 0).map((p) => ({ service: p.service, quantity: Math.floor(p.net * (1 - g.delegation.reserveShare)), envelope: p.net, cost: p.cost })),
          requests: row.filter((p) => p.net < 0).map((p) => ({ service: p.service, quantity: -p.net, wtp: p.wtp })),
        } satisfies GvpMsg,
        this.latency()
      );
    } else if (msg.type === 'proposals') {
      const delay = g.market.vpResponseMean_s > 0 ? this.rng.exponential(1 / g.market.vpResponseMean_s) : 0;
      const requests: RegistrationRequest[] = [];
      for (const m of msg.matches) {
        // a misbehaving provider (doubleCommitProb) tries to commit the same match twice
        const copies = this.rng.bernoulli(g.security.doubleCommitProb) ? 2 : 1;
        for (let k = 0; k < copies; k++) requests.push({ service: m.service, slot: m.slot, provider: m.provider, consumer: m.consumer, quantity: m.quantity, price: m.price, cost: m.cost, fee: m.fee, bid: m.bid });
      }
      const bundle = signBundle({ signer: this.id, nonce: this.nonce++, t: this.now + delay, requests }, this.c.key);
      this.send(this.c.market, { type: 'register', bundle } satisfies GvpMsg, delay + this.latency());
    } else if (msg.type === 'registered') {
      for (const t of msg.trades) {
        const h: HeldTrade = { tradeId: t.tradeId, service: t.service, quantity: t.quantity, own: 0, partner: 0 };
        const list = this.trades.get(t.slot) ?? [];
        list.push(h);
        this.trades.set(t.slot, list);
        this.byId.set(t.tradeId, h);
      }
    } else if (msg.type === 'assigned') {
      const h = this.byId.get(msg.tradeId);
      if (h) h.partner += msg.partnerCovered;
    }
  }

  override onTimer(tag: GvpTimer): void {
    const u = this.c.g.uncertainty;
    if (tag.kind === 'delegate') {
      const list = this.trades.get(tag.slot) ?? [];
      const resources = new Map<Service, Resource[]>();
      for (const pos of this.plan[tag.slot] ?? []) {
        if (pos.net <= 0) continue;
        // realized availability per cluster: forecast share of the declared envelope, plus error
        // (integer kWh by flooring cumulative sums, so without error the clusters cover it exactly)
        let cum = 0;
        let prev = 0;
        resources.set(
          pos.service,
          this.shares.map((sh, k) => {
            cum += Math.max(0, sh * pos.net * (1 + u.forecastBias + u.forecastErrorSd * this.rng.normal()));
            const upTo = Math.floor(cum + 1e-6);
            const available = upTo - prev;
            prev = upTo;
            return { id: `${this.id}/c${k}`, available };
          })
        );
      }
      // commitments of one service share the clusters: each gets the same covered fraction
      const committed = new Map<Service, number>();
      for (const h of list) committed.set(h.service, (committed.get(h.service) ?? 0) + h.quantity);
      const fraction = new Map<Service, number>();
      for (const [sv, q] of committed) {
        const avail = (resources.get(sv) ?? []).reduce((a, r) => a + r.available, 0);
        fraction.set(sv, q > 0 ? Math.min(1, avail / q) : 1);
      }
      const items: DelegationReport['items'] = [];
      for (const h of list) {
        const target = Math.min(h.quantity, Math.floor(h.quantity * fraction.get(h.service)! + 1e-6));
        const plan = delegate(target, resources.get(h.service) ?? []);
        h.own = plan.covered;
        items.push({ tradeId: h.tradeId, shares: plan.shares });
      }
      // one signed contract message per slot with all delegations
      if (items.length > 0) this.send(this.c.market, { type: 'delegated', report: signReport({ signer: this.id, slot: tag.slot, items }, this.c.key) } satisfies GvpMsg, this.latency());
    } else if (tag.kind === 'deliver') {
      const list = this.trades.get(tag.slot) ?? [];
      if (list.length === 0) return;
      const dev = () => Math.max(0, 1 + u.deliveryBias + u.deliveryDeviationSd * this.rng.normal());
      const readings = list.map((h) => ({ tradeId: h.tradeId, delivered: Math.max(0, Math.round(h.own * dev() + h.partner * dev())) }));
      for (const o of this.c.oracles) this.send(o, { type: 'meter', slot: tag.slot, meterTime: this.now, readings } satisfies GvpMsg, this.latency());
    }
  }
}
