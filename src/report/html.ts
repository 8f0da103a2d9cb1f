// `vpsim report <DIR>`: one self-contained report.html (no scripts, no external files) for a run
// directory (summary.json: metrics, KPIs, tables, figures) or a reproduce directory
// (reproduce.json: item status, paper-vs-sim table, figures, tables). Figures are inline SVG.
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readSync, readdirSync, renameSync } from 'node:fs';
import { envError } from '../util/env-error.js';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../output/atomic.js';
import { renderSvg } from '../output/svg.js';
import type { Row } from '../sim/recorder.js';

export interface Figure {
  name: string;
  svg: string;
}

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Makes an SVG safe to inline next to others: no XML prolog, element ids prefixed per figure. */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

function fmtValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : Number(v.toPrecision(6)).toString();
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Nested object as (dotted path, value) rows; arrays of scalars kept whole. */
export function flatten(obj: unknown, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    if (prefix) out.push([prefix, obj]);
    return out;
  }
  const entries = Object.entries(obj as Record<string, unknown>);
  if (entries.length === 0 && prefix) out.push([prefix, '{}']);
  for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function keyValueTable(caption: string, obj: unknown): string {
  const rows = flatten(obj);
  if (rows.length === 0) return `<h2>${esc(caption)}</h2><p class="muted">none</p>`;
  const body = rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td class="num">${esc(fmtValue(v))}</td></tr>`).join('\n');
  return `<h2>${esc(caption)}</h2>\n<table class="kv"><tbody>\n${body}\n</tbody></table>`;
}

export function rowsTable(rows: Row[], maxRows = 40, cls = ''): string {
  if (rows.length === 0) return '<p class="muted">empty</p>';
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const head = `<tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = rows
    .slice(0, maxRows)
    .map((r) => `<tr${cls && r.verdict ? ` class="${esc(String(r.verdict).replace(/\s/g, '-'))}"` : ''}>${cols.map((c) => `<td${typeof r[c] === 'number' ? ' class="num"' : ''}>${esc(fmtValue(r[c]))}</td>`).join('')}</tr>`)
    .join('\n');
  const more = rows.length > maxRows ? `<p class="muted">first ${maxRows} of ${rows.length} rows</p>` : '';
  return `<table class="${cls}"><thead>${head}</thead><tbody>\n${body}\n</tbody></table>${more}`;
}

