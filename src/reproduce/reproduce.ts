// `vpsim reproduce`: runs the pinned scenarios, builds each requested figure/table from the runs'
// records, renders SVG, and writes the paper-vs-sim table. An item whose model has not landed (or
// whose run failed, or whose data lack a column) is reported with a reason instead of crashing.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../output/atomic.js';
import { claimOutputDir, recordWritten } from '../output/out-dir.js';
import { envError } from '../util/env-error.js';
import { EnvironmentError } from '../util/errors.js';
import { toCsv } from '../output/csv.js';
import { InputError } from '../util/errors.js';
import { bandText, comparisonCsv, comparisonMarkdown, verdict, type ComparisonRow } from './bands.js';
import { PAPER_VALUES, SOURCES } from './paper-values.js';
import { PINNED } from './pins.js';
import { loadRunDir, recordsFromResult } from './records.js';
import { runPinnedSweep } from './sweep-records.js';
import { ITEMS, MEASURES } from './registry.js';
import { tableMarkdown } from './table-md.js';
import { MissingData, type PinnedRun, type ReproItem, type RunRecords, type RunSet } from './types.js';

/** Package root (scenario files are relative to it): src/reproduce or dist/reproduce, two up. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Status = 'ok' | 'unavailable' | 'failed';

export interface ItemResult {
  id: string;
  kind: 'figure' | 'table';
  paperRef: string;
  title: string;
  status: Status;
  message: string;
  files: string[];
}

export interface RunStatus {
  key: string;
  file: string;
  seed: number;
  status: Status;
  message: string;
  dir?: string;
}

export interface ReproduceOptions {
  /** Item ids, or ['all']. */
  ids: string[];
  out: string;
  quiet?: boolean;
  /** Render figures to SVG (default true). */
  svg?: boolean;
  root?: string;
  /** Replaces the pinned runs (tests). */
  pins?: PinnedRun[];
  /** Replaces the scenario runner (tests): returns a run's records. */
  runner?: (pin: PinnedRun, outDir: string) => Promise<RunRecords>;
  /** Models that exist (default: the scenario registry). */
  models?: string[];
  /** Reuse `OUT/runs/<key>` when its scenario hash and seed match the pin (no re-run). */
  reuse?: boolean;
  /** Write into a directory that is not an earlier reproduce output (files vpsim did not write are kept). */
  force?: boolean;
  /** Worker threads for seed studies (sweep pins); default the number of cores, 0 = main thread. */
  workers?: number;
}

export interface ReproduceResult {
  items: ItemResult[];
  runs: RunStatus[];
  comparison: ComparisonRow[];
}

/** Expands ['all'] and checks ids; unknown ids are a user error (exit 2). */
export function selectItems(ids: string[]): ReproItem[] {
  if (ids.length === 0 || ids.includes('all')) return ITEMS;
  const unknown = ids.filter((id) => !ITEMS.some((i) => i.id === id));
  if (unknown.length > 0) throw new InputError('reproduce', '', `a figure or table id (see vpsim reproduce --list) or 'all'`, unknown.map((u) => `'${u}'`).join(', '));
  return ITEMS.filter((i) => ids.includes(i.id));
}

