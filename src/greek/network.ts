// The VP's view of one city's feeder: base operating point per interval (exact power flow with the
// base load and RES, no EVs), linear (LinDistFlow-form) voltage sensitivities for the scheduling LP
// (LinDistFlow matrix or exact power-flow secants per interval), the exact power flow
// with the CEV powers added, and the curtailment rule a DF applies when voltages leave their band.
// Uses src/grid (solvePowerFlow, linDistFlowSensitivities); no power flow of its own.
import { linDistFlowSensitivities, type LinDistFlowModel } from '../grid/lindistflow.js';
import { solvePowerFlow, type PowerFlowResult } from '../grid/powerflow.js';
import type { PreparedFeeder } from '../grid/topology.js';
import type { BusLoads } from '../grid/types.js';
import type { VoltageRow } from '../optim/schedule.js';

export interface CityGrid {
  city: string;
  prep: PreparedFeeder;
  slackVmPu: number;
  vMinPu: number;
  vMaxPu: number;
  /** Base loads (net of RES) per interval, feeder order. */
  base: BusLoads[];
  /** Base voltages per interval (exact power flow). */
  v0: Float64Array[];
  lin: LinDistFlowModel;
  /**
   * Voltage drop per kW (p.u./kW) at every bus for load added at each CEV's bus, per interval:
   * sens[k][m][j]. 'lindistflow' uses the LinDistFlow matrix (linearized at the day's mean base
   * load); 'secant' measures it with the exact power flow at interval k's base point plus
   * `secantKw` at the CEV's bus, which includes the losses LinDistFlow drops.
   */
  sens: Float64Array[][];
  /** Global CEV indices on this feeder and their feeder bus indices. */
  cevs: number[];
  cevBus: number[];
}

export interface CityGridInput {
  city: string;
  prep: PreparedFeeder;
  slackVmPu: number;
  vMinPu: number;
  vMaxPu: number;
  /** Load multiplier per interval (times each bus's nominal load). */
  loadScale: Float64Array;
  /** RES injections: bus index, capacity kW, normalized profile per interval. */
  res: { bus: number; capacityKw: number; profile: Float64Array }[];
  cevs: number[];
  cevBus: number[];
  sensitivity?: 'lindistflow' | 'secant';
  secantKw?: number;
}

export function buildCityGrid(inp: CityGridInput): CityGrid {
  const { prep } = inp;
  const T = inp.loadScale.length;
  const base: BusLoads[] = [];
  const v0: Float64Array[] = [];
  const mean = { pKw: new Float64Array(prep.n), qKvar: new Float64Array(prep.n) };
  for (let k = 0; k < T; k++) {
    const s = inp.loadScale[k];
    const pKw = Float64Array.from(prep.feeder.buses, (b) => b.pKw * s);
    const qKvar = Float64Array.from(prep.feeder.buses, (b) => b.qKvar * s);
    for (const r of inp.res) pKw[r.bus] -= r.capacityKw * r.profile[k];
    base.push({ pKw, qKvar });
    const pf = solvePowerFlow(prep, { loads: { pKw, qKvar }, slackVmPu: inp.slackVmPu });
    if (!pf.converged) throw new RangeError(`${inp.city}: base power flow does not converge at interval ${k}`);
    v0.push(Float64Array.from(pf.vmPu));
    for (let i = 0; i < prep.n; i++) {
      mean.pKw[i] += pKw[i] / T;
      mean.qKvar[i] += qKvar[i] / T;
    }
  }
  const lin = linDistFlowSensitivities(prep, { base: mean, slackVmPu: inp.slackVmPu });
  const n = prep.n;
  const linSens = inp.cevBus.map((b) => Float64Array.from({ length: n }, (_, j) => -lin.dvdpPuPerKw[j * n + b]));
  const dP = inp.secantKw ?? 300;
  const sens = base.map((bl, k) => {
    if (inp.sensitivity !== 'secant') return linSens;
    return inp.cevBus.map((b) => {
      const pKw = Float64Array.from(bl.pKw);
      pKw[b] += dP;
      const pf = solvePowerFlow(prep, { loads: { pKw, qKvar: bl.qKvar }, slackVmPu: inp.slackVmPu });
      return Float64Array.from({ length: n }, (_, j) => Math.max(0, (v0[k][j] - pf.vmPu[j]) / dP));
    });
  });
  return { city: inp.city, prep, slackVmPu: inp.slackVmPu, vMinPu: inp.vMinPu, vMaxPu: inp.vMaxPu, base, v0, lin, sens, cevs: inp.cevs, cevBus: inp.cevBus };
}