/** One small table per top-level key (K1 ... K10, or a model's own groups); scalars share one table. */
function groupedTables(caption: string, obj: Record<string, unknown>): string {
  const entries = Object.entries(obj ?? {});
  if (entries.length === 0) return `<h2>${esc(caption)}</h2><p class="muted">none</p>`;
  const scalars = entries.filter(([, v]) => v === null || typeof v !== 'object' || Array.isArray(v));
  const groups = entries.filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
  const table = (rows: [string, unknown][]) =>
    `<table class="kv"><tbody>\n${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td class="num">${esc(fmtValue(v))}</td></tr>`).join('\n')}\n</tbody></table>`;
  const parts = caption ? [`<h2>${esc(caption)}</h2>`] : [];
  if (scalars.length) parts.push(table(scalars));
  for (const [k, v] of groups) parts.push(`<h3>${esc(k)}</h3>`, table(flatten(v)));
  return `<section class="grouped">${parts.join('\n')}</section>`;
}

function figuresHtml(figs: Figure[]): string {
  if (figs.length === 0) return '';
  return `<h2>Figures</h2>\n${figs.map((f, i) => `<figure id="fig-${esc(f.name)}">${inlineSvg(f.svg, `f${i}`)}<figcaption>${esc(f.name)}</figcaption></figure>`).join('\n')}`;
}

const CSS = `body{font:14px/1.45 Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#777}figure{margin:1.2em 0}figcaption{color:#555;font-size:12px}svg{max-width:100%;height:auto}
tr.inside td{background:#eef8ee}tr.outside td{background:#fbeaea}tr.not-available td{color:#888}
code{background:#f4f4f4;padding:0 3px}
.scroll{overflow:auto;max-width:100%;max-height:28em;border:1px solid #eee}pre.scroll{padding:.5em;font-size:12px}
details>summary{cursor:pointer}details>summary h2{display:inline-block;margin:1.2em 0 .3em}
table.headline td,table.headline th{font-size:14px}ul.files{columns:3;font-size:13px}`;

/** Marks a report as written by vpsim: `vpsim report` replaces only such a file. */
export const GENERATOR = 'vpsim report';

export function page(title: string, parts: string[]): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="generator" content="${GENERATOR}"><title>${esc(title)}</title><style>${CSS}</style></head>\n<body>\n<h1>${esc(title)}</h1>\n${parts.join('\n')}\n</body></html>\n`;
}

/** The figures of a run: its own figures/*.vl.json (using a rendered .svg when present) and the registry's applicable single-run figures. */
async function runFigures(dir: string): Promise<Figure[]> {
  const figs: Figure[] = [];
  const figDir = join(dir, 'figures');
  const names = new Set<string>();
  if (existsSync(figDir)) {
    for (const f of readdirSync(figDir).sort()) {
      if (!f.endsWith('.vl.json')) continue;
      const name = f.slice(0, -'.vl.json'.length);
      names.add(name);
      const svgPath = join(figDir, `${name}.svg`);
      const svg = existsSync(svgPath) ? readFileSync(svgPath, 'utf8') : await renderSvg(JSON.parse(readFileSync(join(figDir, f), 'utf8')));
      figs.push({ name, svg });
    }
  }
  const { loadRunDir } = await import('../reproduce/records.js');
  const { ITEMS } = await import('../reproduce/registry.js');
  const rec = loadRunDir(dir);
  for (const it of ITEMS) {
    if (names.has(it.id) || !it.figure || !it.appliesTo || it.runs.length !== 1 || !it.appliesTo(rec)) continue;
    try {
      figs.push({ name: `${it.id} (${it.paperRef})`, svg: await renderSvg(it.figure({ [it.runs[0]]: rec })) });
    } catch (err) {
      if ((err as Error).name !== 'MissingData') throw err;
    }
  }
  return figs;
}

/** K4 with a single provider in every service is trivially 1 (no market to concentrate): left out, with a note. */
function trivialK4(kpis: Record<string, unknown>): boolean {
  const k4 = kpis?.K4;
  if (!k4 || typeof k4 !== 'object') return false;
  const services = Object.values(k4 as Record<string, unknown>).filter((v) => v && typeof v === 'object') as Record<string, unknown>[];
  return services.length > 0 && services.every((v) => typeof v.providers === 'number' && v.providers <= 1);
}

/** A section that starts collapsed when it is long. */
function collapsible(title: string, body: string, rows: number, openUpTo = 15): string {
  return `<details${rows <= openUpTo ? ' open' : ''}><summary><h2>${esc(title)}</h2></summary>\n${body}\n</details>`;
}

/** Overrides from run.json (or summary.json), when the run recorded them. */
function overridesOf(dir: string, summary: Record<string, unknown>): string[] | undefined {
  const runJson = join(dir, 'run.json');
  if (existsSync(runJson)) {
    try {
      const r = JSON.parse(readFileSync(runJson, 'utf8')) as { overrides?: unknown };
      if (Array.isArray(r.overrides)) return r.overrides.map(String);
    } catch {
      /* unreadable: fall through */
    }
  }
  return Array.isArray(summary.overrides) ? summary.overrides.map(String) : undefined;
}

export async function runReportHtml(dir: string): Promise<string> {
  const { loadRunDir } = await import('../reproduce/records.js');
  const { headline } = await import('./headline.js');
  const rec = loadRunDir(dir);
  const s = rec.summary;
  const model = typeof rec.scenario?.model === 'string' ? rec.scenario.model : undefined;
  const meta = `<p>scenario <code>${esc(s.scenario)}</code>${model ? `, model <code>${esc(model)}</code>` : ''}, seed <code>${esc(s.seed)}</code>, version <code>${esc(s.version)}</code>, scenario hash <code>${esc(String(s.scenarioHash ?? '').slice(0, 16))}</code></p>`;
  const ov = overridesOf(dir, s as unknown as Record<string, unknown>);
  const overrides = `<p>overrides: ${ov === undefined ? '<span class="muted">not recorded by this run</span>' : ov.length === 0 ? 'none (the scenario file as written)' : ov.map((o) => `<code>${esc(o)}</code>`).join(' ')}</p>`;
  const head = headline(model, s);
  const headTable = head.length
    ? `<h2>Headline results</h2>\n<table class="headline"><tbody>\n${head.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td class="num">${esc(r.value)}</td><td>${esc(r.unit)}</td><td class="muted">${esc(r.note ?? '')}</td></tr>`).join('\n')}\n</tbody></table>`
    : '';
  const kpis = { ...(s.kpis ?? {}) } as Record<string, unknown>;
  const kpiNotes: string[] = [];
  if (trivialK4(kpis)) {
    delete kpis.K4;
    kpiNotes.push('K4 (market concentration) is left out: every service has a single provider, so it is 1 by construction.');
  }
  const kpiRows = flatten(kpis).length;
  const kpiSection = kpiRows > 0 ? collapsible('KPIs (K1-K10)', (kpiNotes.length ? `<p class="muted">${esc(kpiNotes.join(' '))}</p>` : '') + groupedTables('', kpis), kpiRows) : '';
  const metricRows = flatten(s.metrics).length;
  const scenarioText = existsSync(join(dir, 'scenario.resolved.yaml')) ? readFileSync(join(dir, 'scenario.resolved.yaml'), 'utf8') : rec.scenario ? JSON.stringify(rec.scenario, null, 2) : undefined;
  const params = scenarioText === undefined ? '<h2>Scenario parameters</h2><p class="muted">not recorded by this run (no scenario.resolved.yaml)</p>' : `<details><summary><h2>Scenario parameters</h2></summary><p class="muted">the resolved scenario (after extends, overrides and defaults)</p><pre class="scroll">${esc(scenarioText)}</pre></details>`;
  const tables = Object.entries(rec.tables).map(([name, rows]) => `<h3><a href="${esc(name)}.csv">${esc(name)}.csv</a></h3><p class="muted">${rows.length} rows, ${Object.keys(rows[0] ?? {}).length} columns; first 10 rows:</p><div class="scroll">${rowsTable(rows, 10)}</div>`);
  const files = listFiles(dir);
  return page(`vpsim run report: ${s.scenario ?? dir}`, [
    meta,
    overrides,
    headTable,
    figuresHtml(await runFigures(dir)),
    kpiSection,
    metricRows > 0 ? collapsible('All metrics', groupedTables('', s.metrics), metricRows) : '',
    params,
    tables.length ? `<h2>Tables</h2>\n${tables.join('\n')}` : '',
    `<h2>Events</h2><p>${rec.events ? rec.events.length : 0} lifecycle events in <a href="events.jsonl">events.jsonl</a></p>`,
    keyValueTable('Timings (wall-clock, ms)', s.timings ?? {}),
    `<h2>Files</h2><ul class="files">${files.map((f) => `<li><a href="${esc(f)}">${esc(f)}</a></li>`).join('')}</ul>`,
  ]);
}

/** Every file of a run directory (figures/ included), relative paths, sorted. */
function listFiles(dir: string, sub = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'report.html') continue;
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

export async function reproduceReportHtml(dir: string): Promise<string> {
  const { parseCsv } = await import('../reproduce/records.js');
  const manifest = JSON.parse(readFileSync(join(dir, 'reproduce.json'), 'utf8')) as { items: { id: string; kind: string; paperRef: string; title: string; status: string; message: string }[]; runs: Row[] };
  const status = manifest.items.map((i) => ({ id: i.id, kind: i.kind, paper: i.paperRef, title: i.title, status: i.status, note: i.message }));
  const cmp = existsSync(join(dir, 'paper-vs-sim.csv')) ? parseCsv(readFileSync(join(dir, 'paper-vs-sim.csv'), 'utf8')) : [];
  const figs: Figure[] = [];
  const tables: string[] = [];
  for (const i of manifest.items) {
    const svg = join(dir, 'figures', `${i.id}.svg`);
    const vl = join(dir, 'figures', `${i.id}.vl.json`);
    if (existsSync(svg)) figs.push({ name: `${i.id}: ${i.title} (${i.paperRef})`, svg: readFileSync(svg, 'utf8') });
    else if (existsSync(vl)) figs.push({ name: `${i.id}: ${i.title} (${i.paperRef})`, svg: await renderSvg(JSON.parse(readFileSync(vl, 'utf8'))) });
    const csv = join(dir, 'tables', `${i.id}.csv`);
    if (existsSync(csv)) tables.push(`<h3>${esc(i.id)}: ${esc(i.title)} (${esc(i.paperRef)})</h3>${rowsTable(parseCsv(readFileSync(csv, 'utf8')), 200)}`);
  }
  const { SOURCES } = await import('../reproduce/paper-values.js');
  const refs = Object.entries(SOURCES).map(([k, v]) => `<li><b>${esc(k)}</b>: ${esc(v)}</li>`).join('');
  const counts = ['inside', 'outside', 'reported', 'not available'].map((v) => `${cmp.filter((r) => r.verdict === v).length} ${v}`).join(', ');
  return page('vpsim reproduction report', [
    '<h2>Paper vs simulation</h2>',
    `<p>${cmp.length} values: ${esc(counts)}. Bands are our acceptance (see band_note); paper values are targets only.</p><ul>${refs}</ul>`,
    cmp.length ? rowsTable(cmp, 1000, 'cmp') : '<p class="muted">no paper-vs-sim.csv</p>',
    '<h2>Figures and tables</h2>',
    rowsTable(status, 1000),
    '<h2>Pinned runs</h2>',
    rowsTable(manifest.runs, 1000),
    figuresHtml(figs),
    tables.length ? `<h2>Tables</h2>\n${tables.join('\n')}` : '',
  ]);
}

/** Writes report.html for a run or reproduce directory; returns its path. */
export async function writeReport(dir: string, out?: string, opts: { force?: boolean } = {}): Promise<string> {
  let html: string;
  if (existsSync(join(dir, 'reproduce.json'))) html = await reproduceReportHtml(dir);
  else if (existsSync(join(dir, 'sweep.json'))) {
    const { sweepReportParts } = await import('./sweep-report.js');
    const { title, parts } = await sweepReportParts(dir, esc, inlineSvg);
    html = page(title, parts);
  }
  else if (existsSync(join(dir, 'summary.json'))) html = await runReportHtml(dir);
  else throw new InputError(dir, '', 'a run directory (summary.json), a sweep directory (sweep.json) or a reproduce directory (reproduce.json)', existsSync(dir) ? 'neither' : 'no such directory');
  const path = out ?? join(dir, 'report.html');
  claimReportFile(path, !!opts.force);
  try {
    writeFileAtomic(path, html);
  } catch (err) {
    throw envError(err, path);
  }
  return path;
}

/** The output policy for a single file: absent, or a report vpsim wrote; else refused unless forced (then moved aside). */
function claimReportFile(path: string, force: boolean): void {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  const ours = st.isFile() && readHead(path).includes(`<meta name="generator" content="${GENERATOR}">`);
  if (ours) return;
  if (!st.isFile()) throw new InputError(path, '', 'an absent file or a report written by vpsim', st.isDirectory() ? 'a directory' : 'not a regular file');
  if (!force) throw new InputError(path, '', 'an absent file or a report written by vpsim (--force keeps the file as .orig and writes the report)', 'a file vpsim did not write');
  let to = `${path}.orig`;
  for (let n = 2; existsSync(to); n++) to = `${path}.orig.${n}`;
  renameSync(path, to);
  process.stderr.write(`vpsim: kept ${path} (not written by vpsim) as ${to}\n`);
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4096);
    const n = readSync(fd, b, 0, b.length, 0);
    return b.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
