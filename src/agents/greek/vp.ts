// VP/A: the virtual prosumer. Every interval it gathers the CEVs' flexibility envelopes, builds the
// scheduling problem over the remaining horizon (prices, obligations, CEV limits, aggregated EV
// envelopes, LinDistFlow voltage rows from the DFs' network models), solves it with the configured
// scheduler (LP or PSO), sends each CEV its set-point for the coming interval, records the plan,
// and settles the previous interval with the ESO. In SC2 it only settles.
import { Agent } from '../../sim/agent.js';
import type { LedgerPort } from '../../greek/ledger-port.js';
import type { GreekMsg, SocStats } from '../../greek/messages.js';
import type { FeederDay } from '../../grid/feeder-day.js';
import { envelopeFloorKw } from '../../greek/envelope.js';
import { obligationBand } from '../../greek/market.js';
import { branchRows, exactFirstIntervalRows, rowsWithinFloors, voltageRows } from '../../greek/network.js';
import type { Horizon } from '../../greek/time.js';
import type { ClusterEnvelope, RatingRow, Schedule, SchedulingProblem } from '../../optim/schedule.js';
import type { LpStatus } from '../../optim/lp.js';

export interface SchedulerOutcome {
  status: LpStatus;
  schedule: Schedule;
  objective: number;
  solveMs: number;
  /** Voltage rows of the coming interval at their bound in the plan (LP only). */
  bindingVoltageRowsNow?: number;
  /** Branch loading rows of the coming interval at their limit in the plan (LP only). */
  bindingBranchRowsNow?: number;
}

/** The VP settles the day's last interval this long after the horizon end, s. */
export const FINAL_SETTLE_S = 1.5;

export type Scheduler = (p: SchedulingProblem, k: number) => SchedulerOutcome;

export interface VpConfig {
  coordinated: boolean;
  nCev: number;
  cevRefs: string[];
  esoRef: string;
  toCevS: number[];
  toEsoS: number;
  degradationMuPerKwh: number;
  /** Wait-and-see premium on V2G no later recharge pays for (SchedulingProblem.v2gWaitMuPerKwh). */
  v2gWaitMuPerKwh: number;
  obligationPenaltyMuPerKwh: number | null;
  obligationMarginKw: number;
  voltageMarginPu: number;
  voltagePenaltyMuPerPu: number | null;
  networkConstraints: boolean;
  /** Branch loading rows at this % of the ratings (with networkConstraints); null: none. */
  maxLoadingPct: number | null;
  /** Price of planned energy shortfall of deadline groups sharing a CEV rating (m.u./kWh per interval). */
  shortfallPenaltyMuPerKwh: number;
  /**
   * When set, a CEV reporting one envelope (built without its rating) gets a soft rating row: the
   * plan may charge above the rating only where its vehicles' targets need it, at this price (m.u./kWh).
   */
  ratingExcessPenaltyMuPerKwh?: number;
}

export interface VpRecord {
  scheduledKw: Float64Array;
  scheduledCevKw: Float64Array[];
  dayAheadKw: Float64Array | null;
  dayAheadProblem: SchedulingProblem | null;
  solveMs: number[];
  status: LpStatus[];
  objective: Float64Array;
  voltageRowCount: Int32Array;
  voltageRowsBinding: Int32Array;
  branchRowsBinding: Int32Array;
  soc: SocStats[];
  settledKwh: Float64Array;
  settledMu: Float64Array;
  /** Re-solves after the exact power-flow check of the executed interval (all decisions). */
  exactRowRounds: number;
  /** Re-solves with stock rows for clusters planned beyond their vehicles' room below targets. */
  stockRounds: number;
}

export class VpAgent extends Agent<GreekMsg, 'decide'> {
  private price: Float64Array = new Float64Array(0);
  private pMin: Float64Array = new Float64Array(0);
  private pMax: Float64Array = new Float64Array(0);
  private readonly grids: FeederDay[] = [];
  private readonly flex: ({ k: number; envs: ClusterEnvelope[]; ratingChKw: number; ratingDisKw: number; soc: SocStats; meteredKwh: number } | undefined)[];
  readonly rec: VpRecord;

