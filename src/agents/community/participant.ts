// A community participant (household, commercial building or EV-fleet operator): meters its
// connection every metering step (load, PV, home battery, EV/V2G), reports to the aggregator over
// its state channel and to the DF agent, forecasts its own load and PV and bids its forecast net
// position before each gate closure, follows its schedule (V2G discharges only what it sold),
// answers margin calls, and reports its V2G sessions. Optional faults: meter blackouts and a
// cheating channel dispute. Thin adapter: devices, forecasting and channels are src/community.
import type { KeyObject } from 'node:crypto';
import type { CevPowerMsg } from '../../grid/feeder-messages.js';
import { cosign, type ChannelState } from '../../community/channel.js';
import { batteryStep, evStep, pluggedIn, v2gAvailable_kwh, type BatterySpec, type BatteryState, type EvSpec } from '../../community/devices.js';
import type { EnergySlice } from '../../community/carbon.js';
import type { Forecaster } from '../../community/forecast.js';
import { Agent } from '../../sim/agent.js';
import type { ChannelDisputeMsg, MeterMsg, OrderMsg, ParticipantInbound, Registers, TopUpMsg, V2gSessionMsg } from './messages.js';

export interface ParticipantForecasters {
  /** The model bids come from, and the two baselines (recorded with every order). */
  model: Forecaster;
  persistence: Forecaster;
  seasonal: Forecaster;
}

export interface ParticipantConfig {
  kind: string;
  /** Index of this participant among the DF agent's flexible loads. */
  dfIndex: number;
  market: string;
  /** false under grid-only: no market, no orders. */
  trades: boolean;
  aggregator: string;
  df: string;
  t0_s: number;
  interval_s: number;
  meterStep_s: number;
  intervals: number;
  gateLead_s: number;
  orderLead_s: number;
  /** Powers of the simulated day, kW per 5-min profile step. */
  load_kw: ArrayLike<number>;
  pv_kw: ArrayLike<number>;
  profileStep_s: number;
  /** Interval energies over history + day and where the day starts in them. */
  loadSeries: ArrayLike<number>;
  pvSeries: ArrayLike<number>;
  dayOffset: number;
  forecast: { load: ParticipantForecasters; pv: ParticipantForecasters };
  battery: BatterySpec | null;
  ev: (EvSpec & { v2gFromHour: number; v2gToHour: number }) | null;
  /** Share of the way from feed-in to retail (net of the fee) the participant bids / asks. */
  thetaBuy: number;
  thetaSell: number;
  /** Least a V2G sale must earn per kWh (charging cost / efficiency + wear). */
  v2gFloor_mu_per_kwh: number;
  retail_mu_per_kwh: number[];
  feedIn_mu_per_kwh: number;
  feeShare: number;
  minOrder_kwh: number;
  /** Intervals without meter data (blackout). */
  blackout: ReadonlySet<number>;
  meterNoiseSd: number;
  topsUp: boolean;
  cheat: { interval: number; kind: 'stale' | 'forged'; staleBy: number; at_s: number } | null;
  keys: { participant: KeyObject; aggregator: KeyObject };
  gridIntensity_kg_per_mwh: number[];
  pvIntensity_kg_per_mwh: number;
  startHour: number;
  end_s: number;
}

type Tag = { kind: 'meter' } | { kind: 'order'; k: number } | { kind: 'cheat' } | { kind: 'end' } | { kind: 'topUp' };

export class ParticipantAgent extends Agent<ParticipantInbound, Tag> {
  private step = 0;
  private readonly bat: BatteryState;
  private readonly evs: BatteryState;
  private readonly cum: Registers = { import_kwh: 0, export_kwh: 0 };
  private readonly v2gPlan = new Map<number, { offer: number; discharge: number }>();
  private readonly snapshots: ChannelState[] = [];
  private backlog: { interval: number; cum: Registers }[] = [];
  private nonce = 0;
  private readonly charging: EnergySlice[] = [];
  private readonly discharging: EnergySlice[] = [];
  private readonly channel: string;

  constructor(id: string, private readonly cfg: ParticipantConfig) {
    super(id);
    this.bat = { soc_kwh: cfg.battery ? 0.5 * cfg.battery.capacity_kwh : 0 };
    this.evs = { soc_kwh: cfg.ev ? (pluggedIn(cfg.ev, cfg.startHour) ? cfg.ev.departSoc * 0.6 : cfg.ev.arriveSoc) * cfg.ev.capacity_kwh : 0 };
    this.channel = `ch:${id}`;
  }

  override onStart(): void {
    const c = this.cfg;
    this.setTimer(Math.max(0, c.t0_s - this.now), { kind: 'meter' });
    for (let k = 0; k < c.intervals; k++) {
      const gate = c.t0_s + k * c.interval_s - c.gateLead_s;
      const t = gate - c.orderLead_s * this.rng.next();
      this.setTimer(Math.max(0, t - this.now), { kind: 'order', k });
    }
    if (c.cheat) this.setTimer(Math.max(0, c.cheat.at_s - this.now), { kind: 'cheat' });
    this.setTimer(Math.max(0, c.end_s - this.now), { kind: 'end' });
  }

