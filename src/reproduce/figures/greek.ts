// Greek VP case study figures (Energies 2025, Figs. 6-11, 22 left, 23) from the SC1/SC2 runs.
// Column names follow the conventions (units in names); alternatives are listed where the model
// may name them differently. A missing table/column makes the item "not available", never a crash.
import type { Row } from '../../sim/recorder.js';
import { column, hasTable, num, run, table } from '../records.js';
import { MissingData, type FigureOptions, type Measure, type ReproItem, type RunRecords, type RunSet } from '../types.js';
import { PAPER_REFERENCE } from '../paper-values.js';
import { mean } from '../../util/stats.js';
import { HEIGHT, WIDTH, n, q, round6, spec } from '../vl.js';

/** The run's time axis in hours of day: the scenario's horizon and step, else read from the rows. */
export interface TimeAxis {
  startH: number;
  endH: number;
  stepH: number;
}

/** Whole hours on the axis: every hour for a short horizon, every 2 h otherwise. */
function axisTicks(ax: TimeAxis): number[] {
  const every = ax.endH - ax.startH <= 8 ? 1 : 2;
  const out: number[] = [];
  for (let h = Math.ceil(ax.startH - 1e-9); h <= ax.endH + 1e-9; h += every) out.push(h);
  return out;
}

/** x encoding over the run's horizon (several runs: the union of their horizons). */
function xTime(axes: TimeAxis | TimeAxis[], title = 'hour of day (h)', domain?: [number, number]) {
  const list = Array.isArray(axes) ? axes : [axes];
  const [startH, endH] = domain ?? [Math.min(...list.map((a) => a.startH)), Math.max(...list.map((a) => a.endH))];
  return q('hour', title, { scale: { domain: [startH, endH] }, axis: { values: axisTicks({ startH, endH, stepH: list[0].stepH }) } });
}

/** Hour of day of a timeseries row (t_s since midnight, or interval k = 1, 2, ... from the horizon start). */
function hourOf(r: Row, tCol: string, ax: TimeAxis): number {
  const v = r[tCol] as number;
  return tCol === 'interval' ? ax.startH + (v - 1) * ax.stepH : v / 3600;
}

function series(rec: RunRecords): { rows: Row[]; t: string; ax: TimeAxis } {
  const rows = table(rec, 'timeseries');
  const t = column(rows, 'time', 't_s', 'interval');
  return { rows, t, ax: timeAxis(rec, rows) };
}

/** Horizon [start, end] and step of the run: the resolved scenario's greek.horizon, else the rows' t_s times. */
export function timeAxis(rec: RunRecords, rows: Row[] = rec.tables.timeseries ?? []): TimeAxis {
  const h = greekSection(rec)?.horizon;
  if (h && typeof h.start === 'string' && typeof h.end === 'string' && typeof h.stepMin === 'number') {
    return { startH: hoursOf(h.start), endH: hoursOf(h.end), stepH: h.stepMin / 60 };
  }
  if (rows.length > 0 && typeof rows[0].t_s === 'number') {
    const t0 = rows[0].t_s as number;
    const stepH = rows.length > 1 ? ((rows[1].t_s as number) - t0) / 3600 : 1;
    return { startH: t0 / 3600, endH: (rows[rows.length - 1].t_s as number) / 3600 + stepH, stepH };
  }
  throw new MissingData(`run '${rec.name}' records neither its horizon (greek.horizon) nor t_s times`);
}

/** Aggregate real-time VP power per interval, kW. */
function powerCol(rows: Row[]): string {
  return column(rows, 'real-time aggregate power', 'vp_realtime_kw', 'p_kw');
}

/** Per-city columns `<prefix><city><suffix>` of the timeseries, e.g. p_athens_kw -> athens. */
function cityColumns(rows: Row[], prefix: string, suffix: string): [string, string][] {
  const skip = new Set(['vp_realtime_kw', 'vp_scheduled_kw', 'vp_dayahead_kw']);
  const re = new RegExp(`^${prefix}([a-z]+)${suffix}$`);
  const out: [string, string][] = [];
  for (const k of Object.keys(rows[0] ?? {})) {
    const m = re.exec(k);
    if (m && !skip.has(k)) out.push([k, m[1][0].toUpperCase() + m[1].slice(1)]);
  }
  if (out.length === 0) throw new MissingData(`timeseries.csv has no ${prefix}<city>${suffix} columns`);
  return out;
}

