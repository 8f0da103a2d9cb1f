// PoA ledger figures (Energies 2025, Figs. 12-21, 22 right, Table 3) from the ledger runs.
import type { Row } from '../../sim/recorder.js';
import { column, hasTable, num, run, table } from '../records.js';
import { mean, r2, sampleSd } from '../../util/stats.js';
import { MissingData, type Measure, type ReproItem, type RunRecords } from '../types.js';
import { HEIGHT, WIDTH, n, o, q, round6, spec, thin } from '../vl.js';

const E = 'Energies 2025';

/** Renames columns found among candidates: { to: [candidates...] }. */
function cols(rows: Row[], want: Record<string, string[]>): Row[] {
  const map: Record<string, string> = {};
  for (const [to, cands] of Object.entries(want)) map[to] = column(rows, to, ...cands);
  return rows.map((r) => {
    const o: Row = {};
    for (const [to, from] of Object.entries(map)) o[to] = r[from];
    return o;
  });
}

const DELAY = { n: ['n_tx', 'n', 'transactions'], m: ['m', 'validators', 'n_validators'], c: ['c', 'complexity'] };

function delayRows(rec: RunRecords): Row[] {
  return cols(table(rec, 'delay', 'dtotal'), { ...DELAY, exp: ['d_total_s', 'delay_s', 'experimental_s'], theory: ['d_theory_s', 'theory_s', 'theoretical_s'] });
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
}

function linearR2(xs: number[], ys: number[]): number {
  if (xs.length < 3) throw new MissingData('fewer than 3 points for a linear fit');
  return r2(xs, ys);
}

function perValidatorSlots(rec: RunRecords): Row[] {
  return cols(table(rec, 'tx_per_validator'), { slot: ['slot'], validator: ['validator', 'ba'], tx: ['tx', 'n_tx'] });
}

export function validatorStats(rows: Row[]): Row[] {
  const by = new Map<string, number[]>();
  for (const r of rows) {
    const k = String(r.validator);
    if (!by.has(k)) by.set(k, []);
    by.get(k)!.push(r.tx as number);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([validator, xs]) => {
      return { validator, slots: xs.length, mean_tx: Number(mean(xs).toFixed(3)), std_tx: Number(sampleSd(xs).toFixed(3)), min_tx: Math.min(...xs), max_tx: Math.max(...xs) };
    });
}

function theoryGrid(rec: RunRecords): Row[] {
  return cols(table(rec, 'theory_grid'), { condition: ['condition'], kind: ['kind'], sim_mean: ['sim_mean_s'], theory_mean: ['theory_mean_s'], mean_err: ['mean_err_pct'], sim_p95: ['sim_p95_s'], theory_p95: ['theory_p95_s'], p95_err: ['p95_err_pct'], sim_miss: ['sim_miss_pct'], theory_miss: ['theory_miss_pct'], miss_err: ['miss_err_pp'] });
}

type RegionLike = { name?: unknown; workload?: { rate_tps?: unknown; duration_s?: unknown }; faults?: Record<string, unknown> };

function reliabilityRegions(scenario: Record<string, unknown> | undefined): RegionLike[] | undefined {
  const exps = scenario?.experiments;
  if (!Array.isArray(exps)) return undefined;
  const e = exps.find((x) => (x as { kind?: unknown }).kind === 'reliability') as { regions?: unknown } | undefined;
  return Array.isArray(e?.regions) ? (e!.regions as RegionLike[]) : undefined;
}

function rates(r: RegionLike): number[] {
  return Array.isArray(r.workload?.rate_tps) ? (r.workload!.rate_tps as unknown[]).map((p) => (Array.isArray(p) ? Number(p[1]) : NaN)).filter(Number.isFinite) : [];
}

/** Constant offered load of each reliability region (undefined when not constant or unknown). */
function regionLoads(scenario: Record<string, unknown> | undefined): number[] | undefined {
  const regions = reliabilityRegions(scenario);
  if (!regions) return undefined;
  const out = regions.map((r) => {
    const v = rates(r);
    return v.length > 0 && v.every((x) => x === v[0]) ? v[0] : NaN;
  });
  return out.every(Number.isFinite) ? out : undefined;
}

