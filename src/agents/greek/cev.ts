// CEV/A: one charging cluster. Tracks its plugged-in EVs by smart meter (plug-in, meter and unplug
// messages), reports its flexibility envelope to the VP before every decision, dispatches the VP's
// set-point to its EVs (least laxity first), reports its power to its feeder's DF and obeys DF
// curtailment. In SC2 (uncoordinated) it only meters and reports.
import { Agent } from '../../sim/agent.js';
import { applyPower, type EvSpec } from '../../greek/battery.js';
import { dispatchGroups } from '../../greek/dispatch.js';
import { clusterEnvelope, deadlineGroups, type CevLimits, type PluggedEv } from '../../greek/envelope.js';
import type { LedgerPort } from '../../greek/ledger-port.js';
import type { GreekMsg, SocStats } from '../../greek/messages.js';
import type { Horizon } from '../../greek/time.js';

interface Meter {
  spec: EvSpec;
  agent: number;
  eKwh: number;
  pKw: number;
  t: number;
}

export interface CevConfig {
  index: number;
  limits: CevLimits;
  coordinated: boolean;
  vpRef: string;
  dfRef: string;
  toVpS: number;
  toDfS: number;
  toEvS: number;
  /** Report this many seconds before each decision. */
  reportLeadS: number;
  /** Deadline groups reported as separate envelopes (1 = one envelope for the cluster). */
  deadlineGroups: number;
}

export class CevAgent extends Agent<GreekMsg, 'report' | 'meter'> {
  private readonly evs = new Map<string, Meter>();
  private k = 0;
  private sp = { chKw: [] as number[], disKw: [] as number[], stockKw: [] as number[] };
  /** Vehicle ids of each deadline group of the last report (the set-point's groups). */
  private groupIds: string[][] = [];
  private capKw = Infinity;
  private lastMeteredT = 0;
  /** Metered energy (kWh) of power readings already superseded since the last report. */
  private meteredPendingKwh = 0;
  /** Net power dispatched per interval (after curtailment), kW. */
  readonly dispatchedKw: Float64Array;
  readonly curtailedKw: Float64Array;
  /** Why interval k's power may differ from its set-point (bits of DEVIATION_CAUSES). */
  readonly causes: Uint8Array;

  constructor(id: string, private readonly cfg: CevConfig, private readonly h: Horizon, private readonly ledger: LedgerPort) {
    super(id);
    this.dispatchedKw = new Float64Array(h.T);
    this.curtailedKw = new Float64Array(h.T);
    this.causes = new Uint8Array(h.T);
  }

  override onStart(): void {
    this.lastMeteredT = this.h.startS;
    this.setTimer(Math.max(0, this.h.startS - this.cfg.reportLeadS - this.now), this.cfg.coordinated ? 'report' : 'meter');
  }

  /** Mirrored EV states at the current time (meter value advanced at the metered power). */
  private plugged(): PluggedEv[] {
    const out: PluggedEv[] = [];
    for (const m of this.evs.values()) {
      // (vehicles plugged in overnight draw nothing before the horizon starts)
      const e = applyPower(m.spec, m.eKwh, m.pKw, Math.max(0, this.now - Math.max(m.t, this.h.startS)) / 3600).eKwh;
      out.push({ spec: m.spec, eKwh: e });
    }
    return out;
  }

  private meteredKwh(): number {
    // energy drawn since the last report, from the meters (kWh, grid side, net)
    let e = this.meteredPendingKwh;
    for (const m of this.evs.values()) e += this.sinceReportKwh(m);
    this.meteredPendingKwh = 0;
    this.lastMeteredT = this.now;
    return e;
  }

  /** Energy of meter m at its current reading since the later of its reading and the last report. */
  private sinceReportKwh(m: Meter): number {
    return (m.pKw * Math.max(0, this.now - Math.max(m.t, this.lastMeteredT))) / 3600;
  }

