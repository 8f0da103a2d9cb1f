// The DSO: after each settlement interval it reads what the shared DF agent measured for the
// interval's metering steps (exact power flow with every participant's net power) and attests the
// grid state on the ledger as a GridInterval event: import/export at the substation (base load +
// participants + losses), losses, voltage extremes and buses out of band.
import type { DfAgent } from '../df.js';
import type { EventLedger } from '../../community/event-ledger.js';
import { Agent } from '../../sim/agent.js';

export interface DsoConfig {
  ledger: EventLedger;
  df: DfAgent;
  /** Sum of the feeder's base (non-community) load per metering step, kW. */
  baseKw: ArrayLike<number>;
  t0_s: number;
  interval_s: number;
  meterStep_s: number;
  intervals: number;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export class DsoAgent extends Agent<never, number> {
  constructor(id: string, private readonly cfg: DsoConfig) {
    super(id);
  }

  override onStart(): void {
    const c = this.cfg;
    for (let k = 0; k < c.intervals; k++) this.setTimer(Math.max(0, c.t0_s + (k + 1) * c.interval_s + 2 - this.now), k);
  }

  override onTimer(k: number): void {
    const c = this.cfg;
    const rec = c.df.rec;
    const per = Math.round(c.interval_s / c.meterStep_s);
    const h = c.meterStep_s / 3600;
    let importMax = 0, exportMax = 0, imp = 0, exp = 0, loss = 0, vmin = Infinity, vmax = -Infinity, viol = 0;
    for (let j = k * per; j < (k + 1) * per; j++) {
      const slack = c.baseKw[j] + rec.evKw[j] + rec.lossKw[j];
      importMax = Math.max(importMax, slack);
      exportMax = Math.max(exportMax, -slack);
      imp += Math.max(0, slack) * h;
      exp += Math.max(0, -slack) * h;
      loss += rec.lossKw[j] * h;
      vmin = Math.min(vmin, rec.vMinPu[j]);
      vmax = Math.max(vmax, rec.vMaxPu[j]);
      viol += rec.violatingBuses[j];
    }
    c.ledger.emit({
      t: this.now, type: 'GridInterval', signer: 'dso', interval: k, steps: per, importMax_kw: r6(importMax), exportMax_kw: r6(exportMax),
      import_kwh: r6(imp), export_kwh: r6(exp), loss_kwh: r6(loss), vmin_pu: r6(vmin), vmax_pu: r6(vmax), violations: viol,
    });
  }
}