/** One obligation window in hours of day. */
export interface ObligationWindow {
  startH: number;
  endH: number;
  pMinKw: number;
  pMaxKw: number;
}

const hoursOf = (clock: unknown): number => {
  const [h, m] = String(clock).split(':').map(Number);
  return h + m / 60;
};
const clockOf = (h: number): string => `${String(Math.floor(h + 1e-9)).padStart(2, '0')}:${String(Math.round((h - Math.floor(h + 1e-9)) * 60)).padStart(2, '0')}`;

/** The Greek section of the run's resolved scenario, when the records carry it. */
function greekSection(rec: RunRecords): Record<string, any> | undefined {
  const g = rec.scenario?.greek;
  return g !== null && typeof g === 'object' ? (g as Record<string, any>) : undefined;
}

/** Obligation windows: the scenario's, else read back from the obligation_*_kw columns, else undefined. */
export function obligationWindows(rec: RunRecords): ObligationWindow[] | undefined {
  const obs = greekSection(rec)?.obligations;
  if (Array.isArray(obs)) return obs.map((o) => ({ startH: hoursOf(o.start), endH: hoursOf(o.end), pMinKw: o.pMinKw, pMaxKw: o.pMaxKw }));
  const rows = rec.tables.timeseries ?? [];
  if (rows.length === 0 || !('obligation_min_kw' in rows[0])) return undefined;
  const t = column(rows, 'time', 't_s', 'interval');
  const ax = timeAxis(rec, rows);
  const out: ObligationWindow[] = [];
  for (const r of rows) {
    if (r.obligation_min_kw === null || r.obligation_max_kw === null) continue;
    const h = hourOf(r, t, ax);
    const last = out[out.length - 1];
    const step = ax.stepH;
    if (last && Math.abs(last.endH - h) < 1e-6 && last.pMinKw === r.obligation_min_kw && last.pMaxKw === r.obligation_max_kw) last.endH = h + step;
    else out.push({ startH: h, endH: h + step, pMinKw: r.obligation_min_kw as number, pMaxKw: r.obligation_max_kw as number });
  }
  return out;
}

/** "16:00-18:00: guaranteed 1500 kW, peak limit 2500 kW" for each window of the run. */
export function describeObligations(obs: ObligationWindow[] | undefined): string {
  if (obs === undefined) return 'obligation band not recorded by this run';
  if (obs.length === 0) return 'no obligation window in this scenario';
  return 'shaded: obligation band (' + obs.map((o) => `${clockOf(o.startH)}-${clockOf(o.endH)}: guaranteed ${o.pMinKw} kW, peak limit ${o.pMaxKw} kW`).join('; ') + ')';
}

/** The paper's obligation window as dotted rules, for `vpsim reproduce` only. */
function paperObligationLayer(yTitle: string): unknown {
  const w = PAPER_REFERENCE.greekObligation;
  return {
    data: { values: [w.pMinKw, w.pMaxKw].map((p) => ({ h0: w.startH, h1: w.endH, p_kw: p, layer: 'paper reference' })) },
    mark: { type: 'rule', strokeDash: [2, 3], color: '#555', strokeWidth: 1.5 },
    encoding: { x: q('h0', 'hour of day (h)'), x2: { field: 'h1' }, y: q('p_kw', yTitle) },
  };
}

function paperObligationNote(): string {
  const w = PAPER_REFERENCE.greekObligation;
  return `; dotted grey: paper reference (${PAPER_REFERENCE.source}) ${w.pMinKw}-${w.pMaxKw} kW in ${clockOf(w.startH)}-${clockOf(w.endH)}`;
}