export async function reproduce(opts: ReproduceOptions): Promise<ReproduceResult> {
  const root = opts.root ?? PACKAGE_ROOT;
  const log = opts.quiet ? () => {} : (m: string) => process.stderr.write(`[reproduce] ${m}\n`);
  const items = selectItems(opts.ids);
  // the output policy first: a foreign, read-only or full output is refused before any run
  const before = claimOutputDir(opts.out, 'reproduce', { force: opts.force });
  owned.clear();
  if (before.state === 'ours') for (const f of before.marker.files) owned.add(f);
  const wantedIds = new Set(items.map((i) => i.id));
  const values = PAPER_VALUES.filter((v) => v.items.some((i) => wantedIds.has(i)));
  const pins = opts.pins ?? PINNED;
  const models = new Set(opts.models ?? Object.keys((await import('../models/registry.js')).models));

  // 1. the pinned runs the selection needs, each once
  const needed = [...new Set([...items.flatMap((i) => i.runs), ...values.flatMap((v) => v.runs)])];
  const runs: RunSet = {};
  const runStatus = new Map<string, RunStatus>();
  for (const key of needed) {
    const pin = pins.find((p) => p.key === key);
    if (!pin) {
      runStatus.set(key, { key, file: '-', seed: 0, status: 'failed', message: `no pinned run '${key}'` });
      continue;
    }
    const st: RunStatus = { key, file: pin.file, seed: pin.seed, status: 'ok', message: '' };
    runStatus.set(key, st);
    if (!models.has(pin.model)) {
      Object.assign(st, { status: 'unavailable', message: `not available yet (model ${pin.model} missing)` });
      continue;
    }
    if (!opts.runner && !existsSync(join(root, pin.file))) {
      Object.assign(st, { status: 'unavailable', message: `not available yet (scenario ${pin.file} missing)` });
      continue;
    }
    const dir = join(opts.out, 'runs', key);
    try {
      const prev = opts.reuse && !opts.runner && !pin.sweep ? await reusable(pin, root, dir) : undefined;
      if (prev) {
        log(`reusing ${dir} (same scenario hash and seed)`);
        st.message = 'reused';
        runs[key] = prev;
      } else {
        log(`running ${pin.file} (seed ${pin.seed})`);
        // a seed study with --reuse continues (resumes) its sweep: finished runs are kept
        runs[key] = opts.runner ? await opts.runner(pin, dir) : await runPinned(pin, root, dir, !!opts.quiet, !!opts.reuse, opts.workers);
      }
      st.dir = dir;
    } catch (err) {
      if (err instanceof EnvironmentError) throw err; // disk full, read-only: stop, do not run the rest
      Object.assign(st, { status: 'failed', message: `run failed: ${(err as Error).message}` });
      log(`${key}: ${st.message}`);
    }
  }

  // 2. figures and tables
  const results: ItemResult[] = [];
  for (const it of items) {
    const res: ItemResult = { id: it.id, kind: it.kind, paperRef: it.paperRef, title: it.title, status: 'ok', message: '', files: [] };
    results.push(res);
    const blocked = it.runs.map((k) => runStatus.get(k)!).find((s) => s.status !== 'ok');
    if (blocked) {
      res.status = blocked.status;
      res.message = blocked.status === 'unavailable' ? blocked.message : `${blocked.key}: ${blocked.message}`;
      continue;
    }
    try {
      if (it.table) {
        const rows = it.table(runs);
        res.files.push(write(opts.out, `tables/${it.id}.csv`, toCsv(rows)));
        res.files.push(write(opts.out, `tables/${it.id}.md`, tableMarkdown(`${it.title} (${it.paperRef})`, rows)));
      }
      if (it.figure) {
        const spec = it.figure(runs, { reference: true });
        res.files.push(write(opts.out, `figures/${it.id}.vl.json`, JSON.stringify(spec, null, 2) + '\n'));
        if (opts.svg !== false) {
          const { renderSvg } = await import('../output/svg.js');
          res.files.push(write(opts.out, `figures/${it.id}.svg`, await renderSvg(spec)));
        }
      }
      log(`${it.id}: ${res.files.map((f) => f.slice(opts.out.length + 1)).join(', ')}`);
    } catch (err) {
      res.status = err instanceof MissingData ? 'unavailable' : 'failed';
      res.message = err instanceof MissingData ? `not available: ${err.message}` : `failed: ${(err as Error).message}`;
      log(`${it.id}: ${res.message}`);
    }
  }

  // 3. paper vs sim
  const comparison = values.map((v): ComparisonRow => {
    let ours: number | undefined;
    let note = '';
    const blocked = v.runs.map((k) => runStatus.get(k)!).find((s) => s.status !== 'ok');
    if (blocked) note = blocked.message;
    else {
      const m = MEASURES[v.id];
      try {
        const got = m ? m(runs) : undefined;
        if (got !== undefined && typeof got === 'object') {
          ours = got.value;
          note = got.note;
        } else ours = got;
        if (!m) note = 'no measure defined';
        else if (ours === undefined) note = 'the run does not report this quantity';
      } catch (err) {
        note = (err as Error).message;
      }
    }
    return { id: v.id, source: v.source, ref: v.ref, quantity: v.quantity, unit: v.unit, paper: v.paper, band: bandText(v.band), bandNote: v.bandNote, ours: ours ?? null, verdict: verdict(ours, v.band), note };
  });
  const runsOut = [...runStatus.values()];
  // A partial reproduction into an existing OUT updates its entries and keeps the others.
  const merged = mergeManifest(opts.out, { items: results, runs: runsOut, comparison });
  write(opts.out, 'paper-vs-sim.csv', comparisonCsv(merged.comparison));
  write(opts.out, 'paper-vs-sim.md', comparisonMarkdown(merged.comparison, SOURCES));
  write(opts.out, 'reproduce.json', JSON.stringify(merged, null, 2) + '\n');
  recordWritten(opts.out, 'reproduce', [...owned]);
  return { items: results, runs: runsOut, comparison };
}