/** One line per region: its offered load and fault levels, read from the scenario. */
function regionLevels(scenario: Record<string, unknown> | undefined): string[] | undefined {
  const regions = reliabilityRegions(scenario);
  if (!regions) return undefined;
  // a region's faults are merged over the scenario's ledger.faults (as the run does)
  const baseFaults = ((scenario?.ledger as { faults?: Record<string, unknown> } | undefined)?.faults ?? {}) as Record<string, unknown>;
  return regions.map((r) => {
    const v = rates(r);
    const lo = Math.min(...v), hi = Math.max(...v);
    const load = v.length === 0 ? 'load ?' : lo === hi ? `${lo} tx/s` : `${lo} tx/s, peak ${hi} tx/s`;
    const f = { ...baseFaults, ...(r.faults ?? {}) };
    const parts: string[] = [];
    const frac = Number(f.degradedLinkFraction ?? 0), drop = Number(f.dropProb ?? 0);
    if (frac > 0) parts.push(`${Math.round(100 * frac)}% of links lose ${Math.round(100 * drop)}% of attempts (+${Number(f.extraDelay_s ?? 0)} s, retransmit after ${Number(f.retransmitTimeout_s ?? 1)} s)`);
    if (Array.isArray(f.crashes)) for (const c of f.crashes as { validator: number; at_s: number; duration_s: number }[]) parts.push(`B/A ${c.validator} down ${c.at_s}-${c.at_s + c.duration_s} s`);
    if (Number(f.mtbf_s ?? 0) > 0) parts.push(`random crashes, MTBF ${Number(f.mtbf_s)} s${f.mttr_s !== undefined ? `, MTTR ${Number(f.mttr_s)} s` : ''}`);
    return `${String(r.name)}: ${load}${parts.length ? `; ${parts.join('; ')}` : '; no faults'}`;
  });
}

function maxAbs(rows: Row[], field: string, file = 'theory_grid.csv'): number {
  const v = rows.map((r) => r[field]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) throw new MissingData(`${file}: no ${field} values`);
  return Math.max(...v.map(Math.abs));
}

function ramp(rec: RunRecords): Row[] {
  return cols(table(rec, 'ramp'), { t: ['t_s'], tps: ['throughput_tps', 'tps'], validation: ['validation_s', 'validation_time_s'], block_kb: ['block_kb', 'block_size_kb', 'size_kb'] });
}

function endpoints(rows: Row[], field: string): [number, number] {
  const k = Math.max(1, Math.floor(rows.length / 10));
  const avg = (rs: Row[]) => mean(rs.map((r) => r[field] as number));
  return [avg(rows.slice(0, k)), avg(rows.slice(-k))];
}

/** Operating regions of Fig. 18, matched by keywords in the scenario's region names. */
const REGIONS: Record<string, (name: string) => boolean> = {
  normal: (r) => /normal/.test(r),
  highLoad: (r) => /high/.test(r) && !/fail/.test(r),
  partialFailure: (r) => /(partial|network)/.test(r) && !/high/.test(r),
  increasedTx: (r) => /(increas|surge|more)/.test(r) && !/fail/.test(r),
  highLoadFailures: (r) => /high/.test(r) && /fail/.test(r),
};

function reliability(rec: RunRecords, region: keyof typeof REGIONS): number | undefined {
  const rows = cols(table(rec, 'reliability'), { region: ['region', 'case'], pct: ['reliability_pct', 'reliability'] });
  const hits = rows.filter((x) => REGIONS[region](String(x.region).toLowerCase()));
  if (hits.length !== 1) throw new MissingData(`reliability.csv: ${hits.length} regions match '${region}' (${rows.map((x) => x.region).join(', ')})`);
  const v = hits[0].pct as number;
  return v <= 1 ? 100 * v : v;
}