/** The obligation band: from the run's obligation_min_kw/obligation_max_kw columns, else the scenario's windows. */
function obligationLayer(rec: RunRecords, rows: Row[], t: string, yTitle: string): unknown[] {
  const ax = timeAxis(rec, rows);
  let band: Row[];
  if (rows.length > 0 && 'obligation_min_kw' in rows[0]) {
    band = rows.filter((r) => r.obligation_min_kw !== null && r.obligation_max_kw !== null).flatMap((r) => [
      { hour: hourOf(r, t, ax), lo: r.obligation_min_kw, hi: r.obligation_max_kw },
      { hour: hourOf(r, t, ax) + ax.stepH, lo: r.obligation_min_kw, hi: r.obligation_max_kw },
    ]);
  } else {
    band = (obligationWindows(rec) ?? []).flatMap((w) => [{ hour: w.startH, lo: w.pMinKw, hi: w.pMaxKw }, { hour: w.endH, lo: w.pMinKw, hi: w.pMaxKw }]);
  }
  if (band.length === 0) return [];
  return [{ data: { values: band }, mark: { type: 'area', color: '#54a24b', opacity: 0.2 }, encoding: { x: q('hour', 'hour of day (h)'), y: q('lo', yTitle), y2: { field: 'hi' } } }];
}

/** Voltage limits [vMin, vMax] of the run's scenario, when known. */
export function voltageLimits(rec: RunRecords): [number, number] | undefined {
  const g = greekSection(rec)?.grid;
  return g && typeof g.vMinPu === 'number' && typeof g.vMaxPu === 'number' ? [g.vMinPu, g.vMaxPu] : undefined;
}

/** Intervals of an obligation window whose real-time power leaves its limits. */
export function obligationViolations(rec: RunRecords): number {
  const { rows, t, ax } = series(rec);
  const p = powerCol(rows);
  const tol = 1e-3;
  const windows = () => {
    const w = obligationWindows(rec);
    if (w === undefined) throw new MissingData(`run '${rec.name}' records no obligation band (no obligation_*_kw columns, no scenario)`);
    return w;
  };
  let bad = 0;
  for (const r of rows) {
    let lo: number;
    let hi: number;
    if ('obligation_min_kw' in r) {
      if (r.obligation_min_kw === null || r.obligation_max_kw === null) continue;
      lo = r.obligation_min_kw as number;
      hi = r.obligation_max_kw as number;
    } else {
      const h = hourOf(r, t, ax);
      const w = windows().find((o) => h >= o.startH - 1e-9 && h < o.endH - 1e-9);
      if (!w) continue;
      [lo, hi] = [w.pMinKw, w.pMaxKw];
    }
    const v = r[p] as number;
    if (v < lo - tol || v > hi + tol) bad++;
  }
  return bad;
}

/** Width of the SoC-at-departure bins, percentage points. */
export const SOC_BIN_PCT = 5;

/** Counts SoC values (%) in [0,5), [5,10), ..., [95,100]: a full battery falls in the last bin, never a 100-105% one. */
export function socBins(pcts: number[]): { bin_lo_pct: number; bin_hi_pct: number; evs: number }[] {
  const k = Math.round(100 / SOC_BIN_PCT);
  const counts = new Array<number>(k).fill(0);
  for (const v of pcts) {
    if (!Number.isFinite(v)) continue;
    counts[Math.min(k - 1, Math.max(0, Math.floor((v + 1e-9) / SOC_BIN_PCT)))]++;
  }
  return counts.map((evs, i) => ({ bin_lo_pct: i * SOC_BIN_PCT, bin_hi_pct: (i + 1) * SOC_BIN_PCT, evs })).filter((b) => b.evs > 0);
}

/** Hours shown by the zoomed power figure: the scenario's obligation windows with an hour either side. */
function zoomRange(rec: RunRecords, ax: TimeAxis): [number, number] {
  const w = obligationWindows(rec) ?? [];
  if (w.length === 0) throw new MissingData(`run '${rec.name}' has no obligation window to zoom into`);
  return [Math.max(ax.startH, Math.min(...w.map((o) => o.startH)) - 1), Math.min(ax.endH, Math.max(...w.map((o) => o.endH)) + 1)];
}