  override onTimer(tag: 'report' | 'meter'): void {
    const k = Math.round((this.now + this.cfg.reportLeadS - this.h.startS) / this.h.stepS);
    if (k >= this.h.T) {
      // end of the day: a last meter reading so the VP can settle the final interval
      this.send(this.cfg.vpRef, { type: 'flex', cev: this.cfg.index, k, envs: [], ...this.rating(), soc: socStats(this.plugged()), meteredKwh: this.meteredKwh() }, this.cfg.toVpS);
      return;
    }
    // after the last interval's report, one more reading at the horizon end (see above)
    const next = k + 1 < this.h.T ? this.h.stepS : this.h.stepS + this.cfg.reportLeadS;
    if (tag === 'report') {
      const evs = this.plugged();
      const groups = deadlineGroups(evs, this.cfg.deadlineGroups, this.now);
      this.groupIds = groups.map((g) => g.map((x) => x.spec.id));
      const envs = groups.map((g, i) => ({ ...clusterEnvelope(this.cfg.limits, g, this.h.startS + k * this.h.stepS, this.h.stepS, this.h.T - k), id: `${this.cfg.limits.id}/${i}` }));
      this.send(this.cfg.vpRef, { type: 'flex', cev: this.cfg.index, k, envs, ...this.rating(), soc: socStats(evs), meteredKwh: this.meteredKwh() }, this.cfg.toVpS);
      this.setTimer(next, 'report');
    } else {
      // SC2: report the metered power to the DF and the state to the VP
      const evs = this.plugged();
      let p = 0;
      for (const m of this.evs.values()) p += m.pKw;
      this.dispatchedKw[k] = p;
      this.send(this.cfg.dfRef, { type: 'cevPower', cev: this.cfg.index, k, pKw: p }, this.cfg.toDfS);
      this.send(this.cfg.vpRef, { type: 'flex', cev: this.cfg.index, k, envs: [], ...this.rating(), soc: socStats(evs), meteredKwh: this.meteredKwh() }, this.cfg.toVpS);
      this.setTimer(next, 'meter');
    }
  }

  override onMessage(msg: GreekMsg, from: number): void {
    switch (msg.type) {
      case 'plugIn':
        this.flag(CAUSE.arrival);
        this.evs.set(msg.spec.id, { spec: msg.spec, agent: from, eKwh: msg.eKwh, pKw: msg.pKw, t: this.now });
        // keep the interval's set-point: the new vehicle can take power right away
        if (this.cfg.coordinated) this.dispatch(this.capKw, false);
        break;
      case 'meter': {
        const m = this.evs.get(msg.id);
        if (m) {
          // the energy drawn at the previous reading is settled, not overwritten
          this.meteredPendingKwh += this.sinceReportKwh(m);
          Object.assign(m, { eKwh: msg.eKwh, pKw: msg.pKw, t: this.now });
        }
        break;
      }
      case 'unplug': {
        const m = this.evs.get(msg.id);
        if (m) this.meteredPendingKwh += this.sinceReportKwh(m);
        if (m) this.flag(CAUSE.departure);
        this.evs.delete(msg.id);
        // the leaving vehicle's share goes to the others for the rest of the interval
        if (this.cfg.coordinated) this.dispatch(this.capKw, false);
        break;
      }
      case 'setpoint':
        this.k = msg.k;
        this.sp = { chKw: msg.chKw, disKw: msg.disKw, stockKw: msg.stockKw };
        this.capKw = Infinity;
        this.dispatch(Infinity, true);
        break;
      case 'curtail':
        if (msg.k === this.k) {
          this.causes[msg.k] |= CAUSE.curtailment;
          if (msg.reason === 'overvoltage') {
            // the DF raises the net power: discharge less
            let less = Math.max(0, msg.capKw - this.dispatchedKw[this.k]);
            this.sp = { ...this.sp, disKw: this.sp.disKw.map((d) => { const cut = Math.min(d, less); less -= cut; return d - cut; }) };
            this.dispatch(this.capKw, false, true);
          } else {
            this.capKw = msg.capKw;
            this.dispatch(msg.capKw, false, true);
          }
        }
        break;
      default:
        break;
    }
  }

  /** Marks a plug-in/unplug: it changes the interval in progress and, shortly before the next decision, the next one. */
  private flag(bit: number): void {
    const at = (this.now - this.h.startS) / this.h.stepS;
    const k = Math.floor(at);
    if (k >= 0 && k < this.h.T) this.causes[k] |= bit;
    // after the report for k + 1 (its plan does not know the change either)
    if ((k + 1 - at) * this.h.stepS <= this.cfg.reportLeadS + 1e-9 && k + 1 < this.h.T) this.causes[k + 1] |= bit;
  }

