// Greek VP case study figures (Energies 2025, Figs. 6-11, 22 left, 23) from the SC1/SC2 runs.
// Column names follow the conventions (units in names); alternatives are listed where the model
// may name them differently. A missing table/column makes the item "not available", never a crash.
import type { Row } from '../../sim/recorder.js';
import { column, num, run, table } from '../records.js';
import { MissingData, type Measure, type ReproItem, type RunRecords, type RunSet } from '../types.js';
import { HEIGHT, WIDTH, n, q, round6, spec, thin } from '../vl.js';

const WINDOW = { startH: 15.5, endH: 18.5, pMinKw: 2000, pMaxKw: 3000 };
const V2G_WINDOWS_H: [number, number][] = [[7.5, 9], [18.5, 19]];
const V_LIMITS = [0.95, 1.05];

/** Hour of day of a timeseries row (t_s since midnight, or interval k starting 01:00). */
function hourOf(r: Row, tCol: string): number {
  const v = r[tCol] as number;
  return tCol === 'interval' ? 1 + (v - 1) / 12 : v / 3600;
}

function series(rec: RunRecords): { rows: Row[]; t: string } {
  const rows = table(rec, 'timeseries', 'vp', 'power');
  return { rows, t: column(rows, 'time', 't_s', 'interval') };
}

/** Aggregate real-time VP power per interval, kW. */
function powerCol(rows: Row[]): string {
  return column(rows, 'real-time aggregate power', 'p_kw', 'p_real_kw', 'p_rt_kw', 'p_total_kw');
}

function obligationLayers(title: string): unknown[] {
  return [
    {
      data: { values: [{ x0: WINDOW.startH, x1: WINDOW.endH, y0: WINDOW.pMinKw, y1: WINDOW.pMaxKw, label: 'obligation 2000-3000 kW' }] },
      mark: { type: 'rect', color: '#54a24b', opacity: 0.18 },
      encoding: { x: q('x0', 'hour of day (h)'), x2: { field: 'x1' }, y: q('y0', title), y2: { field: 'y1' } },
    },
  ];
}

/** Intervals of the obligation window whose power leaves [pMin, pMax]. */
export function obligationViolations(rec: RunRecords): number {
  const { rows, t } = series(rec);
  const p = powerCol(rows);
  let bad = 0;
  for (const r of rows) {
    const h = hourOf(r, t);
    if (h >= WINDOW.startH - 1e-9 && h < WINDOW.endH - 1e-9) {
      const v = r[p] as number;
      if (v < WINDOW.pMinKw - 1e-6 || v > WINDOW.pMaxKw + 1e-6) bad++;
    }
  }
  return bad;
}

function powerFigure(runs: RunSet, zoom: boolean): Record<string, unknown> {
  const rec = run(runs, 'greek-sc1');
  const { rows, t } = series(rec);
  const p = powerCol(rows);
  const sched = column(rows, 'optimal schedule', 'p_sched_kw', 'p_schedule_kw', 'p_opt_kw', 'p_plan_kw');
  const values: Row[] = [];
  for (const r of rows) {
    const h = hourOf(r, t);
    if (zoom && (h < 14.5 || h > 19.5)) continue;
    values.push({ hour: h, series: 'optimal schedule', p_kw: r[sched] }, { hour: h, series: 'real-time', p_kw: r[p] });
  }
  const title = 'VP aggregate power (kW)';
  return spec(
    zoom ? 'Obligation window: schedule vs real-time power (SC1)' : 'Optimal schedule vs real-time power (SC1)',
    'shaded: obligation 2000 <= P <= 3000 kW in 15:30-18:30; negative = V2G injection',
    round6(values),
    {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        ...obligationLayers(title),
        {
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: { x: q('hour', 'hour of day (h)', { scale: { domain: zoom ? [14.5, 19.5] : [1, 24] } }), y: q('p_kw', title), color: n('series', 'series'), strokeDash: n('series', 'series') },
        },
      ],
    }
  );
}

