// EV/A: one vehicle. Plugs in at its arrival, follows power set-points (SC1) or charges at its
// uncoordinated average power (SC2), leaves at its departure. It is the source of truth for its
// battery: energy is integrated exactly between events (greek/battery.ts) and binned per interval.
import { Agent } from '../../sim/agent.js';
import { applyPower, uncoordinatedPowerKw, type EvSpec } from '../../greek/battery.js';
import type { GreekMsg } from '../../greek/messages.js';
import { intervalAt, type Horizon } from '../../greek/time.js';

export interface EvOutcome {
  spec: EvSpec;
  eFinalKwh: number;
  chargedKwh: number;
  dischargedKwh: number;
  /** Per interval, kWh (grid side). */
  chargedBins: Float64Array;
  dischargedBins: Float64Array;
  leftS: number;
}

export class EvAgent extends Agent<GreekMsg, 'arrive' | 'depart'> {
  eKwh: number;
  pKw = 0;
  plugged = false;
  private tLast = 0;
  chargedKwh = 0;
  dischargedKwh = 0;
  readonly chargedBins: Float64Array;
  readonly dischargedBins: Float64Array;
  leftS = NaN;

  constructor(
    readonly spec: EvSpec,
    private readonly h: Horizon,
    private readonly cevRef: number,
    private readonly latencyS: number,
    private readonly uncoordinated: boolean
  ) {
    super(`ev:${spec.id}`);
    this.eKwh = spec.socInit * spec.capacityKwh;
    this.chargedBins = new Float64Array(h.T);
    this.dischargedBins = new Float64Array(h.T);
  }

  override onStart(): void {
    // vehicles plugged in overnight are there before the first report of the day
    const at = this.spec.arrivalS <= this.h.startS ? this.h.startS - 60 : this.spec.arrivalS;
    this.setTimer(Math.max(0, at - this.now), 'arrive');
  }

  override onTimer(tag: 'arrive' | 'depart'): void {
    if (tag === 'arrive') {
      this.plugged = true;
      this.tLast = Math.max(this.now, this.h.startS);
      this.pKw = this.uncoordinated ? uncoordinatedPowerKw(this.spec) : 0;
      this.send(this.cevRef, { type: 'plugIn', spec: this.spec, eKwh: this.eKwh, pKw: this.pKw }, this.latencyS);
      if (this.spec.departureS < this.h.endS) this.setTimer(this.spec.departureS - this.now, 'depart');
    } else {
      this.advance(this.now);
      this.plugged = false;
      this.pKw = 0;
      this.leftS = this.now;
      this.send(this.cevRef, { type: 'unplug', id: this.spec.id, eKwh: this.eKwh }, this.latencyS);
    }
  }

  override onMessage(msg: GreekMsg): void {
    if (msg.type !== 'evSetpoint' || !this.plugged) return;
    this.advance(this.now);
    this.pKw = msg.pKw;
    this.send(this.cevRef, { type: 'meter', id: this.spec.id, eKwh: this.eKwh, pKw: this.pKw }, this.latencyS);
  }

  override onStop(): void {
    if (this.plugged) {
      this.advance(Math.min(this.now, this.h.endS));
      this.leftS = this.h.endS;
    }
  }

  /** Integrates the battery from tLast to t at the current power, split at interval boundaries. */
  private advance(t: number): void {
    let a = this.tLast;
    if (t <= a) return;
    while (a < t - 1e-9) {
      const k = intervalAt(this.h, a);
      const kEnd = this.h.startS + (k + 1) * this.h.stepS;
      const b = k === this.h.T - 1 ? t : Math.min(t, kEnd);
      const r = applyPower(this.spec, this.eKwh, this.pKw, (b - a) / 3600);
      this.eKwh = r.eKwh;
      this.chargedKwh += r.chargedKwh;
      this.dischargedKwh += r.dischargedKwh;
      this.chargedBins[k] += r.chargedKwh;
      this.dischargedBins[k] += r.dischargedKwh;
      a = b;
    }
    this.tLast = t;
  }

  outcome(): EvOutcome {
    return {
      spec: this.spec,
      eFinalKwh: this.eKwh,
      chargedKwh: this.chargedKwh,
      dischargedKwh: this.dischargedKwh,
      chargedBins: this.chargedBins,
      dischargedBins: this.dischargedBins,
      leftS: this.leftS,
    };
  }
}
