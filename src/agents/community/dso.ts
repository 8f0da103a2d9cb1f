// The DSO: receives the DF agent's per-step power-flow reports and attests each settlement
// interval's grid state on the ledger (import at the substation, losses, voltage extremes and
// violations) as a GridInterval event.
import type { GridReportMessage } from '../df.js';
import type { EventLedger } from '../../community/event-ledger.js';
import { Agent } from '../../sim/agent.js';

export interface DsoConfig {
  ledger: EventLedger;
  t0_s: number;
  interval_s: number;
  meterStep_s: number;
}

interface Acc {
  n: number;
  importMax_kw: number;
  exportMax_kw: number;
  import_kwh: number;
  export_kwh: number;
  loss_kwh: number;
  vmin: number;
  vmax: number;
  violations: number;
  failed: number;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export class DsoAgent extends Agent<GridReportMessage> {
  private acc: Acc | null = null;
  private k = -1;

  constructor(id: string, private readonly cfg: DsoConfig) {
    super(id);
  }

  override onMessage(m: GridReportMessage): void {
    if (m.type !== 'gridReport') return;
    const k = Math.floor((this.now - this.cfg.t0_s) / this.cfg.interval_s);
    if (k !== this.k) this.flush();
    this.k = k;
    const a = (this.acc ??= { n: 0, importMax_kw: 0, exportMax_kw: 0, import_kwh: 0, export_kwh: 0, loss_kwh: 0, vmin: Infinity, vmax: -Infinity, violations: 0, failed: 0 });
    const h = this.cfg.meterStep_s / 3600;
    a.n++;
    a.importMax_kw = Math.max(a.importMax_kw, m.slackPKw);
    a.exportMax_kw = Math.max(a.exportMax_kw, -m.slackPKw);
    a.import_kwh += Math.max(0, m.slackPKw) * h;
    a.export_kwh += Math.max(0, -m.slackPKw) * h;
    a.loss_kwh += m.pLossKw * h;
    a.vmin = Math.min(a.vmin, m.vminPu);
    a.vmax = Math.max(a.vmax, m.vmaxPu);
    a.violations += m.violations;
    if (!m.converged) a.failed++;
  }

  /** Emits the pending interval (called on the next interval's first report and at the end). */
  flush(): void {
    const a = this.acc;
    if (!a || this.k < 0) return;
    this.cfg.ledger.emit({
      t: this.now, type: 'GridInterval', signer: 'dso', interval: this.k, steps: a.n, importMax_kw: r6(a.importMax_kw), exportMax_kw: r6(a.exportMax_kw),
      import_kwh: r6(a.import_kwh), export_kwh: r6(a.export_kwh), loss_kwh: r6(a.loss_kwh), vmin_pu: r6(a.vmin), vmax_pu: r6(a.vmax), violations: a.violations, failedSolves: a.failed,
    });
    this.acc = null;
  }
}