  constructor(id: string, private readonly cfg: VpConfig, private readonly h: Horizon, private readonly scheduler: Scheduler, private readonly ledger: LedgerPort) {
    super(id);
    this.flex = new Array(cfg.nCev);
    const T = h.T;
    this.rec = {
      scheduledKw: new Float64Array(T),
      scheduledCevKw: Array.from({ length: cfg.nCev }, () => new Float64Array(T)),
      dayAheadKw: null,
      dayAheadProblem: null,
      solveMs: [],
      status: [],
      objective: new Float64Array(T),
      voltageRowCount: new Int32Array(T),
      voltageRowsBinding: new Int32Array(T),
      branchRowsBinding: new Int32Array(T),
      soc: new Array(T),
      settledKwh: new Float64Array(T),
      settledMu: new Float64Array(T),
      exactRowRounds: 0,
      stockRounds: 0,
    };
  }

  override onStart(): void {
    // decide just after the interval starts, once the CEVs' reports have arrived
    this.setTimer(Math.max(0, this.h.startS + 0.5 - this.now), 'decide');
  }

  override onMessage(msg: GreekMsg): void {
    if (msg.type === 'market') {
      this.price = msg.priceMuPerKwh;
      this.pMin = msg.pMinKw;
      this.pMax = msg.pMaxKw;
    } else if (msg.type === 'gridModel') {
      this.grids.push(msg.grid);
    } else if (msg.type === 'flex') {
      this.flex[msg.cev] = { k: msg.k, envs: msg.envs, ratingChKw: msg.ratingChKw, ratingDisKw: msg.ratingDisKw, soc: msg.soc, meteredKwh: msg.meteredKwh };
    }
  }

  override onTimer(): void {
    const k = Math.round((this.now - 0.5 - this.h.startS) / this.h.stepS);
    this.settle(k);
    if (k >= this.h.T) return; // the final settlement, after the horizon end
    if (this.cfg.coordinated) this.decide(k);
    // after the last decision, one more timer settles the last interval from the CEVs' final meter
    // readings (sent at the horizon end)
    this.setTimer(k + 1 < this.h.T ? this.h.stepS : this.h.stepS + FINAL_SETTLE_S - 0.5, 'decide');
  }

  /** Settles the previous interval from the CEVs' meter readings. */
  private settle(k: number): void {
    let n = 0, s = 0, mn = Infinity, mx = -Infinity, e = 0;
    for (const f of this.flex) {
      if (!f || f.k !== k) continue;
      e += f.meteredKwh;
      if (f.soc.n > 0) {
        s += f.soc.mean * f.soc.n;
        n += f.soc.n;
        mn = Math.min(mn, f.soc.min);
        mx = Math.max(mx, f.soc.max);
      }
    }
    if (k < this.h.T) this.rec.soc[k] = n > 0 ? { n, mean: s / n, min: mn, max: mx } : { n: 0, mean: NaN, min: NaN, max: NaN };
    if (k === 0) return;
    const cost = e * this.price[k - 1];
    this.rec.settledKwh[k - 1] = e;
    this.rec.settledMu[k - 1] = cost;
    this.send(this.cfg.esoRef, { type: 'settlement', k: k - 1, energyKwh: e, costMu: cost }, this.cfg.toEsoS);
    if (this.ledger.enabled) this.ledger.submit(this, 'settlement', { k: k - 1, energyKwh: Math.round(e * 1000) / 1000, costMu: Math.round(cost * 1e6) / 1e6 });
  }

