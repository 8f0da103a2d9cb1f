// The VP's view of the feeders in its scheduling LP: LinDistFlow-form voltage rows from each
// feeder's day model (src/grid/feeder-day.ts: base voltages and sensitivities per interval).
import type { FeederDay } from '../grid/feeder-day.js';
import type { VoltageRow } from '../optim/schedule.js';

/** p.u. voltage drop at bus j per kW at each CEV of this city at interval k (global CEV order). */
function sensRow(g: FeederDay, k: number, j: number, nCev: number): Float64Array {
  const s = new Float64Array(nCev);
  g.cevs.forEach((c, m) => (s[c] = g.sens[k][m][j]));
  return s;
}

/**
 * Voltage rows for intervals k0..k0+T-1 that could bind: a (bus, interval) is kept only when the
 * base voltage minus the drop at every CEV's maximum charge (or plus the rise at maximum
 * discharge) can leave [vMin + margin, vMax - margin]. Exact pruning for the LP.
 */
export function voltageRows(g: FeederDay, k0: number, T: number, nCev: number, pChMax: Float64Array[], pDisMax: Float64Array[], marginPu: number): VoltageRow[] {
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
      rows.push({ t, label: `${g.name}:${g.prep.busIds[j]}`, v0Pu: v0, sensPuPerKw: s, vMinPu: vMin, vMaxPu: vMax });
    }
  }
  return rows;
}