function socRows(rec: RunRecords, scenario: string, maxEvs: number): Row[] {
  const rows = table(rec, 'soc', 'ev_soc', 'ev_timeseries');
  const t = column(rows, 'time', 't_s', 'interval');
  const ev = column(rows, 'EV id', 'ev', 'ev_id', 'vehicle');
  const soc = column(rows, 'state of charge', 'soc', 'soc_frac', 'soc_pct');
  const ids = [...new Set(rows.map((r) => String(r[ev])))].sort();
  const step = Math.max(1, Math.floor(ids.length / maxEvs));
  const keep = new Set(ids.filter((_, i) => i % step === 0).slice(0, maxEvs));
  const scale = soc === 'soc_pct' ? 1 : 100;
  return rows.filter((r) => keep.has(String(r[ev]))).map((r) => ({ scenario, hour: hourOf(r, t), ev: String(r[ev]), soc_pct: (r[soc] as number) * scale }));
}

function voltageFigure(runs: RunSet, key: 'greek-sc1' | 'greek-sc2', label: string): Record<string, unknown> {
  const rec = run(runs, key);
  const rows = table(rec, 'voltages', 'voltage');
  const t = column(rows, 'time', 't_s', 'interval');
  const feeder = column(rows, 'feeder', 'feeder', 'city', 'df');
  const v = column(rows, 'voltage', 'v_pu', 'vm_pu');
  // per feeder and time: min and max bus voltage (a 33/40-bus x 276-interval table is too dense to draw bus by bus)
  const agg = new Map<string, { hour: number; feeder: string; vmin: number; vmax: number }>();
  for (const r of rows) {
    const k = `${r[feeder]}|${r[t]}`;
    const x = r[v] as number;
    const a = agg.get(k);
    if (a) {
      a.vmin = Math.min(a.vmin, x);
      a.vmax = Math.max(a.vmax, x);
    } else agg.set(k, { hour: hourOf(r, t), feeder: String(r[feeder]), vmin: x, vmax: x });
  }
  const values: Row[] = [];
  for (const a of agg.values()) values.push({ hour: a.hour, feeder: a.feeder, bound: 'min over buses', v_pu: a.vmin }, { hour: a.hour, feeder: a.feeder, bound: 'max over buses', v_pu: a.vmax });
  const yTitle = 'bus voltage (p.u.)';
  return spec(`Node voltages, ${label}`, 'lowest and highest bus voltage of each feeder per interval; dashed: limits 0.95 and 1.05 p.u.', round6(values), {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: q('hour', 'hour of day (h)', { scale: { domain: [1, 24] } }), y: q('v_pu', yTitle, { scale: { zero: false } }), color: n('feeder', 'feeder'), strokeDash: n('bound', 'bound') } },
      { data: { values: V_LIMITS.map((l) => ({ limit: l })) }, mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4] }, encoding: { y: q('limit', yTitle) } },
    ],
  });
}

/** Bus-intervals with voltage outside [0.95, 1.05] p.u. (metrics first, else counted from voltages.csv). */
function voltageViolations(rec: RunRecords): number | undefined {
  const m = num(rec, 'metrics.voltageViolations', 'metrics.voltage.violatingBusIntervals', 'metrics.violatingBusIntervals');
  if (m !== undefined) return m;
  const rows = table(rec, 'voltages', 'voltage');
  const v = column(rows, 'voltage', 'v_pu', 'vm_pu');
  return rows.filter((r) => (r[v] as number) < V_LIMITS[0] - 1e-9 || (r[v] as number) > V_LIMITS[1] + 1e-9).length;
}

function cost(rec: RunRecords): number | undefined {
  return num(rec, 'metrics.totalCostMu', 'metrics.cost_mu', 'metrics.costMu', 'metrics.cost.totalMu');
}

function socShare(rec: RunRecords): number | undefined {
  const m = num(rec, 'metrics.shareAtTargetSoc', 'metrics.targetSocShare', 'metrics.soc.shareAtTarget');
  return m === undefined ? undefined : m <= 1 ? 100 * m : m;
}