  private hourAt(t: number): number {
    return (((this.cfg.startHour + (t - this.cfg.t0_s) / 3600) % 24) + 24) % 24;
  }

  override onMessage(m: ParticipantInbound): void {
    switch (m.type) {
      case 'schedule': {
        const plan = this.v2gPlan.get(m.interval);
        if (plan && m.side === 'sell' && m.qty_kwh > 0) plan.discharge = Math.min(plan.offer, m.sold_kwh);
        break;
      }
      case 'marginCall':
        if (this.cfg.topsUp) this.setTimer(60, { kind: 'topUp' });
        break;
    }
  }

  override onTimer(tag: Tag): void {
    if (tag.kind === 'meter') this.meter();
    else if (tag.kind === 'order') this.order(tag.k);
    else if (tag.kind === 'topUp') this.send(this.cfg.market, { type: 'topUp', participant: this.id } satisfies TopUpMsg, 0.05);
    else if (tag.kind === 'cheat') this.cheatDispute();
    else this.reportSessions();
  }

  private meter(): void {
    const c = this.cfg;
    const t = this.now;
    const dt = c.meterStep_s / 3600;
    const k = Math.floor((t - c.t0_s) / c.interval_s);
    const pi = Math.min(c.load_kw.length - 1, Math.floor((t - c.t0_s) / c.profileStep_s));
    const load = c.load_kw[pi];
    const pv = c.pv_kw[pi];
    const hour = this.hourAt(t);
    let ev = 0;
    if (c.ev && pluggedIn(c.ev, hour)) {
      const plan = this.v2gPlan.get(k);
      const dis = plan && plan.discharge > 0 ? plan.discharge / (c.interval_s / 3600) : 0;
      ev = evStep(c.ev, this.evs, hour, dt, dis, Math.max(0, pv - load));
      const intensity = c.gridIntensity_kg_per_mwh[Math.min(c.intervals - 1, k)];
      // charging before the session's first discharge is what the V2G energy came from
      if (ev > 0 && this.discharging.length === 0) this.charging.push({ kwh: ev * dt, intensity_kg_per_mwh: pv - load >= ev ? c.pvIntensity_kg_per_mwh : intensity });
      else if (ev < 0) this.discharging.push({ kwh: -ev * dt, intensity_kg_per_mwh: intensity });
    } else if (c.ev) {
      this.evs.soc_kwh = c.ev.arriveSoc * c.ev.capacity_kwh; // away: it comes back at arriveSoc
    }
    const bat = c.battery ? batteryStep(c.battery, this.bat, load - pv + Math.max(0, ev), dt) : 0;
    const net = load - pv + ev + bat;
    const step = { import_kwh: Math.max(0, net) * dt, export_kwh: Math.max(0, -net) * dt };
    const noise = () => 1 + (c.meterNoiseSd > 0 ? c.meterNoiseSd * this.rng.normal() : 0);
    this.cum.import_kwh += step.import_kwh * noise();
    this.cum.export_kwh += step.export_kwh * noise();
    this.send(c.df, { type: 'cevPower', cev: c.dfIndex, k: this.step, pKw: net } satisfies CevPowerMsg, 0);
    const lastOfInterval = Math.floor((t + c.meterStep_s - c.t0_s) / c.interval_s) !== k;
    if (!c.blackout.has(k)) {
      this.nonce++;
      const msg: MeterMsg = { type: 'meter', participant: this.id, interval: k, cum: { ...this.cum }, step, pv_kwh: pv * dt, load_kwh: load * dt, backlog: this.backlog };
      this.backlog = [];
      this.send(c.aggregator, msg, 0.05);
    } else if (lastOfInterval) this.backlog.push({ interval: k, cum: { ...this.cum } });
    if (lastOfInterval) this.snapshots[k] = { channel: this.channel, nonce: this.nonce, cumImport_kwh: this.cum.import_kwh, cumExport_kwh: this.cum.export_kwh };
    this.step++;
    if (t + c.meterStep_s < c.t0_s + c.intervals * c.interval_s - 1e-9) this.setTimer(c.meterStep_s, { kind: 'meter' });
  }

