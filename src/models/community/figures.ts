// Vega-Lite figures of one community run, from its tables (so `vpsim reproduce` and `vpsim run
// --svg` draw the same figures from a run directory's CSVs).
import type { Row } from '../../sim/recorder.js';

type Spec = Record<string, unknown>;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = { font: 'Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.4 }, legend: { labelFontSize: 11, titleFontSize: 12, orient: 'top' }, title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11 } };
const W = 520, H = 240;
const n = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

function spec(title: string, subtitle: string, body: Spec): Spec {
  return { $schema: SCHEMA, title: { text: title, subtitle }, ...body, config: CONFIG };
}

export function priceVolumeFigure(intervals: Row[], sub: string): Spec {
  const prices: Row[] = [];
  const vols: Row[] = [];
  for (const r of intervals) {
    const h = n(r.hour);
    for (const [k, label] of [['retail_mu_per_kwh', 'retail tariff'], ['spot_mu_per_kwh', 'local spot'], ['clearing_price_mu_per_kwh', 'P2P clearing price']] as const) {
      const v = n(r[k]);
      if (v !== null) prices.push({ hour: h, series: label, price_mu_per_kwh: v });
    }
    vols.push({ hour: h, traded_kwh: n(r.traded_kwh) ?? 0 });
  }
  return spec('P2P clearing price and traded energy over the day', sub, {
    vconcat: [
      { width: W, height: H, data: { values: prices }, mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: { field: 'hour', type: 'quantitative', title: 'hour of day (h)' }, y: { field: 'price_mu_per_kwh', type: 'quantitative', title: 'price (m.u./kWh)' }, color: { field: 'series', type: 'nominal', title: null } } },
      { width: W, height: 120, data: { values: vols }, mark: { type: 'bar', color: '#4c78a8' }, encoding: { x: { field: 'hour', type: 'quantitative', title: 'hour of day (h)' }, y: { field: 'traded_kwh', type: 'quantitative', title: 'traded P2P (kWh per interval)' } } },
    ],
  });
}

export function bidAskFigure(curve: Row[], sub: string): Spec {
  const pts: Row[] = [];
  for (const r of curve) {
    pts.push({ side: r.side, kwh: n(r.from_kwh), price_mu_per_kwh: n(r.price_mu_per_kwh) });
    pts.push({ side: r.side, kwh: n(r.to_kwh), price_mu_per_kwh: n(r.price_mu_per_kwh) });
  }
  const k = curve[0]?.interval ?? '?';
  return spec(`Bid and ask curves of interval ${k}`, `${sub}; the interval with the most P2P energy`, {
    width: W, height: H, data: { values: pts }, mark: { type: 'line' },
    encoding: { x: { field: 'kwh', type: 'quantitative', title: 'cumulative energy (kWh)' }, y: { field: 'price_mu_per_kwh', type: 'quantitative', title: 'limit price (m.u./kWh)' }, color: { field: 'side', type: 'nominal', title: null }, detail: { field: 'side' } },
  });
}

export function importExportFigure(intervals: Row[], sub: string): Spec {
  const v: Row[] = [];
  for (const r of intervals) {
    const h = n(r.hour);
    for (const [k, s] of [['import_kwh', 'import, this mechanism'], ['export_kwh', 'export, this mechanism'], ['grid_only_import_kwh', 'import, grid-only'], ['grid_only_export_kwh', 'export, grid-only']] as const) {
      const x = n(r[k]);
      if (x !== null) v.push({ hour: h, series: s, flow: s.startsWith('import') ? 'import' : 'export', run: s.endsWith('grid-only') ? 'grid-only' : 'this mechanism', e_kwh: x });
    }
  }
  return spec('Community import and export at the substation', `${sub}; against the grid-only counterfactual`, {
    width: W, height: H, data: { values: v }, mark: { type: 'line', interpolate: 'step-after' },
    encoding: { x: { field: 'hour', type: 'quantitative', title: 'hour of day (h)' }, y: { field: 'e_kwh', type: 'quantitative', title: 'energy per interval (kWh)' }, color: { field: 'flow', type: 'nominal', title: null }, strokeDash: { field: 'run', type: 'nominal', title: null } },
  });
}

export function savingsFigure(participants: Row[], sub: string): Spec {
  const col = participants.some((r) => n(r.savings_vs_grid_only_mu) !== null) ? 'savings_vs_grid_only_mu' : null;
  const v = participants.map((r) => ({ kind: r.kind, savings_mu: col ? n(r[col]) : (n(r.same_energy_grid_only_cost_mu) ?? 0) - (n(r.cost_mu) ?? 0) }));
  return spec('Savings per participant against grid-only', `${sub}; ${col ? 'vs the grid-only run' : 'vs the grid-only bill of the same metered energy'}`, {
    width: W, height: H, data: { values: v }, mark: { type: 'bar' },
    encoding: { x: { field: 'savings_mu', type: 'quantitative', bin: { maxbins: 30 }, title: 'savings over the day (m.u.)' }, y: { aggregate: 'count', type: 'quantitative', title: 'participants (count)' }, color: { field: 'kind', type: 'nominal', title: null } },
  });
}

export function incidentsFigure(incidents: Row[], sub: string): Spec {
  const v = incidents.map((r) => ({ hour: n(r.hour), kind: r.kind, participant: r.participant }));
  return spec('Penalties, disputes and fallbacks over the day', sub, {
    width: W, height: H, data: { values: v }, mark: { type: 'tick', thickness: 2 },
    encoding: { x: { field: 'hour', type: 'quantitative', title: 'hour of day (h)' }, y: { field: 'kind', type: 'nominal', title: null }, color: { field: 'kind', type: 'nominal', legend: null }, tooltip: [{ field: 'participant' }] },
  });
}

/** The figures a run writes under figures/. */
export function communityRunFigures(t: Record<string, Row[]>, name: string, seed: number): Record<string, Spec> {
  const sub = `scenario ${name}, seed ${seed}`;
  const out: Record<string, Spec> = { 'community-price-volume': priceVolumeFigure(t.intervals ?? [], sub), 'community-import-export': importExportFigure(t.intervals ?? [], sub), 'community-savings': savingsFigure(t.participants ?? [], sub), 'community-incidents': incidentsFigure(t.incidents ?? [], sub) };
  if ((t.bidcurve ?? []).length > 0) out['community-bid-ask'] = bidAskFigure(t.bidcurve, sub);
  return out;
}