interface Manifest {
  items: ItemResult[];
  runs: RunStatus[];
  comparison: ComparisonRow[];
}

/** The new results over the previous reproduce.json in `out` (by id / key), in registry order. */
export function mergeManifest(out: string, next: Manifest): Manifest {
  const path = join(out, 'reproduce.json');
  let prev: Partial<Manifest> = {};
  if (existsSync(path)) {
    try {
      prev = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
    } catch {
      prev = {};
    }
  }
  const by = <T>(a: T[] | undefined, b: T[], key: (x: T) => string, order: string[]): T[] => {
    const m = new Map<string, T>();
    for (const x of a ?? []) m.set(key(x), x);
    for (const x of b) m.set(key(x), x);
    const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
    return [...m.values()].sort((x, y) => rank(key(x)) - rank(key(y)));
  };
  return {
    items: by(prev.items, next.items, (x) => x.id, ITEMS.map((i) => i.id)),
    runs: by(prev.runs, next.runs, (x) => x.key, PINNED.map((p) => p.key)),
    comparison: by(prev.comparison, next.comparison, (x) => x.id, PAPER_VALUES.map((v) => v.id)),
  };
}

async function runPinned(pin: PinnedRun, root: string, dir: string, quiet: boolean, resume = false, workers?: number): Promise<RunRecords> {
  if (pin.sweep) return runPinnedSweep(join(root, pin.file), dir, quiet, resume, workers);
  const { runScenarioFile } = await import('../models/run-scenario.js');
  const res = await runScenarioFile(join(root, pin.file), { seed: pin.seed, set: pin.set, out: dir, quiet });
  return recordsFromResult(res);
}

/** A previous run of this pin in `dir`, if its scenario hash and seed still match. */
async function reusable(pin: PinnedRun, root: string, dir: string): Promise<RunRecords | undefined> {
  if (!existsSync(join(dir, 'summary.json'))) return undefined;
  const { loadScenario } = await import('../models/registry.js');
  const loaded = await loadScenario(join(root, pin.file), { seed: pin.seed, set: pin.set });
  const rec = loadRunDir(dir);
  rec.scenario ??= loaded.scenario;
  return rec.summary.scenarioHash === loaded.hash && rec.summary.seed === pin.seed ? rec : undefined;
}

/** Files of OUT vpsim wrote (from its marker, plus this call's). */
const owned = new Set<string>();

/** Writes OUT/rel; a file there that vpsim did not write is moved aside to rel.orig first. */
function write(out: string, rel: string, content: string): string {
  const p = join(out, rel);
  if (!owned.has(rel) && existsSync(p)) {
    let to = `${p}.orig`;
    for (let n = 2; existsSync(to); n++) to = `${p}.orig.${n}`;
    renameSync(p, to);
    process.stderr.write(`vpsim: kept ${p} (not written by vpsim) as ${to}\n`);
  }
  try {
    writeFileAtomic(p, content);
  } catch (err) {
    throw envError(err, p);
  }
  owned.add(rel);
  return p;
}

/** Lines for `vpsim reproduce --list`: id, kind, paper reference, title, availability. */
export function listing(models: string[], root = PACKAGE_ROOT): string {
  const have = new Set(models);
  const rows = ITEMS.map((it) => {
    const missing = it.runs
      .map((k) => PINNED.find((p) => p.key === k)!)
      .map((p) => (!have.has(p.model) ? `model ${p.model} missing` : !existsSync(join(root, p.file)) ? `${p.file} missing` : ''))
      .filter((m) => m !== '');
    return [it.id, it.kind, it.paperRef, it.title, missing.length ? `not available yet (${[...new Set(missing)].join('; ')})` : 'available'];
  });
  rows.unshift(['ID', 'KIND', 'PAPER', 'TITLE', 'STATUS']);
  const w = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(w[i]) : c)).join('  ')).join('\n') + '\n';
}