  private order(k: number): void {
    const c = this.cfg;
    if (!c.trades) return;
    const j = c.dayOffset + k;
    const f = c.forecast;
    const load = f.load.model.predict(c.loadSeries, j);
    const pv = f.pv.model.predict(c.pvSeries, j);
    const h = c.interval_s / 3600;
    let net = load - pv;
    if (c.battery) {
      const b = c.battery, eff = Math.sqrt(b.roundTripEfficiency);
      if (net < 0) net += Math.min(-net, b.power_kw * h, (b.socMax * b.capacity_kwh - this.bat.soc_kwh) / eff);
      else net -= Math.min(net, b.power_kw * h, (this.bat.soc_kwh - b.socMin * b.capacity_kwh) * eff);
    }
    let offer = 0;
    const t = c.t0_s + k * c.interval_s;
    const hour = this.hourAt(t);
    if (c.ev && pluggedIn(c.ev, hour)) {
      const inWindow = c.ev.v2gFromHour <= c.ev.v2gToHour ? hour >= c.ev.v2gFromHour && hour < c.ev.v2gToHour : hour >= c.ev.v2gFromHour || hour < c.ev.v2gToHour;
      if (inWindow) offer = v2gAvailable_kwh(c.ev, this.evs, h);
    }
    if (c.ev) net += this.plannedCharging(k);
    this.v2gPlan.set(k, { offer, discharge: 0 });
    net -= offer;
    const top = c.retail_mu_per_kwh[k] / (1 + c.feeShare);
    const span = Math.max(0, top - c.feedIn_mu_per_kwh);
    if (Math.abs(net) < c.minOrder_kwh) return;
    const side = net > 0 ? 'buy' : 'sell';
    let price = c.feedIn_mu_per_kwh + (side === 'buy' ? c.thetaBuy : c.thetaSell) * span;
    if (side === 'sell' && offer > 0) price = Math.max(price, c.v2gFloor_mu_per_kwh);
    const forecast = {
      load_kwh: load, pv_kwh: pv,
      loadPersistence_kwh: f.load.persistence.predict(c.loadSeries, j), pvPersistence_kwh: f.pv.persistence.predict(c.pvSeries, j),
      loadSeasonal_kwh: f.load.seasonal.predict(c.loadSeries, j), pvSeasonal_kwh: f.pv.seasonal.predict(c.pvSeries, j),
      v2gOffer_kwh: offer,
    };
    const msg: OrderMsg = { type: 'order', interval: k, order: { participant: this.id, side, qty_kwh: Math.abs(net), price_mu_per_kwh: price, forecast } };
    this.send(c.market, msg, 0);
  }

  /** EV charging energy expected in interval k: the charging rule run ahead on a copy of the state. */
  private plannedCharging(k: number): number {
    const c = this.cfg, ev = c.ev!;
    const dt = c.meterStep_s / 3600;
    const s = { soc_kwh: this.evs.soc_kwh };
    const start = c.t0_s + k * c.interval_s;
    let e = 0;
    for (let t = Math.max(c.t0_s, c.t0_s + Math.ceil((this.now - c.t0_s) / c.meterStep_s) * c.meterStep_s); t < start + c.interval_s - 1e-9; t += c.meterStep_s) {
      const hr = this.hourAt(t);
      if (!pluggedIn(ev, hr)) {
        s.soc_kwh = ev.arriveSoc * ev.capacity_kwh;
        continue;
      }
      const j = Math.floor((t - c.t0_s) / c.interval_s);
      const plan = this.v2gPlan.get(j);
      const p = evStep(ev, s, hr, dt, plan && plan.discharge > 0 ? plan.discharge / (c.interval_s / 3600) : 0, 0);
      if (t >= start) e += Math.max(0, p) * dt;
    }
    return e;
  }

  private cheatDispute(): void {
    const c = this.cfg;
    const ch = c.cheat!;
    const cur = this.snapshots[ch.interval];
    if (!cur) return;
    let signed;
    if (ch.kind === 'stale') {
      const old = this.snapshots[Math.max(0, ch.interval - ch.staleBy)] ?? cur;
      signed = cosign(old, c.keys.participant, c.keys.aggregator);
    } else {
      const real = cosign(cur, c.keys.participant, c.keys.aggregator);
      signed = { ...real, state: { ...cur, cumImport_kwh: cur.cumImport_kwh * 0.7 } };
    }
    const msg: ChannelDisputeMsg = { type: 'channelDispute', interval: ch.interval, participant: this.id, signed };
    this.send(c.market, msg, 0.05);
  }

  private reportSessions(): void {
    const c = this.cfg;
    if (!c.ev || this.discharging.length === 0) return;
    // energy discharged beyond what was charged here before came from elsewhere: grid average
    const charged = this.charging.reduce((a, x) => a + x.kwh, 0);
    const need = this.discharging.reduce((a, x) => a + x.kwh, 0) / c.ev.roundTripEfficiency;
    const mean = c.gridIntensity_kg_per_mwh.reduce((a, x) => a + x, 0) / c.gridIntensity_kg_per_mwh.length;
    const charging = need > charged ? [...this.charging, { kwh: need - charged, intensity_kg_per_mwh: mean }] : this.charging;
    const msg: V2gSessionMsg = { type: 'v2gSession', participant: this.id, charging, discharging: this.discharging, roundTripEfficiency: c.ev.roundTripEfficiency };
    this.send(c.market, msg, 0.05);
  }
}
