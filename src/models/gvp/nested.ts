// Option: a VP backed by a nested Greek VP simulation (gvp.md "A VP's envelope may instead come from
// a nested VP simulation"). The Greek scenario is run with the same seed; its CEV flexibility is
// added to the VP's envelopes, hour by hour: flexibility = the CEVs' charging energy (deferrable,
// i.e. curtailable on request), balancing = their V2G discharge energy, both x `scale`. Greek local
// hours map to GVP slots through the VP's utcOffset_h.
import { dirname, resolve } from 'node:path';
import type { Service } from '../../contracts/types.js';

export interface NestedSpec {
  vp: string;
  scenario: string;
  scale: number;
}

export interface NestedResult {
  series: Partial<Record<Service, number[]>>;
  greekMetrics: Record<string, unknown>;
}

export async function nestedGreekEnvelopes(spec: NestedSpec, gvpScenarioFile: string, seed: number, slots: number, slot_s: number, utcOffset_h: number): Promise<NestedResult> {
  const { loadScenarioWith } = await import('../../scenarios/load.js');
  const file = resolve(dirname(resolve(gvpScenarioFile)), spec.scenario);
  // only the Greek model can back a VP (this also keeps the registry, which lists gvp, out of gvp)
  const loaded = await loadScenarioWith({ greek: async () => (await import('../greek/model.js')).greekModel }, file, { seed });
  if (loaded.scenario.model !== 'greek') throw new Error(`nested scenario ${spec.scenario} is not a greek scenario`);
  const out = await loaded.model.run(loaded.scenario, { seed, scenarioFile: file, log: () => {} });
  const rows = out.tables.timeseries ?? [];
  const flex = new Array<number>(slots).fill(0);
  const bal = new Array<number>(slots).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const t = Number(r.t_s);
    const dt = i + 1 < rows.length ? Number(rows[i + 1].t_s) - t : i > 0 ? t - Number(rows[i - 1].t_s) : 300;
    const localHour = Math.floor(t / 3600);
    const slot = Math.floor((((localHour - utcOffset_h) % 24) + 24) % 24 * (3600 / slot_s));
    if (slot < 0 || slot >= slots) continue;
    flex[slot] += Math.max(0, Number(r.charge_kw) || 0) * (dt / 3600) * spec.scale;
    bal[slot] += Math.max(0, Number(r.discharge_kw) || 0) * (dt / 3600) * spec.scale;
  }
  // deterministic Greek results only (its latency and solver timings are wall-clock)
  const keep = ['mode', 'evs', 'intervals', 'totalCostMu', 'energyChargedKwh', 'v2gEnergyKwh', 'peakKw', 'obligationViolatingIntervals', 'voltageViolatingBusIntervals'];
  const greekMetrics = Object.fromEntries(keep.filter((k) => k in out.metrics).map((k) => [k, out.metrics[k]]));
  return { series: { flexibility: flex.map(Math.floor), balancing: bal.map(Math.floor) }, greekMetrics };
}
