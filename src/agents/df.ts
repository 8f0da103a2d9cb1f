// DF/A: one distribution-feeder agent. Each interval it solves the exact power flow with the base
// load, the RES output and the latest CEV powers on its feeder, records voltages and losses, and asks
// CEVs to cut when a bus leaves its voltage band or a loss or loading limit is exceeded.
// Thin adapter: the grid logic lives in src/grid (composeLoads, solvePowerFlow, estimateCurtailment).
import { Agent, type AgentRef } from '../sim/agent.js';
import { estimateCurtailment, type CurtailmentOptions, type CurtailReason } from '../grid/curtailment.js';
import { linDistFlowSensitivities, type LinDistFlowModel } from '../grid/lindistflow.js';
import { composeLoads, type IndexedPower } from '../grid/loads.js';
import { solvePowerFlow, type PowerFlowResult } from '../grid/powerflow.js';
import { busIndex, type PreparedFeeder } from '../grid/topology.js';
import type { BusLoads, GridLimits } from '../grid/types.js';

/** CEV -> DF: the cluster's present net power (kW, consumption positive; V2G negative). */
export interface CevPowerMessage {
  type: 'cevPower';
  cevId: string;
  pKw: number;
  qKvar?: number;
}

/** DF -> CEV: cut |net power| by reduceKw (charging for undervoltage/overload/losses, V2G for overvoltage). */
export interface CurtailMessage {
  type: 'curtail';
  cevId: string;
  reduceKw: number;
  reason: CurtailReason;
  /** DF interval index (0-based) that triggered it. */
  interval: number;
}

/** DF -> reportTo (e.g. the VP): one summary per interval. */
export interface GridReportMessage {
  type: 'gridReport';
  feeder: string;
  interval: number;
  converged: boolean;
  vminPu: number;
  vminBus: number;
  vmaxPu: number;
  vmaxBus: number;
  pLossKw: number;
  slackPKw: number;
  violations: number;
}

export type DfInbound = CevPowerMessage;
export type DfOutbound = CurtailMessage | GridReportMessage;

export interface DfAgentConfig {
  /** Label written in the records (e.g. the city). */
  feederLabel: string;
  prep: PreparedFeeder;
  /** Base-load multiplier of the nominal loads, one per interval. */
  loadScale: ArrayLike<number>;
  /** RES at buses: rated kW times a normalized profile (one value per interval). */
  res?: { busId: number; capacityKw: number; profile: ArrayLike<number> }[];
  /** CEVs on this feeder: agent id and bus. */
  cevs: { cevId: string; busId: number }[];
  /** Simulation time of the first interval start, s (default 0), and interval length (default 300). */
  startS?: number;
  intervalS?: number;
  /** Solve this long after each interval start, after the CEVs' set-points arrive (default 1 s). */
  solveDelayS?: number;
  limits?: Partial<GridLimits>;
  slackVmPu?: number;
  curtailment?: CurtailmentOptions;
  /** Message latency DF -> CEV, s (default 0.02). */
  latencyS?: number;
  /** Record every bus voltage in table `voltages` (default true). */
  recordBusVoltages?: boolean;
  reportTo?: AgentRef;
}

export class DfAgent extends Agent<DfInbound, 'solve'> {
  private readonly cevIndex = new Map<string, number>();
  private readonly cevPowers: IndexedPower[];
  private readonly resBus: number[];
  private readonly lin: LinDistFlowModel;
  private readonly loads: BusLoads;
  private readonly limits: GridLimits;
  private interval = 0;

  constructor(id: string, private readonly cfg: DfAgentConfig) {
    super(id);
    const { prep } = cfg;
    const file = `DF ${id}`;
    this.cevPowers = cfg.cevs.map((c, m) => {
      this.cevIndex.set(c.cevId, m);
      return { busIndex: busIndex(prep, c.busId, file, `cevs[${m}].busId`), pKw: 0, qKvar: 0 };
    });
    this.resBus = (cfg.res ?? []).map((r, m) => busIndex(prep, r.busId, file, `res[${m}].busId`));
    this.lin = linDistFlowSensitivities(prep, { slackVmPu: cfg.slackVmPu });
    this.loads = { pKw: new Float64Array(prep.n), qKvar: new Float64Array(prep.n) };
    this.limits = {
      vMinPu: cfg.limits?.vMinPu ?? prep.feeder.vMinPu,
      vMaxPu: cfg.limits?.vMaxPu ?? prep.feeder.vMaxPu,
      maxLossKw: cfg.limits?.maxLossKw,
      maxLoadingPct: cfg.limits?.maxLoadingPct,
    };
  }