export const ledgerItems: ReproItem[] = [
  {
    id: 'fig12', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'delay'), paperRef: `${E}, Fig. 12`, title: 'D_total vs N for M in {2,4,6}, C in {1,1.5,2}', runs: ['ledger-delay'],
    figure(runs) {
      const rows = delayRows(run(runs, 'ledger-delay')).filter((r) => [2, 4, 6].includes(r.m as number));
      return spec('Total slot delay D_total vs transactions', 'simulated PoA; one panel per complexity C', round6(rows), {
        facet: { column: o('c', 'complexity C') },
        spec: { width: 170, height: 200, mark: { type: 'line', point: true }, encoding: { x: q('n', 'transactions per slot N (count)'), y: q('exp', 'D_total (s)'), color: o('m', 'B/As M', { scale: { scheme: 'viridis' } }) } },
      });
    },
  },
  {
    id: 'fig13', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'theory_grid'), paperRef: `${E}, Fig. 13`, title: 'Analytical model vs simulation: mean delay over the documented grid', runs: ['ledger-theory-grid'],
    figure(runs) {
      const rows = theoryGrid(run(runs, 'ledger-theory-grid'));
      const x = q('sim_mean', 'simulated mean delay / D_total (s)', { scale: { type: 'log' } });
      const y = q('theory_mean', 'analytical model (s)', { scale: { type: 'log' } });
      const lo = Math.min(...rows.map((r) => Math.min(r.sim_mean as number, r.theory_mean as number)));
      const hi = Math.max(...rows.map((r) => Math.max(r.sim_mean as number, r.theory_mean as number)));
      return spec('Delay: independent queueing model vs simulation', 'streams: mean transaction delay (Poisson arrivals, seeds 1-3); bursts and slots: D_total; dashed: equality', null, {
        hconcat: [
          {
            width: 300, height: 300,
            layer: [
              { data: { values: [{ sim_mean: lo, theory_mean: lo }, { sim_mean: hi, theory_mean: hi }] }, mark: { type: 'line', strokeDash: [4, 3], color: '#888' }, encoding: { x, y } },
              { data: { values: round6(rows) }, mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color: n('kind', 'condition'), tooltip: [{ field: 'condition' }, { field: 'mean_err', title: 'error (%)' }] } },
            ],
          },
          { data: { values: round6(rows) }, width: 260, height: 300, mark: 'bar', encoding: { y: n('condition', 'condition', { sort: null }), x: q('mean_err', 'mean error, model - sim (%)', { scale: { domain: [-10, 10] } }), color: n('kind', 'condition') } },
        ],
      });
    },
  },
  {
    id: 'fig14', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'tx_per_validator'), paperRef: `${E}, Fig. 14`, title: 'Transactions per B/A over 288 slots', runs: ['ledger-distribution'],
    figure(runs) {
      const rows = perValidatorSlots(run(runs, 'ledger-distribution'));
      const validators = new Set(rows.map((r) => String(r.validator))).size;
      const slots = new Set(rows.map((r) => r.slot)).size;
      return spec('Transactions per B/A per slot', `${validators} B/As, ${slots} slots (from the run)`, rows, {
        width: WIDTH, height: HEIGHT, mark: { type: 'line', strokeWidth: 1 }, encoding: { x: q('slot', 'slot (5 min)'), y: q('tx', 'transactions (count)'), color: n('validator', 'B/A') },
      });
    },
  },
  {
    id: 'fig15', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'tx_per_validator'), paperRef: `${E}, Fig. 15`, title: 'Histograms and densities of transactions per B/A', runs: ['ledger-distribution'],
    figure(runs) {
      const rows = perValidatorSlots(run(runs, 'ledger-distribution'));
      const xs = rows.map((r) => r.tx as number);
      const step = niceStep((Math.max(...xs) - Math.min(...xs)) / 20);
      const x = q('tx', 'tx per slot (count)');
      return spec('Distribution of transactions per slot, by B/A', `bars: histogram (bin width ${step}); line: kernel density scaled to slots per bin`, rows, {
        facet: { column: n('validator', 'B/A') },
        spec: {
          width: 150, height: 180,
          layer: [
            { mark: { type: 'bar', opacity: 0.55, color: '#4c78a8' }, encoding: { x: { ...x, bin: { step } }, y: { aggregate: 'count', type: 'quantitative', title: 'slots (count)' } } },
            {
              transform: [{ density: 'tx', groupby: ['validator'], counts: true, as: ['tx', 'density'] }, { calculate: `datum.density * ${step}`, as: 'slots' }],
              mark: { type: 'line', color: '#e45756', strokeWidth: 2 },
              encoding: { x, y: q('slots', 'slots (count)') },
            },
          ],
        },
      });
    },
  },
  {
    id: 'table3', kind: 'table', family: 'ledger', paperRef: `${E}, Table 3`, title: 'Mean and standard deviation of transactions per B/A', runs: ['ledger-distribution'],
    table: (runs) => validatorStats(perValidatorSlots(run(runs, 'ledger-distribution'))),
  },
  {
    id: 'fig16', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'theory_grid'), paperRef: `${E}, Fig. 16`, title: 'Analytical model vs simulation: p95 delay and deadline misses', runs: ['ledger-theory-grid'],
    figure(runs) {
      const rows = theoryGrid(run(runs, 'ledger-theory-grid'));
      const long = rows.flatMap((r) => [{ condition: r.condition, source: 'simulation', p95: r.sim_p95, miss: r.sim_miss }, { condition: r.condition, source: 'analytical model', p95: r.theory_p95, miss: r.theory_miss }]);
      const streams = long.filter((r) => r.miss !== null && r.miss !== undefined && r.miss !== '');
      const cond = n('condition', 'condition', { sort: null });
      return spec('p95 delay and deadline-miss probability: model vs simulation', 'error per point in theory_grid.csv (p95_err_pct, miss_err_pp); streams have deadlines 6 s + U[0, 8] s', null, {
        hconcat: [
          { data: { values: round6(long) }, width: 240, height: 320, mark: { type: 'point', filled: true, size: 60 }, encoding: { y: cond, x: q('p95', 'p95 delay / D_total (s)', { scale: { type: 'log' } }), color: n('source', 'curve'), shape: n('source', 'curve') } },
          { data: { values: round6(streams) }, width: 200, height: 180, mark: { type: 'point', filled: true, size: 60 }, encoding: { y: cond, x: q('miss', 'deadline missed (%)'), color: n('source', 'curve'), shape: n('source', 'curve') } },
        ],
      });
    },
  },
  {
    id: 'fig17', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'ramp'), paperRef: `${E}, Fig. 17`, title: 'Throughput, validation time and block size over a load ramp', runs: ['ledger-ramp'],
    figure(runs) {
      const rows = round6(thin(ramp(run(runs, 'ledger-ramp'))).map((r) => ({ ...r, t_min: (r.t as number) / 60 })));
      const panel = (field: string, title: string, color: string) => ({ width: WIDTH, height: 110, mark: { type: 'line', color }, encoding: { x: q('t_min', 'time (min)'), y: q(field, title) } });
      return spec('PoA under a load ramp', undefined, rows, { vconcat: [panel('tps', 'throughput (TPS)', '#4c78a8'), panel('validation', 'block validation (s)', '#f58518'), panel('block_kb', 'block size (KB)', '#54a24b')] });
    },
  },
  {
    id: 'fig17b', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'throughput'), paperRef: `${E}, Fig. 17 (issue 13)`, title: 'Offered vs served load: saturation predicted and found; the queue past capacity', runs: ['ledger-throughput'],
    figure(runs) {
      const rec = run(runs, 'ledger-throughput');
      const raw = table(rec, 'throughput');
      const rows = cols(raw, { offered: ['offered_tps'], served: ['served_tps'], theory: ['theory_served_tps'] }).map((r, i): Row => ({ ...r, steady: raw[i].served_steady_tps ?? null }));
      const satSim = num(rec, 'metrics.saturationSimTps');
      const satTh = num(rec, 'metrics.saturationTheoryTps');
      // simulation: the steady finality rate of each step (second half) when recorded, and the
      // transactions final within the step / its length
      const hasSteady = rows.some((r) => typeof r.steady === 'number');
      const long = rows.flatMap((r) => [
        ...(hasSteady ? [{ offered: r.offered, served: r.steady, series: 'simulation (steady)' }] : []),
        { offered: r.offered, served: r.served, series: hasSteady ? 'simulation (final within step)' : 'simulation' },
        ...(typeof r.theory === 'number' ? [{ offered: r.offered, served: r.theory, series: 'analytical model' }] : []),
      ]);
      const hi = Math.max(...rows.map((r) => r.offered as number));
      const simSeries = hasSteady ? ['simulation (steady)', 'simulation (final within step)'] : ['simulation'];
      const rules = [...(satSim !== undefined ? [{ x: satSim, series: simSeries[0], label: `found ${satSim.toFixed(0)} tx/s` }] : []), ...(satTh !== undefined ? [{ x: satTh, series: 'analytical model', label: `predicted ${satTh.toFixed(0)} tx/s` }] : [])];
      const color = n('series', 'served', { scale: { domain: [...simSeries, 'analytical model'], range: hasSteady ? ['#4c78a8', '#9ecae9', '#f58518'] : ['#4c78a8', '#f58518'] } });
      const x = q('offered', 'offered load (tx/s)');
      const left = {
        width: 300, height: 260,
        layer: [
          { data: { values: [{ offered: 0, served: 0 }, { offered: hi, served: hi }] }, mark: { type: 'line', strokeDash: [4, 3], color: '#888' }, encoding: { x, y: q('served', 'served throughput (tx/s)') } },
          { data: { values: round6(long) }, mark: { type: 'line', point: true }, encoding: { x, y: q('served', 'served throughput (tx/s)'), color, strokeDash: n('series', 'served', { legend: null }) } },
          { data: { values: round6(rules) }, mark: { type: 'rule', strokeDash: [2, 2] }, encoding: { x: q('x', 'offered load (tx/s)'), color } },
          { data: { values: round6(rules) }, mark: { type: 'text', angle: 270, dx: -60, dy: -6, fontSize: 10 }, encoding: { x: q('x', 'offered load (tx/s)'), text: { field: 'label' }, color } },
        ],
      };
      const queue = hasTable(rec, 'queue') ? cols(table(rec, 'queue'), { t: ['t_s'], offered: ['offered_tps'], served: ['served_tps'], queue: ['queue_tx'] }).map((r): Row => ({ ...r, t_min: (r.t as number) / 60 })) : [];
      const panels: unknown[] = [left];
      if (queue.length) {
        const rate = queue.flatMap((r) => [{ t_min: r.t_min, tps: r.offered, series: 'offered' }, { t_min: r.t_min, tps: r.served, series: 'served (final in window)' }]);
        panels.push({
          vconcat: [
            { data: { values: round6(rate) }, width: 280, height: 110, mark: 'line', encoding: { x: q('t_min', 'time (min)'), y: q('tps', 'load (tx/s)'), color: n('series', 'ramp') } },
            { data: { values: round6(queue) }, width: 280, height: 110, mark: { type: 'area', color: '#e45756', opacity: 0.7 }, encoding: { x: q('t_min', 'time (min)'), y: q('queue', 'queue: submitted, not final (tx)') } },
          ],
        });
      }
      return spec('Throughput: offered vs served load', 'left: one Poisson step per load, dashed: served = offered, rules: saturation (simulation: the most served in steady state; model: with the busy-proposer rule); right: a ramp past capacity (60 s windows)', null, { hconcat: panels });
    },
  },
  {
    id: 'fig18', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'reliability'), paperRef: `${E}, Fig. 18`, title: 'Reliability by operating region', runs: ['ledger-reliability'],
    figure(runs) {
      const rec = run(runs, 'ledger-reliability');
      const rows = cols(table(rec, 'reliability'), { region: ['region', 'case'], pct: ['reliability_pct', 'reliability'] }).map((r) => ({ region: r.region, pct: (r.pct as number) <= 1 ? 100 * (r.pct as number) : r.pct }));
      const levels = regionLevels(rec.scenario);
      const subtitle = levels ? ['one simulated region per bar; load and fault levels:', ...levels] : ['one simulated region per bar; load and fault levels: see the scenario (docs/ledger.md)'];
      return spec('Reliability: share of transactions final by their deadline', subtitle as unknown as string, round6(rows), {
        width: WIDTH, height: HEIGHT,
        encoding: { x: n('region', 'operating region', { sort: null, axis: { labelAngle: 0, labelLimit: 200, labelExpr: "split(datum.label, ' ')" } }), y: q('pct', 'reliability (%)', { scale: { domain: [0, 105] }, axis: { values: [0, 20, 40, 60, 80, 100] } }) },
        layer: [
          { mark: 'bar', encoding: { color: n('region', 'region', { legend: null, sort: null }) } },
          { mark: { type: 'text', dy: -7, fontSize: 11 }, encoding: { text: { field: 'pct', type: 'quantitative', format: '.1f' } } },
        ],
      });
    },
  },
  {
    id: 'fig18b', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'reliability'), paperRef: `${E}, Fig. 18 (issue 13)`, title: 'Reliability against offered load across the knee', runs: ['ledger-reliability-knee'],
    figure(runs) {
      const rec = run(runs, 'ledger-reliability-knee');
      const rows = cols(table(rec, 'reliability'), { region: ['region', 'case'], pct: ['reliability_pct', 'reliability'], n: ['transactions'] });
      const loads = regionLoads(rec.scenario);
      const pts = rows.map((r, i) => ({ load: loads?.[i] ?? Number.parseFloat(String(r.region)), pct: r.pct }));
      if (pts.some((p) => !Number.isFinite(p.load))) throw new MissingData('reliability.csv: the offered load of a region is neither in the scenario nor its name');
      return spec('Reliability against offered load', 'Poisson load held per point, mix and deadlines of Fig. 18, no faults (scenarios/ledger/reliability-knee.yaml)', round6(pts), {
        width: WIDTH, height: HEIGHT,
        layer: [
          { mark: { type: 'line', point: true, color: '#4c78a8' }, encoding: { x: q('load', 'offered load (tx/s)', { scale: { zero: false } }), y: q('pct', 'reliability (%)', { scale: { domain: [0, 105] } }) } },
          { mark: { type: 'text', dy: -9, fontSize: 10 }, encoding: { x: q('load', 'offered load (tx/s)'), y: q('pct', 'reliability (%)'), text: { field: 'pct', type: 'quantitative', format: '.1f' } } },
        ],
      });
    },
  },
  {
    id: 'fig19', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'consensus') && hasTable(rec, 'storage'), paperRef: `${E}, Fig. 19`, title: 'Complexity: consensus time vs B/As, storage vs transactions', runs: ['ledger-complexity'],
    figure(runs) {
      const cons = cols(table(run(runs, 'ledger-complexity'), 'consensus'), { m: DELAY.m, s: ['consensus_s', 'experimental_s'] });
      const stoRows = table(run(runs, 'ledger-complexity'), 'storage');
      const sto: Row[] = cols(stoRows, { n: ['n_tx', 'transactions'], kb: ['storage_kb', 'size_kb'] }).map((r, i) => ({ ...r, jsonl: stoRows[i].storage_jsonl_kb ?? null }));
      const stoLong = thin(sto, 200).flatMap((r) => [{ n: r.n, kb: r.kb, series: 'modelled blocks' }, ...(r.jsonl === null ? [] : [{ n: r.n, kb: r.jsonl, series: 'ledger.jsonl' }])]);
      const p = (values: Row[], x: Record<string, unknown>, y: Record<string, unknown>, color: string) => ({ data: { values: round6(values) }, width: 200, height: 180, mark: { type: 'line', point: values.length <= 40, color }, encoding: { x, y } });
      const storage = { data: { values: round6(stoLong) }, width: 200, height: 180, mark: { type: 'line' }, encoding: { x: q('n', 'transactions (count)', { axis: { format: '~s' } }), y: q('kb', 'storage (KB)'), color: n('series', 'storage'), strokeDash: n('series', 'storage') } };
      const panels: unknown[] = [p(cons, q('m', 'B/As M (count)', { axis: { format: 'd', tickMinStep: 1 } }), q('s', 'consensus time (s)'), '#4c78a8'), storage];
      // PSO time vs iterations: drawn when a run records it (table pso: iterations, time_s)
      const psoRec = Object.values(runs).find((r) => (r.tables.pso ?? []).length > 0);
      if (psoRec) panels.splice(1, 0, p(cols(table(psoRec, 'pso'), { it: ['iterations'], s: ['time_s', 'wall_s'] }), q('it', 'PSO iterations (count)'), q('s', 'PSO time (s)'), '#f58518'));
      return spec('Complexity panels', psoRec ? undefined : 'PSO time vs iterations: not recorded by the pinned runs (see fig23 for measured PSO time)', null, { hconcat: panels });
    },
  },
  {
    id: 'fig20', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'comparators'), paperRef: `${E}, Fig. 20`, title: 'PoA vs PoW vs PoS vs number of validators', runs: ['ledger-comparators'],
    figure(runs) {
      const rows = cols(table(run(runs, 'ledger-comparators'), 'comparators'), { protocol: ['protocol'], v: ['validators'], scal: ['scalability_index'], energy: ['energy_kwh'], lat: ['latency_s'], tps: ['throughput_tps'] });
      const panel = (field: string, title: string, log = false) => ({ width: 220, height: 150, mark: { type: 'line', point: true }, encoding: { x: q('v', 'validators (count)'), y: q(field, title, log ? { scale: { type: 'log' } } : {}), color: n('protocol', 'protocol') } });
      return spec('Consensus protocols vs number of validators', undefined, round6(rows), { vconcat: [{ hconcat: [panel('scal', 'scalability index (-)'), panel('energy', 'energy use (kWh)', true)] }, { hconcat: [panel('lat', 'consensus latency (s)', true), panel('tps', 'throughput (TPS)', true)] }] });
    },
  },
  {
    id: 'fig21', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'latency_vs_tx'), paperRef: `${E}, Fig. 21`, title: 'Latency vs transactions and throughput vs load, PoA/PoW/PoS', runs: ['ledger-comparators'],
    figure(runs) {
      const rec = run(runs, 'ledger-comparators');
      const lat = cols(table(rec, 'latency_vs_tx'), { protocol: ['protocol'], n: ['n_tx', 'transactions'], s: ['latency_s'] });
      const thr = cols(table(rec, 'throughput_vs_load'), { protocol: ['protocol'], load: ['load_tps', 'offered_tps'], tps: ['throughput_tps', 'tps'] });
      return spec('Consensus protocols under load', undefined, null, {
        hconcat: [
          { data: { values: round6(lat) }, width: 240, height: 200, mark: { type: 'line', point: true }, encoding: { x: q('n', 'transactions (count)'), y: q('s', 'latency (s)', { scale: { type: 'log' } }), color: n('protocol', 'protocol') } },
          { data: { values: round6(thr) }, width: 240, height: 200, mark: { type: 'line', point: true }, encoding: { x: q('load', 'offered load (TPS)'), y: q('tps', 'throughput (TPS)'), color: n('protocol', 'protocol') } },
        ],
      });
    },
  },
  {
    id: 'fig22-right', kind: 'figure', family: 'ledger', appliesTo: (rec) => hasTable(rec, 'day'), paperRef: `${E}, Fig. 22 (right)`, title: 'Incoming transactions, capacity, queue and processed over the day', runs: ['ledger-day'],
    figure(runs) {
      const rows = cols(table(run(runs, 'ledger-day'), 'day', 'load'), { t: ['t_s'], incoming: ['incoming_tx', 'incoming'], capacity: ['capacity_tx', 'capacity'], queue: ['queue_tx', 'queue_length', 'queue'], processed: ['processed_tx', 'processed'] });
      const maxIn = Math.max(...rows.map((r) => Math.max(r.incoming as number, r.processed as number)));
      const cap = Math.max(...rows.map((r) => r.capacity as number));
      const capOnScale = cap <= 3 * maxIn;
      const series = capOnScale ? ['incoming', 'processed', 'capacity'] : ['incoming', 'processed'];
      const top = rows.flatMap((r) => series.map((k) => ({ hour: (r.t as number) / 3600, series: k, tx: r[k] })));
      const queue = rows.map((r) => ({ hour: (r.t as number) / 3600, queue: r.queue }));
      const x = q('hour', 'hour of day (h)', { scale: { domain: [0, 24] } });
      const sub = capOnScale ? 'per 5-minute slot' : `per 5-minute slot; modelled capacity ${Math.round(cap).toLocaleString('en-US')} tx per slot (off scale)`;
      return spec('Ledger load over the day', sub, null, {
        vconcat: [
          { data: { values: round6(top) }, width: WIDTH, height: 200, mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y: q('tx', 'transactions per slot (count)'), color: n('series', 'series'), strokeDash: n('series', 'series') } },
          { data: { values: round6(queue) }, width: WIDTH, height: 90, mark: { type: 'area', interpolate: 'step-after', color: '#b279a2', opacity: 0.7 }, encoding: { x, y: q('queue', 'queue at slot end (tx)', { scale: { domain: [0, Math.max(10, ...queue.map((r) => r.queue as number))] }, axis: { tickCount: 3 } }) } },
        ],
      });
    },
  },
];

