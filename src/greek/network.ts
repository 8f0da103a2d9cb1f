// The VP's view of the feeders in its scheduling LP: LinDistFlow-form voltage rows from each
// feeder's day model (src/grid/feeder-day.ts: base voltages and sensitivities per interval).
import { subtreeMask } from '../grid/curtailment.js';
import { feederFlow, type FeederDay } from '../grid/feeder-day.js';
import type { VoltageRow } from '../optim/schedule.js';

/**
 * Voltage rows for intervals k0..k0+T-1 that could bind: a (bus, interval) is kept only when the
 * base voltage minus the drop at every CEV's maximum charge (or plus the rise at maximum
 * discharge) can leave [vMin + margin, vMax - margin]. Exact pruning for the LP. A bus already out of
 * [vMin, vMax] with the base load alone gets no row (cutting EVs cannot bring it back). The drop is
 * computed from the stored sensitivities; a row's sensitivity vector is allocated only when kept.
 */
export function voltageRows(g: FeederDay, k0: number, T: number, nCev: number, pChMax: Float64Array[], pDisMax: Float64Array[], marginPu: number): VoltageRow[] {
  const rows: VoltageRow[] = [];
  const vMin = g.vMinPu + marginPu, vMax = g.vMaxPu - marginPu;
  const slack = g.prep.order[0];
  const m = g.cevs.length;
  const bound = intervalBounds(g);
  for (let t = 0; t < T; t++) {
    const sk = g.sens[k0 + t];
    const v0k = g.v0[k0 + t];
    // quick exact skip: with every bus's drop at most sum_i |pCh_i| * max_j |sens_ij| (and the rise
    // likewise), no in-band bus of this interval can leave [vMin, vMax]
    const b = bound[k0 + t];
    let dropMax = 0, riseMax = 0;
    for (let i = 0; i < m; i++) {
      dropMax += b.sensAbsMax[i] * Math.abs(pChMax[g.cevs[i]][t]);
      riseMax += b.sensAbsMax[i] * Math.abs(pDisMax[g.cevs[i]][t]);
    }
    if (b.v0Min - dropMax >= vMin && b.v0Max + riseMax <= vMax) continue;
    for (let j = 0; j < g.prep.n; j++) {
      if (j === slack) continue;
      let drop = 0, rise = 0;
      for (let i = 0; i < m; i++) {
        const c = g.cevs[i];
        drop += sk[i][j] * pChMax[c][t];
        rise += sk[i][j] * pDisMax[c][t];
      }
      const v0 = v0k[j];
      if (v0 - drop >= vMin && v0 + rise <= vMax) continue;
      // the base load alone puts this bus out of the band: no EV schedule can fix it, so the LP does
      // not starve the vehicles for it (the DF reports it as a base-load violation)
      if (v0 < g.vMinPu || v0 > g.vMaxPu) continue;
      const s = new Float64Array(nCev);
      for (let i = 0; i < m; i++) s[g.cevs[i]] = sk[i][j];
      rows.push({ t, label: `${g.name}:${g.prep.busIds[j]}`, v0Pu: v0, sensPuPerKw: s, vMinPu: vMin, vMaxPu: vMax });
    }
  }
  return rows;
}

interface IntervalBound {
  /** Lowest and highest base voltage over the non-slack buses inside [vMin, vMax]. */
  v0Min: number;
  v0Max: number;
  /** Per feeder CEV (local order): largest |sensitivity| over the non-slack buses. */
  sensAbsMax: Float64Array;
}

const boundCache = new WeakMap<FeederDay, IntervalBound[]>();

/** Per interval of the day, the bounds voltageRows' quick skip uses (computed once per feeder day). */
function intervalBounds(g: FeederDay): IntervalBound[] {
  let out = boundCache.get(g);
  if (out) return out;
  const slack = g.prep.order[0];
  out = g.v0.map((v0k, k) => {
    let v0Min = Infinity, v0Max = -Infinity;
    const sensAbsMax = new Float64Array(g.cevs.length);
    for (let j = 0; j < g.prep.n; j++) {
      if (j === slack) continue;
      for (let i = 0; i < g.cevs.length; i++) sensAbsMax[i] = Math.max(sensAbsMax[i], Math.abs(g.sens[k][i][j]));
      const v0 = v0k[j];
      if (v0 < g.vMinPu || v0 > g.vMaxPu) continue;
      v0Min = Math.min(v0Min, v0);
      v0Max = Math.max(v0Max, v0);
    }
    return { v0Min, v0Max, sensAbsMax };
  });
  boundCache.set(g, out);
  return out;
}

