// Per-run records (runs/<runId>.json) and the results.csv built from them.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { isPlainObject } from '../scenarios/merge.js';
import type { RunReply, RunStatus } from './execute.js';
import type { PlannedRun } from './plan.js';

/** A finished run as stored in runs/<runId>.json: the worker's reply plus its place in the plan. */
export interface RunRecord extends RunReply {
  index: number;
  replicate: number;
  seed: number;
  parameters: Record<string, unknown>;
}

export const RUNS_DIR = 'runs';
export const RESULTS_CSV = 'results.csv';

export function recordPath(dir: string, runId: string): string {
  return join(dir, RUNS_DIR, `${runId}.json`);
}

/** Runs that need no re-run: finished, or failed on invalid input (which would fail again). */
export function isComplete(r: RunRecord): boolean {
  return r.status === 'ok' || r.status === 'failed';
}

/**
 * Reads the run records of `dir` that belong to `runs` (same runId and seed). Leftover temporary
 * files of an interrupted write are removed; unreadable files are reported, never trusted.
 */
export function readRecords(dir: string, runs: PlannedRun[], warn: (m: string) => void = () => {}): Map<string, RunRecord> {
  const out = new Map<string, RunRecord>();
  const rdir = join(dir, RUNS_DIR);
  if (!existsSync(rdir)) return out;
  const byId = new Map(runs.map((r) => [r.runId, r]));
  let foreign = 0;
  for (const f of readdirSync(rdir).sort()) {
    if (f.startsWith('.') && f.endsWith('.tmp')) {
      rmSync(join(rdir, f), { force: true });
      continue;
    }
    if (!f.endsWith('.json')) continue;
    let rec: RunRecord;
    try {
      rec = JSON.parse(readFileSync(join(rdir, f), 'utf8'));
    } catch {
      warn(`ignoring unreadable run file ${join(rdir, f)}`);
      continue;
    }
    const planned = isPlainObject(rec) ? byId.get(rec.runId) : undefined;
    if (!planned || `${rec.runId}.json` !== f || rec.seed !== planned.seed || !['ok', 'failed', 'error'].includes(rec.status)) {
      foreign++;
      continue;
    }
    out.set(rec.runId, { ...rec, index: planned.index });
  }
  if (foreign > 0) warn(`ignoring ${foreign} run file(s) in ${rdir} that are not runs of this sweep (shard)`);
  return out;
}

/** Numeric leaves (numbers, and null for "not available") of metrics and kpis, as dotted names. */
export function numericLeaves(r: RunRecord): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (v: unknown, name: string) => {
    if (typeof v === 'number' || v === null) out.set(name, v);
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walk(x, `${name}.${k}`);
  };
  walk(r.metrics ?? {}, 'metrics');
  walk(r.kpis ?? {}, 'kpis');
  return out;
}

/**
 * Metrics that are wall-clock measurements (documented exceptions to determinism, README). They
 * are results.csv columns only when `metrics:` names them, so a default results.csv is the same
 * bytes on every machine.
 */
export const WALL_CLOCK_METRICS = ['metrics.decisionLatencyMs'];

const isWallClock = (c: string) => WALL_CLOCK_METRICS.some((w) => c === w || c.startsWith(w + '.'));

/**
 * Metric columns: the selected paths (a leaf, or a subtree meaning all its leaves) in the order
 * selected, else every leaf; leaves in first-seen order over the records in plan order.
 */
export function metricColumns(records: RunRecord[], select?: string[]): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  const add = (c: string) => {
    if (!seen.has(c)) {
      seen.add(c);
      cols.push(c);
    }
  };
  const leaves = [...records].sort((a, b) => a.index - b.index).map(numericLeaves);
  if (!select) {
    for (const l of leaves) for (const k of l.keys()) if (!isWallClock(k)) add(k);
    return cols;
  }
  for (const sel of select) {
    const under = leaves.flatMap((l) => [...l.keys()].filter((k) => k === sel || k.startsWith(sel + '.')));
    if (under.length === 0) add(sel); // a named column stays, empty, so the header never depends on data
    for (const k of under) add(k);
  }
  return cols;
}

export interface Columns {
  parameters: string[];
  metrics: string[];
}

export function header(c: Columns): string[] {
  return ['runId', 'replicate', 'seed', ...c.parameters, ...c.metrics, 'status', 'error'];
}

function cell(v: unknown): string | number {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

export function rowOf(r: RunRecord, c: Columns): (string | number)[] {
  const leaves = numericLeaves(r);
  return [
    r.runId,
    r.replicate,
    r.seed,
    ...c.parameters.map((p) => cell(r.parameters[p])),
    ...c.metrics.map((m) => cell(leaves.get(m))),
    r.status,
    r.error,
  ];
}

export function csvLines(rows: (string | number)[][]): string {
  return rows.length === 0 ? '' : stringify(rows);
}

/** The whole results.csv: header plus one row per record in plan order. */
export function resultsCsv(records: RunRecord[], c: Columns): string {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  return csvLines([header(c), ...sorted.map((r) => rowOf(r, c))]);
}
