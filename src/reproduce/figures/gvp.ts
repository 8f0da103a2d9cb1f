// GVP layer (Information 2026): K1-K10 for S1-S4 (table + chart) and the scale study.
import type { Row } from '../../sim/recorder.js';
import { column, hasTable, num, run, table } from '../records.js';
import { MissingData, type Measure, type ReproItem, type RunRecords, type RunSet } from '../types.js';
import { n, q, round6, spec } from '../vl.js';

const I = 'Information 2026';
const SCENARIOS = [['gvp-s1', 'S1 baseline'], ['gvp-s2', 'S2 regulatory'], ['gvp-s3', 'S3 uncertainty'], ['gvp-s4', 'S4 full stress']] as const;

/** Numeric leaves of an object as dotted paths (`K7.successRate`), depth-limited, sorted K1..K10. */
export function flattenNumbers(obj: unknown, prefix = '', depth = 3, out: Record<string, number> = {}): Record<string, number> {
  if (obj === null || typeof obj !== 'object' || depth < 0) return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out[p] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flattenNumbers(v, p, depth - 1, out);
  }
  return out;
}

function kpiKey(path: string): number {
  const m = /^K(\d+)/.exec(path);
  return m ? Number(m[1]) : 99;
}

/** One row per KPI figure, one column per scenario. */
export function kpiTable(runs: RunSet): Row[] {
  const flat = SCENARIOS.map(([key]) => flattenNumbers(run(runs, key).summary.kpis));
  // headline figures only: per-VP positions and per-oracle/per-detail breakdowns stay in summary.json
  const paths = [...new Set(flat.flatMap((f) => Object.keys(f)))]
    .filter((p) => !/\.(perVp|byOracle|byDetail)\./.test(p)).sort((a, b) => kpiKey(a) - kpiKey(b) || a.localeCompare(b));
  if (paths.length === 0) throw new MissingData('the GVP runs report no KPIs');
  return paths.map((p) => {
    const row: Row = { kpi: p };
    SCENARIOS.forEach(([, label], i) => (row[label.split(' ')[0]] = flat[i][p] ?? null));
    return row;
  });
}

/** A KPI that is a rate, as a percentage (accepts 0..1 or 0..100). */
function pct(rec: RunRecords, ...paths: string[]): number | undefined {
  const v = num(rec, ...paths.map((p) => `kpis.${p}`));
  return v === undefined ? undefined : v <= 1 ? 100 * v : v;
}

const RATES: [string, string[]][] = [
  ['K2 coverage', ['K2.coverage']],
  ['K6 rejected', ['K6.rate']],
  ['K7 settled', ['K7.successRate']],
  ['K8 oracle fail', ['K8.failureRate']],
  ['K9 traceable', ['K9.traceabilityRatio']],
  ['K10 flex verified', ['K10.coverage']],
];

function scaleRows(rec: RunRecords): Row[] {
  const rows = table(rec, 'scale');
  const nv = column(rows, 'number of VPs (count)', 'n_vps', 'vps', 'n');
  const lp = column(rows, 'LP time', 'lp_time_s', 'lp_s');
  const wall = column(rows, 'wall time', 'wall_s', 'wall_time_s');
  const mem = column(rows, 'memory', 'memory_mb', 'heap_mb', 'rss_mb');
  const k7 = column(rows, 'settlement success', 'settlement_success_pct', 'k7_success_pct', 'settlement_success');
  return rows.map((r) => ({ n_vps: r[nv], lp_time_s: r[lp], wall_s: r[wall], memory_mb: r[mem], k7_pct: (r[k7] as number) <= 1 ? 100 * (r[k7] as number) : r[k7] }));
}

