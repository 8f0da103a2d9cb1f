// DF/A: one distribution-feeder agent. It knows its feeder's day model (src/grid/feeder-day.ts:
// base load net of RES per interval, base voltages, sensitivities) and shares it with the scheduler
// at the start. For every interval it gathers the net power of each flexible load (CEV) on its
// feeder; once all have reported it runs the exact power flow, and with control on asks the CEVs to
// cut when a bus leaves the voltage band, a branch is overloaded (`loading`) or the losses exceed
// their limit (src/grid/curtailment.ts; a violation the base load alone causes is not curtailed for,
// it is counted; a load is not cut below the floor it reports, e.g. a CEV's must-run charging).
// Records feeder min/max voltage, losses and every bus voltage per interval, after
// control. Plain parameters only; the grid logic is in src/grid.
import { curtailToLimits, type CurtailmentOptions } from '../grid/curtailment.js';
import { feederDayLength, feederFlow, type FeederDay } from '../grid/feeder-day.js';
import type { CurtailMsg, DfInbound } from '../grid/feeder-messages.js';
import { Agent, type AgentRef } from '../sim/agent.js';

export interface DfConfig {
  /** Number of flexible loads over all feeders (message indices are global). */
  nCev: number;
  /** Curtail on violation (false: only measure). */
  control: boolean;
  /** Agent id per global CEV index (only those of this feeder are used). */
  cevRefs: string[];
  /** Latency DF -> CEV, s. */
  toCevS: number;
  /** Gets the feeder model at the start (the scheduler), with this latency. */
  modelTo?: AgentRef;
  toModelS?: number;
  curtailment?: CurtailmentOptions;
  /** Total loss limit, kW (optional). */
  maxLossKw?: number;
  /** Branch loading limit, % of the rating (used with curtailment.loading; default 100). */
  maxLoadingPct?: number;
  /** Do not cut for buses out of band without any flexible load (default true). */
  skipBaseViolations?: boolean;
}

export interface DfRecord {
  vMinPu: Float64Array;
  vMaxPu: Float64Array;
  lossKw: Float64Array;
  evKw: Float64Array;
  curtailedKw: Float64Array;
  /** Bus voltages per interval (feeder order), after control. */
  busVm: Float64Array[];
  violatingBuses: Int32Array;
  /** Of violatingBuses: buses out of band with the base load alone (cutting cannot fix them). */
  baseViolatingBuses: Int32Array;
  /**
   * Of violatingBuses: buses (in band with the base load alone) still out of band with every
   * flexible load at its reported floor (e.g. CEVs at their vehicles' must-run charging).
   */
  floorViolatingBuses: Int32Array;
  /** Branches above maxLoadingPct of their rating whose base flow alone is within it (with maxLoadingPct). */
  overloadedBranches: Int32Array;
  /** Highest branch loading, % of the rating (NaN without ratings). */
  maxLoadingPct: Float64Array;
  /** Intervals whose power flow did not converge. */
  failedFlows: number;
}

export class DfAgent extends Agent<DfInbound> {
  private readonly pending = new Map<number, Float64Array>();
  private readonly floors = new Map<number, Float64Array>();
  private readonly vFloors = new Map<number, Float64Array>();
  private readonly counts = new Map<number, number>();
  readonly rec: DfRecord;

  constructor(id: string, readonly grid: FeederDay, private readonly cfg: DfConfig) {
    super(id);
    const T = feederDayLength(grid);
    this.rec = {
      vMinPu: new Float64Array(T),
      vMaxPu: new Float64Array(T),
      lossKw: new Float64Array(T),
      evKw: new Float64Array(T),
      curtailedKw: new Float64Array(T),
      busVm: new Array(T),
      violatingBuses: new Int32Array(T),
      baseViolatingBuses: new Int32Array(T),
      floorViolatingBuses: new Int32Array(T),
      overloadedBranches: new Int32Array(T),
      maxLoadingPct: new Float64Array(T),
      failedFlows: 0,
    };
  }

  override onStart(): void {
    if (this.cfg.modelTo !== undefined) this.send(this.cfg.modelTo, { type: 'gridModel', grid: this.grid }, this.cfg.toModelS ?? 0);
  }

  override onMessage(msg: DfInbound): void {
    if (msg.type !== 'cevPower') return;
    if (!this.grid.cevs.includes(msg.cev)) throw new Error(`${this.id}: CEV ${msg.cev} is not on feeder ${this.grid.name}`);
    let p = this.pending.get(msg.k);
    if (!p) this.pending.set(msg.k, (p = new Float64Array(this.cfg.nCev)));
    p[msg.cev] = msg.pKw;
    let fl = this.floors.get(msg.k);
    if (!fl) this.floors.set(msg.k, (fl = new Float64Array(this.cfg.nCev)));
    fl[msg.cev] = msg.floorKw ?? 0;
    let vf = this.vFloors.get(msg.k);
    if (!vf) this.vFloors.set(msg.k, (vf = new Float64Array(this.cfg.nCev)));
    vf[msg.cev] = msg.voltageFloorKw ?? msg.floorKw ?? 0;
    const n = (this.counts.get(msg.k) ?? 0) + 1;
    this.counts.set(msg.k, n);
    if (n < this.grid.cevs.length) return;
    this.pending.delete(msg.k);
    this.counts.delete(msg.k);
    this.floors.delete(msg.k);
    this.vFloors.delete(msg.k);
    this.check(msg.k, p, fl, vf);
  }