/** p.u. voltage drop at bus j per kW at each CEV of this city at interval k (global CEV order). */
function sensRow(g: CityGrid, k: number, j: number, nCev: number): Float64Array {
  const s = new Float64Array(nCev);
  g.cevs.forEach((c, m) => (s[c] = g.sens[k][m][j]));
  return s;
}

/**
 * Voltage rows for intervals k0..k0+T-1 that could bind: a (bus, interval) is kept only when the
 * base voltage minus the drop at every CEV's maximum charge (or plus the rise at maximum
 * discharge) can leave [vMin + margin, vMax - margin]. Exact pruning for the LP.
 */
export function voltageRows(g: CityGrid, k0: number, T: number, nCev: number, pChMax: Float64Array[], pDisMax: Float64Array[], marginPu: number): VoltageRow[] {
  const rows: VoltageRow[] = [];
  const vMin = g.vMinPu + marginPu, vMax = g.vMaxPu - marginPu;
  for (let j = 0; j < g.prep.n; j++) {
    if (j === g.prep.order[0]) continue;
    for (let t = 0; t < T; t++) {
      const s = sensRow(g, k0 + t, j, nCev);
      let drop = 0, rise = 0;
      for (const c of g.cevs) {
        drop += s[c] * pChMax[c][t];
        rise += s[c] * pDisMax[c][t];
      }
      const v0 = g.v0[k0 + t][j];
      if (v0 - drop >= vMin && v0 + rise <= vMax) continue;
      rows.push({ t, label: `${g.city}:${g.prep.busIds[j]}`, v0Pu: v0, sensPuPerKw: s, vMinPu: vMin, vMaxPu: vMax });
    }
  }
  return rows;
}

/** Exact power flow at interval k with the given CEV net powers (kW, global CEV order). */
export function cityFlow(g: CityGrid, k: number, cevPowerKw: ArrayLike<number>): PowerFlowResult {
  const pKw = Float64Array.from(g.base[k].pKw);
  g.cevs.forEach((c, m) => (pKw[g.cevBus[m]] += cevPowerKw[c]));
  return solvePowerFlow(g.prep, { loads: { pKw, qKvar: g.base[k].qKvar }, slackVmPu: g.slackVmPu, limits: { vMinPu: g.vMinPu, vMaxPu: g.vMaxPu } });
}

/**
 * DF control: when a bus leaves [vMin, vMax], lower the net power of the CEVs that affect it most
 * (charging cut for undervoltage, discharge cut for overvoltage), using the sensitivities for the
 * step size and the exact power flow to confirm, until the band holds or nothing is left to cut.
 * Returns the capped net powers (global order; unchanged entries for other cities) and the flow.
 */
export function curtailToLimits(g: CityGrid, k: number, cevPowerKw: ArrayLike<number>, marginPu = 0.001, maxIter = 12): { powerKw: Float64Array; flow: PowerFlowResult; curtailed: boolean } {
  const p = Float64Array.from(cevPowerKw);
  let flow = cityFlow(g, k, p);
  let curtailed = false;
  const n = g.lin.n;
  for (let it = 0; it < maxIter; it++) {
    const under = flow.vmin < g.vMinPu, over = flow.vmax > g.vMaxPu;
    if (!under && !over) break;
    const j = g.prep.indexOfBus.get(under ? flow.vminBus : flow.vmaxBus)!;
    let need = under ? g.vMinPu + marginPu - flow.vmin : flow.vmax - (g.vMaxPu - marginPu);
    const order = g.cevs.map((c, m) => ({ c, s: -g.lin.dvdpPuPerKw[j * n + g.cevBus[m]] })).sort((a, b) => b.s - a.s || a.c - b.c);
    let changed = false;
    for (const { c, s } of order) {
      if (need <= 0 || s <= 0) break;
      const room = under ? Math.max(0, p[c]) : Math.max(0, -p[c]);
      if (room <= 0) continue;
      const cut = Math.min(room, (need / s) * 1.05);
      p[c] += under ? -cut : cut;
      need -= cut * s;
      changed = true;
    }
    if (!changed) break;
    curtailed = true;
    flow = cityFlow(g, k, p);
  }
  return { powerKw: p, flow, curtailed };
}