  private rating(): { ratingChKw: number; ratingDisKw: number } {
    return { ratingChKw: this.cfg.limits.pChMaxKw, ratingDisKw: this.cfg.limits.v2g ? this.cfg.limits.pDisMaxKw : 0 };
  }

  private dispatch(capKw: number, report: boolean, curtail = false): void {
    const list = [...this.evs.values()];
    const all = this.plugged();
    const byId = new Map(list.map((m, i) => [m.spec.id, i]));
    // the set-point's groups (vehicles still plugged in), then those that arrived after the report
    const members: number[][] = this.groupIds.map((ids) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));
    const grouped = new Set(members.flat());
    members.push(list.flatMap((_, i) => (grouped.has(i) ? [] : [i])));
    const groups = members.map((idx, g) => ({ evs: idx.map((i) => all[i]), chKw: this.sp.chKw[g] ?? 0, disKw: this.sp.disKw[g] ?? 0, stockKw: this.sp.stockKw[g] ?? 0 }));
    // The set-point's net power is realized exactly inside the vehicles' range (dispatch.ts); the
    // CEV rating bounds what the VP schedules (a soft row: exceeded only where the targets need it,
    // as SC2, which has no rating, would draw). Only DF curtailment caps the net power.
    const r = dispatchGroups(groups, this.now, this.h.stepS, this.cfg.limits.v2g, capKw);
    const pKw = new Float64Array(list.length);
    members.forEach((idx, g) => idx.forEach((i, j) => (pKw[i] = r.pKw[g][j])));
    for (let i = 0; i < list.length; i++) {
      if (pKw[i] !== list[i].pKw || report) this.send(list[i].agent, { type: 'evSetpoint', pKw: pKw[i] }, this.cfg.toEvS);
    }
    const net = r.chargeKw - r.dischargeKw;
    const spCh = this.sp.chKw.reduce((a, b) => a + b, 0), spDis = this.sp.disKw.reduce((a, b) => a + b, 0);
    if (report && this.cfg.coordinated) {
      // above the set-point: vehicles must take more to keep their targets reachable; below it: the
      // plugged-in vehicles cannot take what the plan asks
      if (net > spCh - spDis + 1e-6) this.causes[this.k] |= CAUSE.mustRun;
      else if (net < spCh - spDis - 1e-6) this.causes[this.k] |= CAUSE.plan;
    }
    if (curtail) this.curtailedKw[this.k] += Math.max(0, this.dispatchedKw[this.k] - net);
    this.dispatchedKw[this.k] = net;
    if (report) {
      // the DF does not cut below what the vehicles must charge now to keep their targets reachable;
      // for the voltage band it may cut best-effort charging (no target depends on it), for branch
      // loading not (an overload cut of it only lowers the energy delivered)
      this.send(this.cfg.dfRef, { type: 'cevPower', cev: this.cfg.index, k: this.k, pKw: net, floorKw: Math.min(net, r.mustAllKw), voltageFloorKw: Math.min(net, r.mustKw) }, this.cfg.toDfS);
    }
    if (this.ledger.enabled && (report || curtail)) {
      this.ledger.submit(this, report ? 'charge' : 'curtail', {
        cev: this.id,
        k: this.k,
        chargeKw: round3(r.chargeKw),
        dischargeKw: round3(r.dischargeKw),
        evs: list.length,
      });
    }
  }
}

/** Deviation causes, as bits of CevAgent.causes. */
export const CAUSE = { arrival: 1, departure: 2, curtailment: 4, mustRun: 8, plan: 16 } as const;
export const DEVIATION_CAUSES = Object.keys(CAUSE) as (keyof typeof CAUSE)[];

/** The causes of a bit set, ';'-joined in a fixed order ('' for none). */
export function causeText(bits: number): string {
  return DEVIATION_CAUSES.filter((c) => (bits & CAUSE[c]) !== 0).join(';');
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function socStats(evs: PluggedEv[]): SocStats {
  if (evs.length === 0) return { n: 0, mean: NaN, min: NaN, max: NaN };
  let s = 0, mn = Infinity, mx = -Infinity;
  for (const { spec, eKwh } of evs) {
    const soc = eKwh / spec.capacityKwh;
    s += soc;
    mn = Math.min(mn, soc);
    mx = Math.max(mx, soc);
  }
  return { n: evs.length, mean: s / evs.length, min: mn, max: mx };
}
