// DF/A for the Greek model (adapter over greek/network.ts, which calls src/grid's power flow):
// gathers the power of every CEV on its feeder for an interval, runs the exact power flow, and
// when a bus voltage leaves the band (and control is on) lowers the CEVs' power and tells them.
// Records feeder min/max voltage, losses and per-bus voltages per interval.
import { Agent } from '../../sim/agent.js';
import type { GreekMsg } from '../../greek/messages.js';
import { curtailToLimits, cityFlow, type CityGrid } from '../../greek/network.js';
import type { Horizon } from '../../greek/time.js';

export interface DfRecord {
  vMinPu: Float64Array;
  vMaxPu: Float64Array;
  lossKw: Float64Array;
  evKw: Float64Array;
  curtailedKw: Float64Array;
  /** Bus voltages per interval (feeder order). */
  busVm: Float64Array[];
  violatingBuses: Int32Array;
}

export class DfAgent extends Agent<GreekMsg> {
  private readonly pending = new Map<number, Float64Array>();
  private readonly counts = new Map<number, number>();
  readonly rec: DfRecord;

  constructor(
    id: string,
    readonly grid: CityGrid,
    private readonly h: Horizon,
    private readonly nCev: number,
    private readonly control: boolean,
    private readonly vpRef: string,
    private readonly toVpS: number,
    private readonly toCevS: number,
    /** Agent id per global CEV index. */
    private readonly cevRefs: string[]
  ) {
    super(id);
    const T = h.T;
    this.rec = {
      vMinPu: new Float64Array(T),
      vMaxPu: new Float64Array(T),
      lossKw: new Float64Array(T),
      evKw: new Float64Array(T),
      curtailedKw: new Float64Array(T),
      busVm: new Array(T),
      violatingBuses: new Int32Array(T),
    };
  }

  override onStart(): void {
    // the DF shares its network model (base voltages, sensitivities) with the VP
    this.send(this.vpRef, { type: 'gridModel', grid: this.grid }, this.toVpS);
  }

  override onMessage(msg: GreekMsg): void {
    if (msg.type !== 'cevPower') return;
    let p = this.pending.get(msg.k);
    if (!p) this.pending.set(msg.k, (p = new Float64Array(this.nCev)));
    p[msg.cev] = msg.pKw;
    const n = (this.counts.get(msg.k) ?? 0) + 1;
    this.counts.set(msg.k, n);
    if (n < this.grid.cevs.length) return;
    this.pending.delete(msg.k);
    this.counts.delete(msg.k);
    this.check(msg.k, p);
  }

  private check(k: number, p: Float64Array): void {
    const r = this.control ? curtailToLimits(this.grid, k, p) : { powerKw: p, flow: cityFlow(this.grid, k, p), curtailed: false };
    const f0 = r.curtailed ? cityFlow(this.grid, k, p) : r.flow;
    let ev = 0, cut = 0;
    for (const c of this.grid.cevs) {
      ev += r.powerKw[c];
      if (r.powerKw[c] < p[c] - 1e-9) {
        cut += p[c] - r.powerKw[c];
        this.sim.recorder.event({ t: round6(this.now), type: 'curtail', signer: this.id, city: this.grid.city, interval: k, cev: this.cevRefs[c], fromKw: round3(p[c]), toKw: round3(r.powerKw[c]), vMinPu: round6(f0.vmin) });
        this.send(this.cevRefs[c], { type: 'curtail', k, capKw: r.powerKw[c] }, this.toCevS);
      }
    }
    const f = r.flow;
    this.rec.vMinPu[k] = f.vmin;
    this.rec.vMaxPu[k] = f.vmax;
    this.rec.lossKw[k] = f.pLossKw;
    this.rec.evKw[k] = ev;
    this.rec.curtailedKw[k] = cut;
    this.rec.busVm[k] = Float64Array.from(f.vmPu);
    let viol = 0;
    for (let j = 0; j < f.vmPu.length; j++) if (f.vmPu[j] < this.grid.vMinPu - 1e-9 || f.vmPu[j] > this.grid.vMaxPu + 1e-9) viol++;
    this.rec.violatingBuses[k] = viol;
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
