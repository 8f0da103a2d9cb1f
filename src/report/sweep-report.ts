// `vpsim report SWEEPDIR`: one figure per (metric, parameter) of a sweep: the replicate mean of the
// metric at each value of the parameter with its 95% confidence interval (Student t), one line per
// combination of the other parameters. Written as figures/<metric>__<parameter>.vl.json (+ .svg)
// and gathered in report.html. Failed runs are left out and counted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mean, sampleSd } from '../util/stats.js';
import { parseCsv } from '../output/csv.js';
import { writeFileAtomic } from '../output/atomic.js';
import { renderSvg } from '../output/svg.js';
import type { Row } from '../sim/recorder.js';
import { InputError } from '../util/errors.js';

/** Two-sided 95% quantiles t(0.975, df) of Student's t for df = 1..30 (standard table values); 1.96 beyond. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function t975(df: number): number {
  return df >= 1 && df <= 30 ? T975[df - 1] : 1.96;
}

export interface PointSummary {
  x: number | string;
  series: string;
  n: number;
  mean: number;
  /** Half-width of the 95% interval; null for a single replicate. */
  half: number | null;
}

/** Replicate means and 95% intervals of `metric` by the value of `param`, per combination of the other parameters. */
export function summarize(rows: Row[], param: string, others: string[], metric: string): PointSummary[] {
  const groups = new Map<string, { x: number | string; series: string; ys: number[] }>();
  for (const r of rows) {
    const y = r[metric];
    if (typeof y !== 'number' || !Number.isFinite(y)) continue;
    const x = r[param] as number | string;
    const series = others.length ? others.map((o) => `${o}=${r[o]}`).join(', ') : 'all';
    const key = JSON.stringify([x, series]);
    if (!groups.has(key)) groups.set(key, { x, series, ys: [] });
    groups.get(key)!.ys.push(y);
  }
  return [...groups.values()].map((g) => {
    const n = g.ys.length;
    const m = mean(g.ys);
    const half = n >= 2 ? (t975(n - 1) * sampleSd(g.ys)) / Math.sqrt(n) : null;
    return { x: g.x, series: g.series, n, mean: m, half };
  });
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

export interface SweepFigure {
  name: string;
  spec: Record<string, unknown>;
}

export function sweepFigures(rows: Row[], parameters: string[], metrics: string[]): SweepFigure[] {
  const out: SweepFigure[] = [];
  for (const metric of metrics) {
    for (const param of parameters) {
      const pts = summarize(rows, param, parameters.filter((p) => p !== param), metric);
      if (pts.length === 0) continue;
      const numericX = pts.every((p) => typeof p.x === 'number');
      const values = pts.map((p) => ({ x: p.x, series: p.series, n: p.n, mean: p.mean, lo: p.half === null ? p.mean : p.mean - p.half, hi: p.half === null ? p.mean : p.mean + p.half }));
      const x = { field: 'x', type: numericX ? 'quantitative' : 'nominal', title: param, scale: numericX ? { zero: false } : undefined };
      const y = { field: 'mean', type: 'quantitative', title: `${metric} (replicate mean)`, scale: { zero: false } };
      const color = { field: 'series', type: 'nominal', title: 'other parameters' };
      out.push({
        name: `${slug(metric)}__${slug(param)}`,
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: { text: `${metric} vs ${param}`, subtitle: `replicate mean; bars: 95% interval (Student t, n = ${Math.min(...pts.map((p) => p.n))}-${Math.max(...pts.map((p) => p.n))} replicates)` },
          data: { values },
          width: 420,
          height: 220,
          layer: [
            { mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: `${metric} (replicate mean)` }, y2: { field: 'hi' }, color } },
            { mark: { type: 'line', point: true }, encoding: { x, y, color } },
          ],
          config: { font: 'Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelLimit: 320 } },
        },
      });
    }
  }
  return out;
}

/** Reads a sweep directory, writes its figures and returns the report sections (HTML parts). */
export async function sweepReportParts(dir: string, esc: (s: unknown) => string, inlineSvg: (svg: string, prefix: string) => string): Promise<{ title: string; parts: string[] }> {
  const manifestPath = join(dir, 'sweep.json');
  const csvPath = join(dir, 'results.csv');
  if (!existsSync(csvPath)) throw new InputError(dir, '', 'a sweep directory with results.csv', 'no results.csv');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: string; parameters: string[]; model?: string };
  const all = parseCsv(readFileSync(csvPath, 'utf8'));
  const ok = all.filter((r) => r.status === 'ok');
  const fixed = new Set(['runId', 'replicate', 'seed', 'status', 'error', ...manifest.parameters]);
  const metrics = Object.keys(all[0] ?? {}).filter((c) => !fixed.has(c) && ok.some((r) => typeof r[c] === 'number'));
  const figs = sweepFigures(ok, manifest.parameters, metrics);
  const parts: string[] = [];
  parts.push(`<p>${all.length} runs: ${ok.length} ok, ${all.length - ok.length} failed or crashed (left out); parameters ${manifest.parameters.map((p) => `<code>${esc(p)}</code>`).join(', ')}; <a href="results.csv">results.csv</a></p>`);
  parts.push('<h2>Metrics against parameters</h2><p class="muted">each point: the mean over replicates; bars: 95% confidence interval of that mean (Student t with n - 1 degrees of freedom; none for one replicate)</p>');
  let i = 0;
  for (const f of figs) {
    const svg = await renderSvg(f.spec);
    writeFileAtomic(join(dir, 'figures', `${f.name}.vl.json`), JSON.stringify(f.spec, null, 2) + '\n');
    writeFileAtomic(join(dir, 'figures', `${f.name}.svg`), svg);
    parts.push(`<figure id="fig-${esc(f.name)}">${inlineSvg(svg, `s${i++}`)}<figcaption><a href="figures/${esc(f.name)}.vl.json">${esc(f.name)}.vl.json</a></figcaption></figure>`);
  }
  return { title: `vpsim sweep report: ${manifest.name ?? dir}`, parts };
}