function powerFigure(runs: RunSet, zoom: boolean, opts: FigureOptions = {}): Record<string, unknown> {
  const rec = run(runs, 'greek-sc1');
  const { rows, t, ax } = series(rec);
  const p = powerCol(rows);
  const sched = column(rows, 'optimal schedule', 'vp_scheduled_kw', 'p_sched_kw');
  const dayAhead = rows.some((r) => typeof r.vp_dayahead_kw === 'number');
  const [z0, z1] = zoomRange(rec, ax);
  const values: Row[] = [];
  for (const r of rows) {
    const h = hourOf(r, t, ax);
    if (zoom && (h < z0 || h > z1)) continue;
    if (dayAhead) values.push({ hour: h, series: 'day-ahead plan', p_kw: r.vp_dayahead_kw });
    values.push({ hour: h, series: 'optimal schedule (rolling)', p_kw: r[sched] }, { hour: h, series: 'real-time', p_kw: r[p] });
  }
  const title = 'VP aggregate power (kW)';
  const x = zoom ? xTime(ax, 'hour of day (h)', [z0, z1]) : xTime(ax);
  return spec(
    zoom ? `Obligation window: schedule vs real-time power (${modeLabel(rec)})` : `Optimal schedule vs real-time power (${modeLabel(rec)})`,
    `${describeObligations(obligationWindows(rec))}; negative power = V2G injection${opts.reference ? paperObligationNote() : ''}`,
    round6(values),
    {
      width: WIDTH,
      height: HEIGHT,
      layer: [
        ...obligationLayer(rec, zoom ? rows.filter((r) => hourOf(r, t, ax) >= z0 && hourOf(r, t, ax) <= z1) : rows, t, title),
        ...(opts.reference ? [paperObligationLayer(title)] : []),
        { mark: { type: 'line', interpolate: 'step-after', clip: true }, encoding: { x, y: q('p_kw', title), color: n('series', 'series', { sort: null }), strokeDash: n('series', 'series', { sort: null }) } },
      ],
    }
  );
}

function voltageFigure(runs: RunSet, key: 'greek-sc1' | 'greek-sc2', label: string, opts: FigureOptions = {}): Record<string, unknown> {
  const rec = run(runs, key);
  const { rows, t, ax } = series(rec);
  const limits = voltageLimits(rec);
  const paper = PAPER_REFERENCE.greekVoltageLimitsPu;
  const lo = cityColumns(rows, 'vmin_', '_pu');
  const hi = cityColumns(rows, 'vmax_', '_pu');
  const values: Row[] = [];
  for (const r of rows) {
    const hour = hourOf(r, t, ax);
    for (const [c, city] of lo) values.push({ hour, city, bound: 'lowest bus', v_pu: r[c] });
    for (const [c, city] of hi) values.push({ hour, city, bound: 'highest bus', v_pu: r[c] });
  }
  const yTitle = 'bus voltage (p.u.)';
  const vs = [...values.map((r) => r.v_pu as number), ...(limits ?? []), ...(opts.reference ? paper : [])].filter(Number.isFinite);
  const domain = [Math.min(0.9, Math.floor(Math.min(...vs) * 50) / 50), Math.max(1.06, Math.ceil(Math.max(...vs) * 50) / 50)];
  let sub = 'lowest and highest bus voltage of each city feeder per interval; ';
  sub += limits ? `red dashed: scenario limits ${limits[0]} and ${limits[1]} p.u.` : 'voltage limits not recorded by this run';
  if (opts.reference) sub += `; dotted grey: paper reference ${paper[0]} and ${paper[1]} p.u. (${PAPER_REFERENCE.source})`;
  const layer: unknown[] = [{ mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: xTime(ax), y: q('v_pu', yTitle, { scale: { zero: false, domain } }), color: n('city', 'city feeder'), strokeDash: n('bound', 'bound') } }];
  if (limits) layer.push({ data: { values: limits.map((l) => ({ limit: l, layer: 'scenario limit' })) }, mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4] }, encoding: { y: q('limit', yTitle) } });
  if (opts.reference) layer.push({ data: { values: paper.map((l) => ({ limit: l, layer: 'paper reference' })) }, mark: { type: 'rule', color: '#555', strokeDash: [2, 3] }, encoding: { y: q('limit', yTitle) } });
  return spec(`Node voltages, ${label}`, sub, round6(values), { width: WIDTH, height: HEIGHT, layer });
}

/** Bus-intervals with voltage outside the scenario's [vMin, vMax], as the DFs counted them. */
function voltageViolations(rec: RunRecords): number | undefined {
  return num(rec, 'metrics.voltageViolatingBusIntervals');
}

function cost(rec: RunRecords): number | undefined {
  return num(rec, 'metrics.totalCostMu');
}

