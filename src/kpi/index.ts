// The KPI engine: K1-K10 (gvp.md) computed only from the event log and the ledger, so
// `vpsim kpi <DIR>` recomputes from the exported files exactly what `vpsim run` wrote. Every KPI is
// one pass over the log in its order (KpiAccumulator), so a run can hand its records over as they
// are committed instead of keeping them for a pass at the end.
import { EconomicAcc } from './economics.js';
import { LifecycleAcc } from './lifecycle.js';
import type { Ev } from './records.js';
import { ShortfallAcc } from './shortfall.js';
import { committedIndexOf, TraceAcc, type CommittedIndex } from './traceability.js';

export type Kpis = Record<'K1' | 'K2' | 'K3' | 'K4' | 'K5' | 'K6' | 'K7' | 'K8' | 'K9' | 'K10', unknown>;

/** K1-K10 accumulated one event at a time in log order; `result` once at the end. */
export class KpiAccumulator {
  private readonly economic = new EconomicAcc();
  private readonly shortfall = new ShortfallAcc();
  private readonly lifecycle = new LifecycleAcc();
  private readonly trace = new TraceAcc();

  /** Adds the next event; `committed`: its transaction is in the exported, valid block it names (K9). */
  add(e: Ev, committed: boolean): void {
    this.economic.add(e);
    this.shortfall.add(e);
    this.lifecycle.add(e);
    this.trace.add(e, committed);
  }

  /** The KPIs (call once): `ledger` gives K9's block counts. */
  result(ledger: { blocks: number; invalid: number; missing: number }): Kpis {
    const { K1, K4 } = this.economic.result();
    const { K2, K3, K10 } = this.shortfall.result();
    const { K5, K6, K7, K8 } = this.lifecycle.result();
    const K9 = this.trace.result(ledger);
    return { K1, K2, K3, K4, K5, K6, K7, K8, K9, K10 };
  }
}

/** K1-K10; K9 from the exported ledger lines (re-verified) or a run's own CommittedIndex (see traceability.ts). */
export function computeKpis(events: Iterable<Ev>, ledgerLines: readonly string[] | CommittedIndex | null): Kpis {
  const committed = committedIndexOf(ledgerLines);
  const acc = new KpiAccumulator();
  for (const e of events) acc.add(e, committed.holds(e));
  return acc.result(committed);
}

export { readRunRecords, type Ev } from './records.js';
export type { CommittedIndex } from './traceability.js';
