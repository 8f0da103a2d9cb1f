// Local energy community (community.md; no published data set or figure to reproduce): the
// figures of one community run, redrawn from its tables, and the comparison of the mechanisms.
import { bidAskFigure, importExportFigure, incidentsFigure, priceVolumeFigure, savingsFigure } from '../../models/community/figures.js';
import type { Row } from '../../sim/recorder.js';
import { hasTable, run, table } from '../records.js';
import { MissingData, type Measure, type ReproItem, type RunRecords, type RunSet } from '../types.js';
import { n, q, spec } from '../vl.js';

const REF = 'community.md (our model; no published figure)';
export const MECHANISM_RUNS = [['community-grid-only', 'grid-only'], ['community-spot', 'spot'], ['community-uniform', 'uniform'], ['community-pay-as-bid', 'pay-as-bid'], ['community-cda', 'cda']] as const;

const sub = (rec: RunRecords) => `scenario ${rec.summary.scenario ?? rec.name}, seed ${rec.summary.seed ?? '?'}`;

function single(id: string, title: string, key: string, tableName: string, cols: string[], draw: (rows: Row[], s: string) => Record<string, unknown>): ReproItem {
  return {
    id, kind: 'figure', family: 'community', paperRef: REF, title, runs: [key],
    appliesTo: (rec) => hasTable(rec, tableName, cols),
    figure(runs) {
      const rec = run(runs, key);
      return draw(table(rec, tableName), sub(rec));
    },
  };
}

/** KPIs compared across the mechanisms: one row per KPI, one column per mechanism. */
export function mechanismRows(runs: RunSet): Row[] {
  const get = (o: unknown, path: string): number | null => {
    let v: any = o;
    for (const p of path.split('.')) v = v?.[p];
    return typeof v === 'number' ? v : null;
  };
  const kpis: [string, string][] = [
    ['self-sufficiency', 'community.selfSufficiency'], ['self-consumption', 'community.selfConsumption'], ['P2P share of demand', 'community.p2pShareOfDemand'],
    ['traded P2P (kWh)', 'market.tradedKwh'], ['volume-weighted P2P price (m.u./kWh)', 'market.clearingPriceMuPerKwh.volumeWeighted'],
    ['community cost (m.u.)', 'economics.communityCostMu'], ['savings vs grid-only (m.u.)', 'economics.savingsVsGridOnly.totalMu'], ['Gini of savings', 'economics.giniSavings'],
    ['market IR violations', 'economics.marketIrViolations'], ['penalties under (m.u.)', 'settlement.penaltyUnderMu'], ['penalties over (m.u.)', 'settlement.penaltyOverMu'],
    ['late orders', 'market.ordersLate'], ['capped orders', 'market.ordersCapped'], ['settlement success', 'settlement.successRate'],
    ['tokens retired (kWh)', 'carbon.tokensRetiredKwh'], ['V2G discharged (kWh)', 'carbon.v2gDischargedKwh'], ['peak import (kW)', 'grid.importPeakKw'], ['losses (kWh)', 'grid.lossKwh'],
    ['ledger events', 'ledger.events'],
  ];
  const present = MECHANISM_RUNS.filter(([key]) => runs[key]);
  if (present.length === 0) throw new MissingData('no community mechanism runs');
  return kpis.map(([label, path]) => {
    const row: Row = { kpi: label };
    for (const [key, mech] of present) row[mech] = get(runs[key].summary.kpis, path);
    return row;
  });
}

export const communityItems: ReproItem[] = [
  single('community-price-volume', 'Community P2P clearing price and traded volume over the day', 'community-uniform', 'intervals', ['hour', 'clearing_price_mu_per_kwh', 'traded_kwh'], priceVolumeFigure),
  single('community-bid-ask', 'Bid and ask curves of one interval', 'community-uniform', 'bidcurve', ['from_kwh', 'to_kwh', 'price_mu_per_kwh'], bidAskFigure),
  single('community-import-export', 'Community import/export against grid-only', 'community-uniform', 'intervals', ['hour', 'import_kwh', 'grid_only_import_kwh'], importExportFigure),
  single('community-savings', 'Savings per participant against grid-only', 'community-uniform', 'participants', ['cost_mu', 'same_energy_grid_only_cost_mu'], savingsFigure),
  single('community-incidents', 'Penalties, disputes and fallbacks timeline', 'community-faults', 'incidents', ['hour', 'kind'], incidentsFigure),
  {
    id: 'community-mechanisms',
    kind: 'table',
    family: 'community',
    paperRef: REF,
    title: 'Community KPIs by market mechanism',
    runs: MECHANISM_RUNS.map(([k]) => k),
    table: mechanismRows,
    figure(runs) {
      const rows = mechanismRows(runs);
      const pick = ['self-sufficiency', 'P2P share of demand', 'settlement success', 'Gini of savings'];
      const values: Row[] = [];
      for (const r of rows.filter((x) => pick.includes(String(x.kpi)))) for (const [, mech] of MECHANISM_RUNS) if (r[mech] !== undefined && r[mech] !== null) values.push({ kpi: r.kpi, mechanism: mech, value: r[mech] });
      return spec('Community KPIs by market mechanism', 'same community, same seed; one run per mechanism', values, {
        facet: { column: n('kpi', '') }, spec: { width: 120, height: 200, mark: 'bar', encoding: { x: n('mechanism', 'mechanism', { sort: MECHANISM_RUNS.map(([, m]) => m) }), y: q('value', 'value (share, 0-1)'), color: n('mechanism', 'mechanism', { legend: null }) } }, resolve: { scale: { y: 'independent' } },
      });
    },
  },
];

export const communityMeasures: Record<string, Measure> = {};
