// The KPI engine: K1-K10 (gvp.md) computed only from the event log and the ledger, so
// `vpsim kpi <DIR>` recomputes from the exported files exactly what `vpsim run` wrote.
import { economicKpis } from './economics.js';
import { lifecycleKpis } from './lifecycle.js';
import type { Ev } from './records.js';
import { shortfallKpis } from './shortfall.js';
import { traceabilityKpi, type CommittedIndex } from './traceability.js';

export type Kpis = Record<'K1' | 'K2' | 'K3' | 'K4' | 'K5' | 'K6' | 'K7' | 'K8' | 'K9' | 'K10', unknown>;

/** K1-K10; K9 from the exported ledger lines (re-verified) or a run's own CommittedIndex (see traceability.ts). */
export function computeKpis(events: readonly Ev[], ledgerLines: readonly string[] | CommittedIndex | null): Kpis {
  const { K1, K4 } = economicKpis(events);
  const { K2, K3, K10 } = shortfallKpis(events);
  const { K5, K6, K7, K8 } = lifecycleKpis(events);
  const K9 = traceabilityKpi(events, ledgerLines);
  return { K1, K2, K3, K4, K5, K6, K7, K8, K9, K10 };
}

export { readRunRecords, type Ev } from './records.js';
export type { CommittedIndex } from './traceability.js';