export const ledgerMeasures: Record<string, Measure> = {
  'ledger.txPerInterval': (r) => num(run(r, 'ledger-day'), 'metrics.maxProcessedPerSlot', 'metrics.maxTxPerInterval'),
  'ledger.poaTps': (r) => num(run(r, 'ledger-comparators'), 'metrics.poaSustainedTps'),
  'ledger.ramp.tpsStart': (r) => endpoints(ramp(run(r, 'ledger-ramp')), 'tps')[0],
  'ledger.ramp.tpsEnd': (r) => endpoints(ramp(run(r, 'ledger-ramp')), 'tps')[1],
  'ledger.ramp.validationStart': (r) => endpoints(ramp(run(r, 'ledger-ramp')), 'validation')[0],
  'ledger.ramp.validationEnd': (r) => endpoints(ramp(run(r, 'ledger-ramp')), 'validation')[1],
  'ledger.ramp.blockStart': (r) => endpoints(ramp(run(r, 'ledger-ramp')), 'block_kb')[0],
  'ledger.ramp.blockEnd': (r) => endpoints(ramp(run(r, 'ledger-ramp')), 'block_kb')[1],
  'ledger.reliability.normal': (r) => reliability(run(r, 'ledger-reliability'), 'normal'),
  'ledger.reliability.highLoad': (r) => reliability(run(r, 'ledger-reliability'), 'highLoad'),
  'ledger.reliability.partialFailure': (r) => reliability(run(r, 'ledger-reliability'), 'partialFailure'),
  'ledger.reliability.increasedTx': (r) => reliability(run(r, 'ledger-reliability'), 'increasedTx'),
  'ledger.reliability.highLoadFailures': (r) => reliability(run(r, 'ledger-reliability'), 'highLoadFailures'),
  'ledger.theory.meanErr': (r) => maxAbs(theoryGrid(run(r, 'ledger-theory-grid')), 'mean_err'),
  'ledger.theory.p95Err': (r) => maxAbs(theoryGrid(run(r, 'ledger-theory-grid')), 'p95_err'),
  'ledger.theory.missErr': (r) => maxAbs(theoryGrid(run(r, 'ledger-theory-grid')), 'miss_err'),
  'ledger.theory.saturationErr': (r) => {
    const grid = cols(table(run(r, 'ledger-theory-grid'), 'theory_saturation'), { err: ['saturation_err_pct'] });
    const rec = run(r, 'ledger-throughput');
    const th = num(rec, 'metrics.saturationTheoryTps'), sim = num(rec, 'metrics.saturationSimTps');
    if (th === undefined || sim === undefined) throw new MissingData('ledger-throughput: saturationTheoryTps / saturationSimTps not in the summary');
    return Math.max(maxAbs(grid, 'err', 'theory_saturation.csv'), Math.abs((100 * (th - sim)) / sim));
  },
  'ledger.storage.r2': (r) => {
    const rows = cols(table(run(r, 'ledger-complexity'), 'storage'), { n: ['n_tx', 'transactions'], kb: ['storage_kb', 'size_kb'] });
    return linearR2(rows.map((x) => x.n as number), rows.map((x) => x.kb as number));
  },
  'ledger.consensus.r2': (r) => {
    const rows = cols(table(run(r, 'ledger-complexity'), 'consensus'), { m: DELAY.m, s: ['consensus_s', 'experimental_s'] });
    return linearR2(rows.map((x) => x.m as number), rows.map((x) => x.s as number));
  },
};