  /** Exact power flow of interval k with the reported powers p (global order); control; records. */
  private check(k: number, p: Float64Array, floors: Float64Array, vFloors: Float64Array): void {
    const g = this.grid;
    const local = Float64Array.from(g.cevs, (c) => p[c]);
    const global = Float64Array.from(p);
    const flowOf = (q: Float64Array) => {
      g.cevs.forEach((c, m) => (global[c] = q[m]));
      return feederFlow(g, k, global);
    };
    const r = curtailToLimits(
      {
        prep: g.prep,
        lin: g.lin,
        bus: g.cevBus,
        limits: { vMinPu: g.vMinPu, vMaxPu: g.vMaxPu, maxLossKw: this.cfg.maxLossKw, maxLoadingPct: this.cfg.maxLoadingPct },
        flow: flowOf,
        baseVmPu: this.cfg.skipBaseViolations === false ? undefined : g.v0[k],
        floorKw: Float64Array.from(g.cevs, (c) => floors[c]),
        voltageFloorKw: Float64Array.from(g.cevs, (c) => vFloors[c]),
      },
      local,
      this.cfg.control ? this.cfg.curtailment : { ...this.cfg.curtailment, maxIter: 0 }
    );
    let ev = 0, cut = 0;
    g.cevs.forEach((c, m) => {
      const to = r.powerKw[m];
      ev += to;
      if (Math.abs(to - p[c]) <= 1e-9) return;
      cut += Math.abs(p[c] - to);
      const reason = r.reason[m] ?? 'undervoltage';
      this.sim.recorder.event({ t: round6(this.now), type: 'curtail', signer: this.id, city: g.name, interval: k, cev: this.cfg.cevRefs[c], fromKw: round3(p[c]), toKw: round3(to), vMinPu: round6(r.before.vmin) });
      const msg: CurtailMsg = { type: 'curtail', k, capKw: to, reason };
      this.send(this.cfg.cevRefs[c], msg, this.cfg.toCevS);
    });
    const f = r.flow;
    if (!f.converged) this.rec.failedFlows++;
    this.rec.vMinPu[k] = f.vmin;
    this.rec.vMaxPu[k] = f.vmax;
    this.rec.lossKw[k] = f.pLossKw;
    this.rec.evKw[k] = ev;
    this.rec.curtailedKw[k] = cut;
    this.rec.busVm[k] = Float64Array.from(f.vmPu);
    let viol = 0, base = 0;
    const v0 = g.v0[k];
    for (let j = 0; j < f.vmPu.length; j++) {
      if (f.vmPu[j] < g.vMinPu - 1e-9 || f.vmPu[j] > g.vMaxPu + 1e-9) {
        viol++;
        if (v0[j] < g.vMinPu - 1e-9 || v0[j] > g.vMaxPu + 1e-9) base++;
      }
    }
    this.rec.violatingBuses[k] = viol;
    this.rec.baseViolatingBuses[k] = base;
    if (viol > base) {
      // which of the others would remain with every load at its floor (cutting could not fix them)
      const atFloor = flowOf(Float64Array.from(g.cevs, (c, m) => Math.min(r.powerKw[m], Math.max(0, vFloors[c]))));
      let n = 0;
      for (let j = 0; j < atFloor.vmPu.length; j++) {
        const out = f.vmPu[j] < g.vMinPu - 1e-9 || f.vmPu[j] > g.vMaxPu + 1e-9;
        const baseOut = v0[j] < g.vMinPu - 1e-9 || v0[j] > g.vMaxPu + 1e-9;
        if (out && !baseOut && (atFloor.vmPu[j] < g.vMinPu - 1e-9 || atFloor.vmPu[j] > g.vMaxPu + 1e-9)) n++;
      }
      this.rec.floorViolatingBuses[k] = n;
    }
    if (this.cfg.maxLoadingPct !== undefined) {
      let over = 0;
      for (let pos = 1; pos < g.prep.n; pos++) {
        const e = g.prep.branchOfPos[pos];
        const lim = (g.prep.maxCurrentA[e] * this.cfg.maxLoadingPct) / 100;
        if (!(lim > 0) || !Number.isFinite(lim)) continue;
        if (f.branches.currentA[e] > lim * (1 + 1e-6) && g.baseBranch[k].currentA[pos] <= lim) over++;
      }
      this.rec.overloadedBranches[k] = over;
    }
    let maxLoad = NaN;
    for (const x of f.branches.loadingPct) if (Number.isFinite(x) && !(x <= maxLoad)) maxLoad = x;
    this.rec.maxLoadingPct[k] = maxLoad;
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
