// The VP's view of the feeders in its scheduling LP: LinDistFlow-form voltage rows from each
// feeder's day model (src/grid/feeder-day.ts: base voltages and sensitivities per interval).
import type { FeederDay } from '../grid/feeder-day.js';
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
  for (let t = 0; t < T; t++) {
    const sk = g.sens[k0 + t];
    const v0k = g.v0[k0 + t];
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