function socShare(rec: RunRecords): number | undefined {
  const rows = rec.tables.ev;
  if (rows && rows.length > 0 && 'reached_target' in rows[0]) return (100 * rows.filter((r) => r.reached_target === true).length) / rows.length;
  const m = num(rec, 'metrics.evsReachingTargetShare');
  return m === undefined ? undefined : 100 * m;
}

/** A Greek run's records (timeseries with the VP power columns). */
const isGreek = (rec: RunRecords) => hasTable(rec, 'timeseries', ['vp_realtime_kw', 'vp_scheduled_kw']);

/** Scenario label from the run's own mode (so run reports of any Greek run are titled right). */
function modeLabel(rec: RunRecords): string {
  const mode = rec.summary.metrics.mode;
  return mode === 'sc1' ? 'SC1' : mode === 'sc2' ? 'SC2' : rec.name;
}

/** The price line is black: the city colours below take the categorical palette, so no city shares its colour. */
export const PRICE_COLOUR = '#222222';

const SC = [['greek-sc1', 'SC1 optimized + V2G'], ['greek-sc2', 'SC2 uncoordinated']] as const;

export const greekItems: ReproItem[] = [
  {
    id: 'fig6',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 6',
    title: 'Price and consumption per city',
    runs: ['greek-sc1'],
    appliesTo: isGreek,
    figure(runs) {
      const { rows, t, ax } = series(run(runs, 'greek-sc1'));
      const price = column(rows, 'price', 'price_mu_per_kwh');
      const cities = cityColumns(rows, 'p_', '_kw');
      const hasBase = cities.every(([c]) => c.replace(/^p_/, 'base_') in rows[0]);
      const priceVals = rows.map((r) => ({ hour: hourOf(r, t, ax), price_mu_per_kwh: r[price] }));
      const loadVals = rows.flatMap((r) =>
        cities.flatMap(([c, city]) => {
          const ev = r[c] as number;
          if (!hasBase) return [{ hour: hourOf(r, t, ax), city, series: 'EV clusters', p_kw: ev }];
          const base = r[c.replace(/^p_/, 'base_')] as number;
          return [{ hour: hourOf(r, t, ax), city, series: 'base load + EV clusters', p_kw: base + ev }, { hour: hourOf(r, t, ax), city, series: 'base load', p_kw: base }];
        })
      );
      const sub = hasBase ? 'ESO price curve; consumption of each city feeder: base load (dashed) and with the EV clusters (solid)' : 'ESO price curve; net power of the EV clusters of each city (negative = V2G)';
      return spec(`Electricity price and consumption per city (${modeLabel(run(runs, 'greek-sc1'))})`, sub, null, {
        vconcat: [
          { data: { values: round6(priceVals) }, width: WIDTH, height: 130, mark: { type: 'line', interpolate: 'step-after', color: PRICE_COLOUR }, encoding: { x: xTime(ax), y: q('price_mu_per_kwh', 'price (m.u./kWh)') } },
          {
            data: { values: round6(loadVals) }, width: WIDTH, height: 220, mark: { type: 'line', interpolate: 'step-after' },
            encoding: { x: xTime(ax), y: q('p_kw', 'consumption (kW)'), color: n('city', 'city'), strokeDash: n('series', 'series', { sort: 'descending' }), detail: n('series', 'series') },
          },
        ],
      });
    },
  },
  { id: 'fig7', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 7', title: 'Optimal schedule vs real-time power with obligation band (SC1)', runs: ['greek-sc1'], appliesTo: isGreek, figure: (runs, opts) => powerFigure(runs, false, opts) },
  {
    id: 'fig8',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 8',
    title: 'Total power SC1 vs SC2',
    runs: ['greek-sc1', 'greek-sc2'],
    figure(runs, opts = {}) {
      const values: Row[] = [];
      const axes: TimeAxis[] = [];
      for (const [key, label] of SC) {
        const { rows, t, ax } = series(run(runs, key));
        axes.push(ax);
        const p = powerCol(rows);
        for (const r of rows) values.push({ hour: hourOf(r, t, ax), scenario: label, p_kw: r[p] });
      }
      const title = 'VP aggregate power (kW)';
      const sc1 = series(run(runs, 'greek-sc1'));
      const sc1Rec = run(runs, 'greek-sc1');
      return spec('Total VP power, SC1 vs SC2', `${describeObligations(obligationWindows(sc1Rec))} of SC1${opts.reference ? paperObligationNote() : ''}`, round6(values), {
        width: WIDTH,
        height: HEIGHT,
        layer: [...obligationLayer(sc1Rec, sc1.rows, sc1.t, title), ...(opts.reference ? [paperObligationLayer(title)] : []), { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: xTime(axes), y: q('p_kw', title), color: n('scenario', 'scenario') } }],
      });
    },
  },
  {
    id: 'fig9',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 9',
    title: 'EV state of charge over the day and at departure',
    runs: ['greek-sc1', 'greek-sc2'],
    figure(runs) {
      const traj: Row[] = [];
      const bins: Row[] = [];
      const targets: number[] = [];
      const axes: TimeAxis[] = [];
      for (const [key, label] of SC) {
        const rec = run(runs, key);
        const { rows, t, ax } = series(rec);
        axes.push(ax);
        const mean = column(rows, 'mean SoC', 'soc_mean');
        for (const r of rows) if (r[mean] !== null) traj.push({ hour: hourOf(r, t, ax), scenario: label, mean: 100 * (r[mean] as number), lo: 100 * (r.soc_min as number), hi: 100 * (r.soc_max as number) });
        const evs = table(rec, 'ev');
        const fin = column(evs, 'final SoC', 'soc_final');
        const target = column(evs, 'target SoC', 'soc_target');
        for (const b of socBins(evs.map((r) => 100 * (r[fin] as number)))) bins.push({ scenario: label, ...b });
        for (const r of evs) targets.push(100 * (r[target] as number));
      }
      const y = q('mean', 'state of charge (%)', { scale: { domain: [0, 100] } });
      const xFinal = q('bin_lo_pct', 'SoC at departure (%)', { bin: { binned: true, step: SOC_BIN_PCT }, scale: { domain: [0, 100] } });
      const meanTarget = targets.length ? mean(targets) : null;
      return spec('EV state of charge, SC1 vs SC2', 'left: plugged-in EVs, mean (line) and min-max (band); right: SoC at departure in 5% bins, the last one 95-100% (dashed: mean target)', null, {
        hconcat: [
          {
            data: { values: round6(traj) }, width: 330, height: 230,
            layer: [
              { mark: { type: 'area', opacity: 0.15 }, encoding: { x: xTime(axes), y: q('lo', 'state of charge (%)', { scale: { domain: [0, 100] } }), y2: { field: 'hi' }, color: n('scenario', 'scenario') } },
              { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: xTime(axes), y, color: n('scenario', 'scenario') } },
            ],
          },
          {
            width: 200, height: 230,
            layer: [
              { data: { values: round6(bins) }, mark: { type: 'bar', opacity: 0.6 }, encoding: { x: xFinal, x2: { field: 'bin_hi_pct' }, y: q('evs', 'EVs (count)', { stack: null }), color: n('scenario', 'scenario') } },
              ...(meanTarget === null ? [] : [{ data: { values: round6([{ target_pct: meanTarget }]) }, mark: { type: 'rule', strokeDash: [6, 4], color: '#333' }, encoding: { x: q('target_pct', 'SoC at departure (%)') } }]),
            ],
          },
        ],
      });
    },
  },
  { id: 'fig10', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 10', title: 'Node voltages SC1', runs: ['greek-sc1'], appliesTo: isGreek, figure: (runs, opts) => voltageFigure(runs, 'greek-sc1', modeLabel(run(runs, 'greek-sc1')) === 'SC1' ? 'SC1 (optimized, real-time control)' : modeLabel(run(runs, 'greek-sc1')), opts) },
  { id: 'fig11', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 11', title: 'Node voltages SC2', runs: ['greek-sc2'], figure: (runs, opts) => voltageFigure(runs, 'greek-sc2', 'SC2 (uncoordinated)', opts) },
  { id: 'fig22-left', kind: 'figure', family: 'greek', paperRef: 'Energies 2025, Fig. 22 (left)', title: 'Obligation window: schedule vs real-time power (SC1)', runs: ['greek-sc1'], figure: (runs, opts) => powerFigure(runs, true, opts) },
  {
    id: 'fig23',
    kind: 'figure',
    family: 'greek',
    paperRef: 'Energies 2025, Fig. 23 / Table 5',
    title: 'Optimizer comparison (measured): gap, time, violation',
    runs: ['greek-sc1'],
    appliesTo: (rec) => hasTable(rec, 'optimizers'),
    table: (runs) => table(run(runs, 'greek-sc1'), 'optimizers'),
    figure(runs) {
      const rec = run(runs, 'greek-sc1');
      const values = table(rec, 'optimizers')
        .filter((r) => r.status !== 'skipped')
        .map((r) => ({
          instance: `${r.instance} ${r.clusters}x${r.intervals}`,
          solver: String(r.solver),
          gap_pct: r.gap_pct,
          time_s: optimizerSeconds(rec, String(r.instance), String(r.solver)) ?? null,
          violation: r.max_violation,
        }));
      const bar = (field: string, title: string, axis: Record<string, unknown> = {}, domain?: [number, number]) => ({
        width: 160,
        height: 200,
        mark: 'bar',
        encoding: { x: n('instance', 'instance (CEVs x intervals)', { axis: { labelAngle: 0 } }), xOffset: n('solver', 'optimizer'), y: q(field, title, { axis, ...(domain ? { scale: { domain } } : {}) }), color: n('solver', 'optimizer') },
      });
      return spec('Optimizer comparison on the SC1 day-ahead problem', `same problem for each optimizer; gap to the HiGHS optimum; jslp only where its dense tableau is tractable; violation axis from 0 to at least ${VIOLATION_AXIS_MIN}`, round6(values), {
        hconcat: [bar('gap_pct', 'gap to optimum (%)'), bar('time_s', 'solve time (s)'), bar('violation', 'max violation (kW, kWh or p.u.)', { format: '.2~g' }, violationDomain(values.map((v) => v.violation as number)))],
      });
    },
  },
];

/** Smallest top of the violation axis: a violation of 1e-10 (float noise) then draws as no bar, not a full one. */
export const VIOLATION_AXIS_MIN = 0.01;

/** [0, top] of the max-violation axis: at least VIOLATION_AXIS_MIN, else the largest violation. */
export function violationDomain(vs: number[]): [number, number] {
  const finite = vs.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return [0, Math.max(VIOLATION_AXIS_MIN, ...finite)];
}

const cap = (w: string) => w[0].toUpperCase() + w.slice(1);

/** Wall-clock seconds of one optimizer on one comparison instance (summary timings, not the CSV, which stays deterministic). */
function optimizerSeconds(rec: RunRecords, instance: string, solver: string): number | undefined {
  const ms = rec.summary.timings?.[`optimizer${cap(instance)}${cap(solver)}Ms`];
  return typeof ms === 'number' ? ms / 1000 : undefined;
}

function solverSeconds(rec: RunRecords, solver: string): number | undefined {
  return optimizerSeconds(rec, 'day', solver);
}

function v2gWindowShare(rec: RunRecords): number | undefined {
  const { rows, t, ax } = series(rec);
  const dis = column(rows, 'V2G discharge', 'discharge_kw', 'p_discharge_kw');
  let inW = 0;
  let all = 0;
  for (const r of rows) {
    const d = Math.abs(r[dis] as number);
    const h = hourOf(r, t, ax) + ax.stepH / 2; // interval midpoint
    all += d;
    if (PAPER_REFERENCE.greekV2gWindowsH.some(([a, b]) => h >= a && h < b)) inW += d;
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
  'greek.latency.p95': (r) => {
    const ms = num(run(r, 'greek-sc1'), 'metrics.decisionLatencyMs.p95');
    return ms === undefined ? undefined : ms / 1000;
  },
  'greek.solver.lp': (r) => solverSeconds(run(r, 'greek-sc1'), 'highs'),
  'greek.solver.pso': (r) => solverSeconds(run(r, 'greek-sc1'), 'pso'),
  'greek.ledgerOverhead': (r) => num(run(r, 'greek-sc1'), 'metrics.ledger.decisionToFinalityS.p50'),
  'greek.finality.p95': (r) => num(run(r, 'greek-sc1'), 'metrics.ledger.decisionToFinalityS.p95'),
};