  override onStart(): void {
    const first = (this.cfg.startS ?? 0) + (this.cfg.solveDelayS ?? 1);
    if (this.cfg.loadScale.length > 0) this.setTimer(Math.max(0, first - this.now), 'solve');
  }

  override onMessage(msg: DfInbound): void {
    if (msg.type !== 'cevPower') return;
    const m = this.cevIndex.get(msg.cevId);
    if (m === undefined) throw new Error(`${this.id}: CEV '${msg.cevId}' is not on this feeder`);
    this.cevPowers[m].pKw = msg.pKw;
    this.cevPowers[m].qKvar = msg.qKvar ?? 0;
  }

  override onTimer(): void {
    const k = this.interval++;
    const result = this.solve(k);
    this.record(k, result);
    this.control(k, result);
    if (this.interval < this.cfg.loadScale.length) this.setTimer(this.cfg.intervalS ?? 300, 'solve');
  }

  private solve(k: number): PowerFlowResult {
    const res = this.cfg.res ?? [];
    const powers: IndexedPower[] = this.cevPowers.slice();
    res.forEach((r, m) => powers.push({ busIndex: this.resBus[m], pKw: -r.capacityKw * r.profile[k], qKvar: 0 }));
    composeLoads(this.cfg.prep, this.cfg.loadScale[k], powers, this.loads);
    return solvePowerFlow(this.cfg.prep, { loads: this.loads, slackVmPu: this.cfg.slackVmPu, limits: this.limits });
  }

  private record(k: number, r: PowerFlowResult): void {
    const rec = this.sim.recorder;
    const feeder = this.cfg.feederLabel;
    rec.row('grid', {
      t_s: this.now, feeder, interval: k, converged: r.converged, iterations: r.iterations,
      vmin_pu: r.vmin, vmin_bus: r.vminBus, vmax_pu: r.vmax, vmax_bus: r.vmaxBus,
      p_loss_kw: r.pLossKw, q_loss_kvar: r.qLossKvar, slack_p_kw: r.slackPKw, slack_q_kvar: r.slackQKvar,
      violations: r.violations.length,
    });
    if (this.cfg.recordBusVoltages ?? true) {
      const ids = this.cfg.prep.busIds;
      for (let i = 0; i < ids.length; i++) rec.row('voltages', { t_s: this.now, feeder, interval: k, bus: ids[i], v_pu: r.vmPu[i] });
    }
    if (!r.converged) rec.event({ t: this.now, type: 'powerflowFailed', feeder, interval: k, status: r.status, message: r.message ?? '' });
    if (this.cfg.reportTo !== undefined) {
      const report: GridReportMessage = {
        type: 'gridReport', feeder, interval: k, converged: r.converged, vminPu: r.vmin, vminBus: r.vminBus,
        vmaxPu: r.vmax, vmaxBus: r.vmaxBus, pLossKw: r.pLossKw, slackPKw: r.slackPKw, violations: r.violations.length,
      };
      this.send(this.cfg.reportTo, report, this.cfg.latencyS ?? 0.02);
    }
  }

  private control(k: number, r: PowerFlowResult): void {
    const cevs = this.cfg.cevs.map((c, m) => ({ cevId: c.cevId, busId: c.busId, pKw: this.cevPowers[m].pKw }));
    // A failed solve has no trustworthy voltages: stop all charging on the feeder (the safe side).
    const requests = r.converged
      ? estimateCurtailment(this.cfg.prep, r, r.violations, this.lin, cevs, this.cfg.curtailment).requests
      : cevs.filter((c) => c.pKw > 0).map((c) => ({ cevId: c.cevId, reduceKw: c.pKw, reason: 'undervoltage' as const }));
    for (const q of requests) {
      const msg: CurtailMessage = { type: 'curtail', cevId: q.cevId, reduceKw: q.reduceKw, reason: q.reason, interval: k };
      this.send(q.cevId, msg, this.cfg.latencyS ?? 0.02);
      this.sim.recorder.row('curtailments', { t_s: this.now, feeder: this.cfg.feederLabel, interval: k, cev: q.cevId, reduce_kw: q.reduceKw, reason: q.reason });
    }
  }
}
