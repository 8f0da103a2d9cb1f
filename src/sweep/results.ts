// Per-run records (runs/<runId>.json) and the results.csv built from them.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { canonicalJson, isPlainObject } from '../scenarios/merge.js';
import { readJsonBounded } from '../util/bounded-read.js';
import { IntegrityError, InputError } from '../util/errors.js';
import type { RunReply, RunStatus } from './execute.js';
import type { PlannedRun } from './plan.js';

/** A finished run as stored in runs/<runId>.json: the worker's reply plus its place in the plan. */
export interface RunRecord extends RunReply {
  index: number;
  replicate: number;
  seed: number;
  parameters: Record<string, unknown>;
  /** The sweep this record belongs to (sweep.json sweepHash). */
  sweepHash?: string;
  /** SHA-256 of the record's canonical JSON without this field: an edited record no longer matches. */
  digest?: string;
}

/** SHA-256 of the canonical JSON of the record without `digest`, `index` (a position) and `timings` (wall-clock). */
export function recordDigest(r: RunRecord): string {
  const { digest: _d, index: _i, timings: _t, ...rest } = r;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The record as written: with its sweep hash and content digest. */
export function sealRecord(r: RunRecord, sweepHash: string): RunRecord {
  const { digest: _d, ...rest } = r;
  const withHash: RunRecord = { ...rest, sweepHash };
  return { ...withHash, digest: recordDigest(withHash) };
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
 * files of an interrupted write are removed. Every record must check itself: its runId, seed,
 * parameters and sweep hash match the plan and its digest matches its content. With `strict`
 * (merge) a record that fails is an error (exit 3; exit 2 when it is not a readable file); else
 * (--resume) it is reported and its run is run again.
 */
export function readRecords(dir: string, runs: PlannedRun[], warn: (m: string) => void = () => {}, opts: { strict?: boolean; sweepHash?: string } = {}): Map<string, RunRecord> {
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
    const path = join(rdir, f);
    const kind = entryKind(path);
    // a directory (FIFO, socket, device) where a record belongs: --resume could not write the
    // record there, and vpsim never removes what it did not write
    if (kind === 'nothing') continue;
    if (kind !== 'file' && kind !== 'symlink') throw new InputError(path, '', 'a regular file (run record) or nothing', kind);
    let rec: RunRecord;
    try {
      rec = readJsonBounded(path, path, 'run record') as RunRecord;
    } catch (err) {
      if (opts.strict) throw err;
      warn(`ignoring unreadable run file ${path} (${(err as Error).message}); its run is run again`);
      continue;
    }
    const planned = isPlainObject(rec) && typeof rec.runId === 'string' ? byId.get(rec.runId) : undefined;
    if (!planned) {
      if (opts.strict && isPlainObject(rec) && `${rec.runId}.json` === f) throw new IntegrityError(`${path}: run ${String(rec.runId)} is not in the plan of this sweep (sweep.json)`);
      if (opts.strict && !isPlainObject(rec)) throw new InputError(path, '', 'a run record (JSON object)', 'something else');
      if (!isPlainObject(rec)) {
        warn(`ignoring ${path}: not a run record (a JSON object)${byId.has(f.slice(0, -5)) ? '; its run is run again' : ''}`);
        continue;
      }
      foreign++;
      continue;
    }
    const problem = recordProblem(rec, f, planned, opts.sweepHash);
    if (problem) {
      if (opts.strict) throw new IntegrityError(`${path}: ${problem}`);
      warn(`${path}: ${problem}; its run is run again`);
      continue;
    }
    out.set(rec.runId, { ...rec, index: planned.index });
  }
  if (foreign > 0) warn(`ignoring ${foreign} run file(s) in ${rdir} that are not runs of this sweep (shard)`);
  return out;
}

function entryKind(path: string): string {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return 'nothing';
  if (st.isFile()) return 'file';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}

/** Why a record does not check itself against its plan entry, or null. */
export function recordProblem(rec: RunRecord, file: string, planned: PlannedRun, sweepHash?: string): string | null {
  if (`${rec.runId}.json` !== file) return `file name does not match runId ${rec.runId}`;
  if (rec.seed !== planned.seed) return `seed ${rec.seed} but the plan says ${planned.seed}`;
  if (!['ok', 'failed', 'error'].includes(rec.status)) return `status ${JSON.stringify(rec.status)} is not ok, failed or error`;
  if (canonicalJson(rec.parameters ?? null) !== canonicalJson(planned.params)) return 'parameters differ from the plan';
  if (rec.replicate !== planned.replicate) return 'replicate differs from the plan';
  if (sweepHash !== undefined && rec.sweepHash !== sweepHash) return `sweep hash ${String(rec.sweepHash).slice(0, 12)} is not this sweep's ${sweepHash.slice(0, 12)}`;
  if (typeof rec.digest !== 'string') return 'no content digest (written by an older vpsim or edited)';
  if (recordDigest(rec) !== rec.digest) return 'content digest mismatch (the record was altered)';
  return null;
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