export const greekItems: ReproItem[] = [
  {
    id: 'fig6',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 6',
    title: 'Price and consumption per city',
    runs: ['greek-sc1'],
    figure(runs) {
      const rec = run(runs, 'greek-sc1');
      const { rows, t } = series(rec);
      const price = column(rows, 'price', 'price_mu_per_kwh');
      const cities = table(rec, 'cities', 'feeders', 'city_load');
      const ct = column(cities, 'time', 't_s', 'interval');
      const city = column(cities, 'city', 'city', 'feeder');
      const load = column(cities, 'consumption', 'p_load_kw', 'load_kw', 'p_kw');
      const priceVals = rows.map((r) => ({ hour: hourOf(r, t), price_mu_per_kwh: r[price] }));
      const loadVals = cities.map((r) => ({ hour: hourOf(r, ct), city: String(r[city]), p_kw: r[load] }));
      const x = q('hour', 'hour of day (h)', { scale: { domain: [1, 24] } });
      return spec('Electricity price and consumption per city', 'price curve of the ESO; base load of each city feeder', null, {
        vconcat: [
          { data: { values: round6(priceVals) }, width: WIDTH, height: 140, mark: { type: 'line', interpolate: 'step-after', color: '#f58518' }, encoding: { x, y: q('price_mu_per_kwh', 'price (m.u./kWh)') } },
          { data: { values: round6(loadVals) }, width: WIDTH, height: 200, mark: { type: 'line' }, encoding: { x, y: q('p_kw', 'consumption (kW)'), color: n('city', 'city') } },
        ],
      });
    },
  },
  { id: 'fig7', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 7', title: 'Optimal schedule vs real-time power with obligation band (SC1)', runs: ['greek-sc1'], figure: (runs) => powerFigure(runs, false) },
  {
    id: 'fig8',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 8',
    title: 'Total power SC1 vs SC2',
    runs: ['greek-sc1', 'greek-sc2'],
    figure(runs) {
      const values: Row[] = [];
      for (const [key, label] of [['greek-sc1', 'SC1 optimized + V2G'], ['greek-sc2', 'SC2 uncoordinated']] as const) {
        const { rows, t } = series(run(runs, key));
        const p = powerCol(rows);
        for (const r of rows) values.push({ hour: hourOf(r, t), scenario: label, p_kw: r[p] });
      }
      const title = 'VP aggregate power (kW)';
      return spec('Total VP power, SC1 vs SC2', 'shaded: obligation 2000-3000 kW in 15:30-18:30', round6(values), {
        width: WIDTH,
        height: HEIGHT,
        layer: [...obligationLayers(title), { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: q('hour', 'hour of day (h)', { scale: { domain: [1, 24] } }), y: q('p_kw', title), color: n('scenario', 'scenario') } }],
      });
    },
  },
  {
    id: 'fig9',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 9',
    title: 'EV state-of-charge trajectories',
    runs: ['greek-sc1', 'greek-sc2'],
    figure(runs) {
      const values = [...socRows(run(runs, 'greek-sc1'), 'SC1', 12), ...socRows(run(runs, 'greek-sc2'), 'SC2', 12)];
      return spec('EV state of charge, SC1 vs SC2', '12 EVs per scenario (every k-th id); dashed: target SoC 90%', round6(thin(values, 6000)), {
        facet: { row: { field: 'scenario', type: 'nominal', title: null } },
        spec: {
          width: WIDTH,
          height: 170,
          layer: [
            { mark: { type: 'line', strokeWidth: 1.2 }, encoding: { x: q('hour', 'hour of day (h)', { scale: { domain: [1, 24] } }), y: q('soc_pct', 'state of charge (%)', { scale: { domain: [0, 100] } }), color: n('ev', 'EV', { legend: null }), detail: n('ev', 'EV') } },
            { data: { values: [{ target: 90 }] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#333' }, encoding: { y: q('target', 'state of charge (%)') } },
          ],
        },
      });
    },
  },
  { id: 'fig10', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 10', title: 'Node voltages SC1', runs: ['greek-sc1'], figure: (runs) => voltageFigure(runs, 'greek-sc1', 'SC1 (optimized)') },
  { id: 'fig11', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 11', title: 'Node voltages SC2', runs: ['greek-sc2'], figure: (runs) => voltageFigure(runs, 'greek-sc2', 'SC2 (uncoordinated)') },
  { id: 'fig22-left', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 22 (left)', title: 'Obligation window: schedule vs real-time power (SC1)', runs: ['greek-sc1'], figure: (runs) => powerFigure(runs, true) },
  {
    id: 'fig23',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 23 / Table 5',
    title: 'Optimizer comparison (measured): objective, time, violation',
    runs: ['greek-sc1'],
    figure(runs) {
      const rows = table(run(runs, 'greek-sc1'), 'optimizers', 'optimizer_comparison');
      const name = column(rows, 'optimizer', 'optimizer', 'backend', 'method');
      const obj = column(rows, 'objective', 'objective_mu', 'cost_mu');
      const time = column(rows, 'solve time', 'time_s', 'solve_time_s', 'wall_s');
      const viol = column(rows, 'constraint violation', 'violation_kw', 'violation', 'max_violation');
      const values = rows.map((r) => ({ optimizer: String(r[name]), objective: r[obj], time: r[time], violation: r[viol] }));
      const bar = (field: string, title: string) => ({ width: 150, height: 180, mark: 'bar', encoding: { x: n('optimizer', 'optimizer'), y: q(field, title), color: n('optimizer', 'optimizer', { legend: null }) } });
      return spec('Optimizer comparison on the SC1 day', 'measured for each backend on the same problem', round6(values), {
        hconcat: [bar('objective', 'objective (m.u.)'), bar('time', 'solve time (s)'), bar('violation', `constraint violation (${viol.endsWith('_kw') ? 'kW' : 'units'})`)],
      });
    },
  },
];

function v2gWindowShare(rec: RunRecords): number | undefined {
  const m = num(rec, 'metrics.v2gWindowSharePct', 'metrics.v2g.windowSharePct');
  if (m !== undefined) return m;
  const { rows, t } = series(rec);
  const dis = column(rows, 'V2G discharge', 'p_discharge_kw', 'p_v2g_kw', 'discharge_kw');
  let inW = 0;
  let all = 0;
  for (const r of rows) {
    const d = Math.abs(r[dis] as number);
    const h = hourOf(r, t);
    all += d;
    if (V2G_WINDOWS_H.some(([a, b]) => h >= a - 1e-9 && h < b - 1e-9)) inW += d;
  }
  if (all === 0) throw new MissingData('no V2G discharge in the run');
  return (100 * inW) / all;
}

export const greekMeasures: Record<string, Measure> = {
  'greek.cost.sc1': (r) => cost(run(r, 'greek-sc1')),
  'greek.cost.sc2': (r) => cost(run(r, 'greek-sc2')),
  'greek.cost.reduction': (r) => {
    const a = cost(run(r, 'greek-sc1'));
    const b = cost(run(r, 'greek-sc2'));
    return a === undefined || b === undefined ? undefined : (100 * (b - a)) / b;
  },
  'greek.obligation.sc1': (r) => obligationViolations(run(r, 'greek-sc1')),
  'greek.obligation.sc2': (r) => obligationViolations(run(r, 'greek-sc2')),
  'greek.v2g.window': (r) => v2gWindowShare(run(r, 'greek-sc1')),
  'greek.voltage.sc1': (r) => voltageViolations(run(r, 'greek-sc1')),
  'greek.voltage.sc2': (r) => voltageViolations(run(r, 'greek-sc2')),
  'greek.soc.sc1': (r) => socShare(run(r, 'greek-sc1')),
  'greek.soc.sc2': (r) => socShare(run(r, 'greek-sc2')),
  'greek.soc.diff': (r) => {
    const a = socShare(run(r, 'greek-sc1'));
    const b = socShare(run(r, 'greek-sc2'));
    return a === undefined || b === undefined ? undefined : a - b;
  },
  'greek.latency.p95': (r) => num(run(r, 'greek-sc1'), 'metrics.decisionLatency.p95S', 'metrics.latency.p95_s', 'metrics.decisionLatencyP95S'),
};
