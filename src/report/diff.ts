// `vpsim diff A B`: what differs between two runs: their resolved scenarios (scenario.resolved.yaml,
// or re-resolved from run.json's file, overrides and seed), their metrics and their KPIs, each
// number with its absolute and relative change. Wall-clock timings are never compared.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { InputError } from '../util/errors.js';
import { camelKeys } from '../output/json-keys.js';

export interface DiffEntry {
  path: string;
  a: unknown;
  b: unknown;
  /** b - a, for two numbers. */
  abs?: number;
  /** (b - a) / |a|, for two numbers with a != 0. */
  rel?: number | null;
}

export interface RunDiff {
  a: string;
  b: string;
  /** Where each side's scenario came from: 'resolved' (scenario.resolved.yaml), 'run.json' (re-resolved) or 'hash' (summary only). */
  scenarioSource: [string, string];
  scenario: DiffEntry[];
  metrics: DiffEntry[];
  kpis: DiffEntry[];
  identical: boolean;
}

/** Leaves of a JSON-like value by path (`a.b[2].c`); empty objects and lists are leaves too. */
export function flatten(v: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(v)) {
    if (v.length === 0) out[prefix] = [];
    v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v as object);
    if (keys.length === 0 && prefix) out[prefix] = {};
    for (const k of keys) flatten((v as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = v;
  return out;
}

export function diffValues(a: unknown, b: unknown): DiffEntry[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const paths = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort();
  const out: DiffEntry[] = [];
  for (const p of paths) {
    const x = fa[p];
    const y = fb[p];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    const e: DiffEntry = { path: p, a: x === undefined ? null : x, b: y === undefined ? null : y };
    if (typeof x === 'number' && typeof y === 'number') {
      e.abs = y - x;
      e.rel = x === 0 ? null : (y - x) / Math.abs(x);
    }
    out.push(e);
  }
  return out;
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(path, '', 'a readable JSON file', (err as Error).message.split('\n')[0]);
  }
}

/** A run's resolved scenario and where it came from. */
async function scenarioOf(dir: string, summary: Record<string, unknown>): Promise<{ value: unknown; source: string }> {
  const resolvedPath = join(dir, 'scenario.resolved.yaml');
  if (existsSync(resolvedPath)) return { value: YAML.parse(readFileSync(resolvedPath, 'utf8')), source: 'resolved' };
  const runJson = join(dir, 'run.json');
  if (existsSync(runJson)) {
    const r = readJson(runJson);
    if (typeof r.scenarioFile === 'string' && existsSync(r.scenarioFile)) {
      const { loadScenario } = await import('../models/registry.js');
      const set = Array.isArray(r.overrides) ? (r.overrides as string[]) : [];
      const loaded = await loadScenario(r.scenarioFile, { set, seed: typeof r.seed === 'number' ? r.seed : undefined, skipCheck: true });
      if (loaded.hash === summary.scenarioHash) return { value: loaded.scenario, source: 'run.json' };
    }
  }
  return { value: { scenarioHash: summary.scenarioHash, seed: summary.seed }, source: 'hash' };
}

export async function diffRuns(dirA: string, dirB: string): Promise<RunDiff> {
  const load = (d: string) => {
    const p = join(d, 'summary.json');
    if (!existsSync(p)) throw new InputError(d, '', 'a run directory (with summary.json)', existsSync(d) ? 'no summary.json' : 'no such directory');
    return readJson(p);
  };
  const sa = load(dirA);
  const sb = load(dirB);
  const [ca, cb] = [await scenarioOf(dirA, sa), await scenarioOf(dirB, sb)];
  // both resolved: compare fields; otherwise at least the hashes
  const scenario = ca.source !== 'hash' && cb.source !== 'hash' ? diffValues(ca.value, cb.value) : diffValues({ scenarioHash: sa.scenarioHash, seed: sa.seed }, { scenarioHash: sb.scenarioHash, seed: sb.seed });
  // summaries written before the camelCase keys (welfare_mu) compare under today's names (welfareMu)
  const metrics = diffValues(camelKeys(sa.metrics ?? {}, ['metrics']), camelKeys(sb.metrics ?? {}, ['metrics']));
  const kpis = diffValues(camelKeys(sa.kpis ?? {}, ['kpis']), camelKeys(sb.kpis ?? {}, ['kpis']));
  return { a: dirA, b: dirB, scenarioSource: [ca.source, cb.source], scenario, metrics, kpis, identical: scenario.length + metrics.length + kpis.length === 0 };
}

const show = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString()) : v === null ? '-' : JSON.stringify(v));

/** Rows for a text table: path, A, B, change, relative change. */
export function diffRows(entries: DiffEntry[]): string[][] {
  return entries.map((e) => [e.path, show(e.a), show(e.b), e.abs === undefined ? '' : (e.abs > 0 ? '+' : '') + show(e.abs), e.rel === undefined || e.rel === null ? '' : `${e.rel > 0 ? '+' : ''}${(100 * e.rel).toFixed(2)}%`]);
}
