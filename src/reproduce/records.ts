// Reads a run's records: from an in-memory RunResult, or from a run directory (summary.json,
// *.csv, events.jsonl). Figure builders only see RunRecords, so a figure drawn from a fresh run
// and one redrawn from exported files are the same.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { Row } from '../sim/recorder.js';
import type { RunResult } from '../models/run-scenario.js';
import { JsonLine, parseCsv } from '../output/csv.js';
import { MissingData, type RunRecords, type RunSet } from './types.js';

export function recordsFromResult(res: RunResult): RunRecords {
  return {
    name: res.summary.scenario,
    dir: res.dir,
    summary: res.summary,
    tables: res.output.tables,
    // a model may hand its events over as their serialized lines (JsonLine): parsed back here
    events: res.output.events ? Array.from(res.output.events, (e) => (e instanceof JsonLine ? e.toJSON() : e) as Record<string, unknown>) : undefined,
    scenario: res.scenario,
  };
}

/** Loads a run directory. Events are read when present (they are what K1-K10 come from). */
export function loadRunDir(dir: string): RunRecords {
  const summaryPath = join(dir, 'summary.json');
  if (!existsSync(summaryPath)) throw new MissingData(`${dir}: no summary.json (not a run directory)`);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunRecords['summary'];
  const tables: Record<string, Row[]> = {};
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.csv') && !f.startsWith('.')) tables[f.slice(0, -4)] = parseCsv(readFileSync(join(dir, f), 'utf8'));
  }
  let events: Record<string, unknown>[] | undefined;
  const ev = join(dir, 'events.jsonl');
  if (existsSync(ev)) {
    events = readFileSync(ev, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  return { name: summary.scenario ?? dir, dir, summary: { ...summary, kpis: summary.kpis ?? {}, metrics: summary.metrics ?? {} }, tables, events, scenario: resolvedScenario(dir) };
}

/** scenario.resolved.yaml of a run directory (written by `vpsim run`), when present and readable. */
export function resolvedScenario(dir: string): Record<string, unknown> | undefined {
  const p = join(dir, 'scenario.resolved.yaml');
  if (!existsSync(p)) return undefined;
  try {
    const doc = YAML.parse(readFileSync(p, 'utf8')) as unknown;
    return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export { parseCsv } from '../output/csv.js';

// ---- accessors that fail with a clear message -------------------------------------------------

export function run(runs: RunSet, key: string): RunRecords {
  const r = runs[key];
  if (!r) throw new MissingData(`run '${key}' is missing`);
  return r;
}

/** The first table present among `names` (models may name a table slightly differently). */
export function table(rec: RunRecords, ...names: string[]): Row[] {
  for (const n of names) {
    const t = rec.tables[n];
    if (t && t.length > 0) return t;
  }
  throw new MissingData(`run '${rec.name}' has no table ${names.map((n) => `${n}.csv`).join(' / ')}`);
}

export function hasTable(rec: RunRecords, name: string, columns: string[] = []): boolean {
  const t = rec.tables[name];
  return !!t && t.length > 0 && columns.every((c) => c in t[0]);
}

/** The first column present in `rows` among `candidates`. */
export function column(rows: Row[], what: string, ...candidates: string[]): string {
  const first = rows[0] ?? {};
  for (const c of candidates) if (c in first) return c;
  throw new MissingData(`table lacks a ${what} column (${candidates.join(' / ')}); has ${Object.keys(first).join(', ')}`);
}

/** A value at a dotted path (`kpis.K7.successRate`) in an object, or undefined. */
export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** The first finite number among dotted `paths` in a run's summary (`metrics.x`, `kpis.K7.y`). */
export function num(rec: RunRecords, ...paths: string[]): number | undefined {
  for (const p of paths) {
    const v = at(rec.summary, p);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}