/**
 * Exact check of the executed interval: the exact power flow of interval k with the planned net
 * power of every CEV (kW, global order). For each bus the flow puts within `tolPu` of a band limit
 * (or beyond it) while its base voltage is inside the band, a corrected row for interval 0 of the
 * rolling problem: the linear prediction's error at this operating point (linear minus exact) is
 * taken off the row's bound, so the re-solved plan keeps the exact voltage inside the band. The
 * secant/LinDistFlow sensitivities miss the curvature when several CEVs on a feeder draw at once.
 * A bus the CEVs' floors (`floorKw`, global order: their must-run charging) already keep out of the
 * band gets no corrected row.
 */
export function exactFirstIntervalRows(g: FeederDay, k: number, netKw: ArrayLike<number>, floorKw: ArrayLike<number>, nCev: number, marginPu: number, tolPu = 5e-4): VoltageRow[] {
  const f = feederFlow(g, k, netKw);
  if (!f.converged) return [];
  let atFloor: ArrayLike<number> | null = null;
  const rows: VoltageRow[] = [];
  const slack = g.prep.order[0];
  const sk = g.sens[k];
  const v0k = g.v0[k];
  for (let j = 0; j < g.prep.n; j++) {
    if (j === slack) continue;
    const v0 = v0k[j];
    if (v0 < g.vMinPu || v0 > g.vMaxPu) continue; // base-load violations get no row
    const v = f.vmPu[j];
    const low = v < g.vMinPu + tolPu, high = v > g.vMaxPu - tolPu;
    if (!low && !high) continue;
    if (low) {
      // out of band even with every CEV at its must-run floor: not fought (see capFirstIntervalRowsAtFloor)
      atFloor ??= feederFlow(g, k, floorKw).vmPu;
      if (atFloor[j] < g.vMinPu + tolPu && !high) continue;
    }
    let vLin = v0;
    for (let i = 0; i < g.cevs.length; i++) vLin -= sk[i][j] * netKw[g.cevs[i]];
    const err = vLin - v; // > 0: the linear model is optimistic about a drop
    const s = new Float64Array(nCev);
    for (let i = 0; i < g.cevs.length; i++) s[g.cevs[i]] = sk[i][j];
    rows.push({
      t: 0,
      label: `${g.name}:${g.prep.busIds[j]}:exact`,
      v0Pu: v0,
      sensPuPerKw: s,
      vMinPu: low ? g.vMinPu + marginPu + Math.max(0, err) : -Infinity,
      vMaxPu: high ? g.vMaxPu - marginPu - Math.max(0, -err) : Infinity,
    });
  }
  return rows;
}

/**
 * Rows never ask for more than the vehicles' must-run charging allows (`floorKw[c][t]`, per
 * cluster and interval: `envelopeFloorKw`). Where the floors alone (every other cluster idle)
 * already put the bus out of the band [vMin, vMax] (the row's bounds widened by `marginPu`) the
 * row is dropped: like a base-load violation, that bus-interval is lost whatever the plan does, and
 * it is reported (`mustRunViolatingBusIntervals`), not fought (no V2G, shifting or held-back
 * charging bought to make it a little shallower); other buses of the feeder keep their rows.
 * Where the floors keep the band but not its margin, the row is relaxed to the floors' voltage
 * (the margin is for the linearization of added load, not a reason to discharge). Branch rows
 * (kind 'branch', no margin): dropped where the floors already load the branch beyond its limit.
 * Returns the rows kept; changes relaxed rows in place.
 */