  private decide(k: number): void {
    const T = this.h.T - k;
    // one LP cluster per deadline group of each CEV; the CEV rating couples its groups
    const clusters: ClusterEnvelope[] = [];
    const cevOf: number[] = [];
    const ratingRows: RatingRow[] = [];
    const cevCh = Array.from({ length: this.cfg.nCev }, () => new Float64Array(T));
    const cevDis = Array.from({ length: this.cfg.nCev }, () => new Float64Array(T));
    for (let c = 0; c < this.cfg.nCev; c++) {
      const f = this.flex[c];
      const envs = f && f.k === k && f.envs.length > 0 ? f.envs : [emptyEnvelope(`${c}`, T)];
      const idx: number[] = [];
      for (const e of envs) {
        idx.push(clusters.length);
        clusters.push(e);
        cevOf.push(c);
        for (let t = 0; t < T; t++) {
          cevCh[c][t] += e.pChMaxKw[t];
          cevDis[c][t] += e.pDisMaxKw[t];
        }
      }
      if (f && idx.length === 1 && this.cfg.ratingExcessPenaltyMuPerKwh !== undefined && f.envs.length > 0) {
        ratingRows.push({ clusters: idx, chMaxKw: f.ratingChKw, disMaxKw: f.ratingDisKw, excessPenaltyMuPerKwh: this.cfg.ratingExcessPenaltyMuPerKwh });
      } else if (f && idx.length > 1) {
        ratingRows.push({ clusters: idx, chMaxKw: f.ratingChKw, disMaxKw: f.ratingDisKw });
        for (let t = 0; t < T; t++) {
          cevCh[c][t] = Math.min(cevCh[c][t], f.ratingChKw);
          cevDis[c][t] = Math.min(cevDis[c][t], f.ratingDisKw);
        }
      }
    }
    const dtH = this.h.stepS / 3600;
    const floors = clusters.map((cl) => envelopeFloorKw(cl, dtH));
    const pMinKw = new Float64Array(T), pMaxKw = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      let fl = 0, ceil = 0;
      for (let c = 0; c < clusters.length; c++) {
        fl += floors[c][t];
        ceil += Math.max(0, clusters[c].pChMaxKw[t]);
      }
      [pMinKw[t], pMaxKw[t]] = obligationBand(this.pMin[k + t], this.pMax[k + t], this.cfg.obligationMarginKw, fl, ceil);
    }
    // voltage rows per CEV, then spread over its groups (same bus, same sensitivity)
    const lim = this.cfg.maxLoadingPct;
    const allRows = (this.cfg.networkConstraints ? this.grids.flatMap((g) => [...voltageRows(g, k, T, this.cfg.nCev, cevCh, cevDis, this.cfg.voltageMarginPu), ...(lim !== null ? branchRows(g, k, T, this.cfg.nCev, cevCh, cevDis, lim) : [])]) : []).map((r) => ({
      ...r,
      sensPuPerKw: Float64Array.from(cevOf, (c) => r.sensPuPerKw[c]),
    }));
    // rows the vehicles' must-run charging already breaks are not fought (network.ts rowsWithinFloors)
    const rows = rowsWithinFloors(allRows, floors, this.cfg.voltageMarginPu);
    const price = Float64Array.from(this.price.subarray(k));
    const problem: SchedulingProblem = {
      T,
      dtH,
      priceMuPerKwh: price,
      degradationMuPerKwh: this.cfg.degradationMuPerKwh,
      clusters,
      pMinKw,
      pMaxKw,
      obligationPenaltyMuPerKwh: this.cfg.obligationPenaltyMuPerKwh,
      voltageRows: rows,
      ratingRows,
      shortfallPenaltyMuPerKwh: this.cfg.shortfallPenaltyMuPerKwh,
      voltagePenaltyMuPerPu: this.cfg.voltagePenaltyMuPerPu,
      // energy left above the targets at the end is worth the cheapest price still to come (per
      // battery kWh: below its replacement cost, so buying energy only to keep it never pays, and
      // V2G sells it only where price - wear exceeds what it would cost to buy back, after losses)
      terminalValueMuPerKwh: terminalValue(price),
      v2gWaitMuPerKwh: this.cfg.v2gWaitMuPerKwh,
    };
    const floorKw = clusters.map((cl) => cl.p0ChMinKw ?? 0);
    // Stock above the targets in the executed interval (p0NeedMaxKw, schedule-lp.ts) is modelled
    // lazily: first without it; a cluster whose plan puts more into the executed interval than its
    // vehicles' room below their targets gets the stock rows, and the problem is solved again (the
    // rows cost up to 2 per period and cluster, and most plans never reach that room).
    const need = clusters.map((cl) => cl.p0NeedMaxKw);
    problem.clusters = clusters.map((cl) => (cl.p0NeedMaxKw === undefined ? cl : { ...cl, p0NeedMaxKw: undefined }));
    let out = this.scheduler(problem, k);
    let solveMs = out.solveMs;
    for (let round = 0; round < 3 && out.status === 'optimal'; round++) {
      let more = false;
      problem.clusters = problem.clusters.map((cl, i) => {
        const n = need[i];
        if (n === undefined || cl.p0NeedMaxKw !== undefined || out.schedule.ch[i][0] - out.schedule.dis[i][0] <= n + 1e-6) return cl;
        more = true;
        return { ...cl, p0NeedMaxKw: n };
      });
      if (!more) break;
      out = this.scheduler(problem, k);
      solveMs += out.solveMs;
      this.rec.stockRounds++;
    }
    // the exact power flow checks the executed interval; where the linear rows were optimistic,
    // corrected rows for it and a re-solve (a few rounds at most)
    for (let round = 0; round < 3 && this.cfg.networkConstraints && out.status === 'optimal'; round++) {
      const net = new Float64Array(this.cfg.nCev);
      cevOf.forEach((c, i) => (net[c] += out.schedule.ch[i][0] - out.schedule.dis[i][0]));
      const floorNet = new Float64Array(this.cfg.nCev);
      cevOf.forEach((c, i) => (floorNet[c] += floorKw[i]));
      const extra = this.grids.flatMap((g) => exactFirstIntervalRows(g, k, net, floorNet, this.cfg.nCev, this.cfg.voltageMarginPu));
      if (extra.length === 0) break;
      const more = extra.map((r) => ({ ...r, sensPuPerKw: Float64Array.from(cevOf, (c) => r.sensPuPerKw[c]) }));
      rows.push(...rowsWithinFloors(more, floors, this.cfg.voltageMarginPu));
      out = this.scheduler(problem, k);
      solveMs += out.solveMs;
      this.rec.exactRowRounds++;
    }
    this.rec.solveMs.push(solveMs);
    this.rec.status.push(out.status);
    this.rec.objective[k] = out.objective;
    this.rec.voltageRowCount[k] = rows.length;
    this.rec.voltageRowsBinding[k] = out.bindingVoltageRowsNow ?? 0;
    this.rec.branchRowsBinding[k] = out.bindingBranchRowsNow ?? 0;
    if (out.status !== 'optimal') {
      // never silent: the decision is logged; the scheduler's fallback (penalized obligations) runs
      this.sim.recorder.event({ t: Math.round(this.now * 1e6) / 1e6, type: 'scheduleInfeasible', signer: this.id, interval: k, status: out.status });
    }
    if (k === 0) {
      this.rec.dayAheadProblem = problem;
      const da = new Float64Array(T);
      for (let c = 0; c < clusters.length; c++) for (let t = 0; t < T; t++) da[t] += out.schedule.ch[c][t] - out.schedule.dis[c][t];
      this.rec.dayAheadKw = da;
    }
    let total = 0;
    const sp: Record<string, number> = {};
    for (let c = 0; c < this.cfg.nCev; c++) {
      const chs: number[] = [], diss: number[] = [], stocks: number[] = [];
      cevOf.forEach((cc, i) => {
        if (cc !== c) return;
        chs.push(out.schedule.ch[i][0]);
        diss.push(out.schedule.dis[i][0]);
        // the planned energy above the targets (the dispatch realizes no more above them)
        stocks.push(Math.max(0, out.schedule.ch[i][0] - out.schedule.dis[i][0] - (need[i] ?? 0)));
      });
      const net = chs.reduce((a, b) => a + b, 0) - diss.reduce((a, b) => a + b, 0);
      this.rec.scheduledCevKw[c][k] = net;
      total += net;
      sp[this.cfg.cevRefs[c]] = Math.round(net * 1000) / 1000;
      this.send(this.cfg.cevRefs[c], { type: 'setpoint', k, chKw: chs, disKw: diss, stockKw: stocks }, this.cfg.toCevS[c]);
    }
    this.rec.scheduledKw[k] = total;
    if (this.ledger.enabled) this.ledger.submit(this, 'setpoint', { k, status: out.status, setpointsKw: sp });
  }
}

/** The cheapest price of the remaining horizon (0 when prices go negative), m.u./kWh. */
export function terminalValue(price: ArrayLike<number>): number {
  let m = Infinity;
  for (let t = 0; t < price.length; t++) m = Math.min(m, price[t]);
  return Number.isFinite(m) ? Math.max(0, m) : 0;
}

function emptyEnvelope(id: string, T: number): ClusterEnvelope {
  const z = () => new Float64Array(T);
  return { id, pChMaxKw: z(), pDisMaxKw: z(), eLowKwh: z(), eHighKwh: z(), etaCh: 0.92, etaDis: 0.92 };
}