export const gvpItems: ReproItem[] = [
  {
    id: 'gvp-run-kpis', kind: 'figure', family: 'gvp', paperRef: `${I}, K1-K10 (one run)`, title: 'Contract KPI rates of one GVP run', runs: ['gvp-s4'],
    appliesTo: (rec) => num(rec, 'kpis.K7.successRate') !== undefined && num(rec, 'kpis.K9.traceabilityRatio') !== undefined,
    figure(runs) {
      const rec = run(runs, 'gvp-s4');
      const values: Row[] = [];
      for (const [name, paths] of RATES) {
        const v = pct(rec, ...paths);
        if (v !== undefined) values.push({ kpi: name, pct: v });
      }
      if (values.length === 0) throw new MissingData('the run reports none of the rate KPIs');
      return spec(`Contract KPIs of ${rec.name}`, 'rates from events.jsonl and the ledger', round6(values), {
        width: 420,
        height: 220,
        layer: [
          { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x: n('kpi', 'KPI', { sort: RATES.map(([k]) => k), axis: { labelAngle: 0, labelLimit: 200 } }), y: q('pct', 'rate (%)', { scale: { domain: [0, 100] } }) } },
          { mark: { type: 'text', dy: -6, fontSize: 11 }, encoding: { x: n('kpi', 'KPI', { sort: RATES.map(([k]) => k) }), y: q('pct', 'rate (%)'), text: { field: 'pct', type: 'quantitative', format: '.1f' } } },
        ],
      });
    },
  },
  {
    id: 'gvp-kpis', kind: 'table', family: 'gvp', paperRef: `${I}, K1-K10 table (S1-S4)`, title: 'Contract KPIs K1-K10 for scenarios S1-S4', runs: SCENARIOS.map(([k]) => k),
    table: kpiTable,
    figure(runs) {
      const values: Row[] = [];
      for (const [key, label] of SCENARIOS) {
        for (const [name, paths] of RATES) {
          const v = pct(run(runs, key), ...paths);
          if (v !== undefined) values.push({ scenario: label, kpi: name, pct: v });
        }
      }
      if (values.length === 0) throw new MissingData('the GVP runs report none of the rate KPIs');
      return spec('Contract KPIs by scenario', 'rates from events.jsonl and the ledger', round6(values), {
        width: 560,
        height: 240,
        mark: 'bar',
        encoding: {
          x: n('kpi', 'KPI', { sort: RATES.map(([k]) => k), axis: { labelAngle: 0, labelLimit: 200 } }),
          xOffset: n('scenario', 'scenario'),
          y: q('pct', 'rate (%)', { scale: { domain: [0, 100] } }),
          color: n('scenario', 'scenario'),
        },
      });
    },
  },
  {
    id: 'gvp-scale', kind: 'figure', family: 'gvp', appliesTo: (rec) => hasTable(rec, 'scale'), paperRef: `${I}, scale study (N = 7..2000 VPs)`, title: 'Scale study: KPIs, LP time, wall time and memory vs number of VPs', runs: ['gvp-scale'],
    table: (runs) => scaleRows(run(runs, 'gvp-scale')),
    figure(runs) {
      const rows = round6(scaleRows(run(runs, 'gvp-scale')));
      const ns = rows.map((r) => r.n_vps as number);
      const x = q('n_vps', 'number of VPs (count)', { scale: { type: 'log', domain: [Math.min(...ns) * 0.8, Math.max(...ns) * 1.25], nice: false }, axis: { values: [1, 3, 10, 30, 100, 300, 1000, 3000, 10000].filter((v) => v >= Math.min(...ns) * 0.8 && v <= Math.max(...ns) * 1.25), format: '~s' } });
      const p = (field: string, title: string, color: string) => ({ width: 220, height: 150, mark: { type: 'line', point: { color, filled: true }, color }, encoding: { x, y: q(field, title) } });
      return spec('GVP scale study', undefined, rows, {
        vconcat: [{ hconcat: [p('k7_pct', 'settlement success (%)', '#4c78a8'), p('lp_time_s', 'LP solve time (s)', '#f58518')] }, { hconcat: [p('wall_s', 'wall time (s)', '#54a24b'), p('memory_mb', 'memory (MB)', '#b279a2')] }],
      });
    },
  },
];

export const gvpMeasures: Record<string, Measure> = {
  'gvp.s4.settlementSuccess': (r) => pct(run(r, 'gvp-s4'), 'K7.successRate'),
  'gvp.s1.k9': (r) => pct(run(r, 'gvp-s1'), 'K9.traceabilityRatio'),
  'gvp.s4.k9': (r) => pct(run(r, 'gvp-s4'), 'K9.traceabilityRatio'),
  'gvp.scale.maxVps': (r) => Math.max(...scaleRows(run(r, 'gvp-scale')).map((x) => x.n_vps as number)),
  'gvp.scale.k7Spread': (r) => {
    const ks = scaleRows(run(r, 'gvp-scale')).map((x) => x.k7_pct as number);
    return Math.max(...ks) - Math.min(...ks);
  },
};