export function rowsWithinFloors(rows: VoltageRow[], floorKw: ArrayLike<number>[], marginPu: number): VoltageRow[] {
  const kept: VoltageRow[] = [];
  for (const r of rows) {
    let v = r.v0Pu;
    for (let c = 0; c < floorKw.length; c++) {
      const s = r.sensPuPerKw[c];
      if (s !== 0) v -= s * floorKw[c][r.t];
    }
    const m = r.kind === 'branch' ? 0 : marginPu;
    if (v < r.vMinPu - m || v > r.vMaxPu + m) continue;
    if (v < r.vMinPu) r.vMinPu = v - 1e-6;
    if (v > r.vMaxPu) r.vMaxPu = v + 1e-6;
    kept.push(r);
  }
  return kept;
}

/** Branch rows keep this share of the loading limit free (linearization). */
export const BRANCH_MARGIN = 0.01;

const subtreeCache = new WeakMap<FeederDay, Uint8Array[]>();

/** Per feeder position, 1 for each CEV of the feeder (local order) fed through that branch. */
function cevsBehind(g: FeederDay): Uint8Array[] {
  let out = subtreeCache.get(g);
  if (out) return out;
  out = [];
  for (let pos = 0; pos < g.prep.n; pos++) {
    const mask = pos === 0 ? null : subtreeMask(g.prep, g.prep.branchOfPos[pos]);
    out.push(Uint8Array.from(g.cevBus, (b) => (mask && mask[b] === 1 ? 1 : 0)));
  }
  subtreeCache.set(g, out);
  return out;
}

/**
 * Branch loading rows for intervals k0..k0+T-1, in the same row form as the voltage rows (kind
 * 'branch', kW instead of p.u.): the active power into a branch's downstream side is its base flow
 * plus the net power of the CEVs behind it (losses neglected), and must stay within
 * +-sqrt(Smax^2 - Q^2), where Smax is the base apparent power scaled by the current limit
 * (`maxLoadingPct` of the rating) over the base current, and Q the base reactive flow (CEVs at unity
 * power factor). Kept only where the CEVs' maximum charge (or discharge) could reach the limit; a
 * branch the base load alone overloads gets no row (the DF reports it).
 */
export function branchRows(g: FeederDay, k0: number, T: number, nCev: number, pChMax: Float64Array[], pDisMax: Float64Array[], maxLoadingPct: number): VoltageRow[] {
  const rows: VoltageRow[] = [];
  const behind = cevsBehind(g);
  for (let pos = 1; pos < g.prep.n; pos++) {
    const e = g.prep.branchOfPos[pos];
    // 1% inside the limit: the row neglects the voltage drop (current = S / V) and the losses
    const iMax = (g.prep.maxCurrentA[e] * maxLoadingPct * (1 - BRANCH_MARGIN)) / 100;
    if (!(iMax > 0) || !Number.isFinite(iMax)) continue;
    const mask = behind[pos];
    if (!mask.some((x) => x === 1)) continue;
    for (let t = 0; t < T; t++) {
      const bb = g.baseBranch[k0 + t];
      const p = bb.pKw[pos], q = bb.qKvar[pos], i = bb.currentA[pos];
      if (!(i > 0)) continue;
      const sMax = (Math.hypot(p, q) * iMax) / i;
      if (sMax <= Math.abs(q) || i > iMax / (1 - BRANCH_MARGIN)) continue; // the base load alone overloads it
      const pCap = Math.sqrt(sMax * sMax - q * q);
      let up = 0, down = 0;
      for (let m = 0; m < g.cevs.length; m++) {
        if (mask[m] === 0) continue;
        up += pChMax[g.cevs[m]][t];
        down += pDisMax[g.cevs[m]][t];
      }
      if (p + up <= pCap && p - down >= -pCap) continue;
      const s = new Float64Array(nCev);
      for (let m = 0; m < g.cevs.length; m++) if (mask[m] === 1) s[g.cevs[m]] = -1;
      rows.push({ t, label: `${g.name}:branch${e}`, kind: 'branch', v0Pu: p, sensPuPerKw: s, vMinPu: -pCap, vMaxPu: pCap });
    }
  }
  return rows;
}
