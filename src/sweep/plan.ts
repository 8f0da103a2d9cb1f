// The run plan of a sweep: every (design point, replicate) pair with its stable runId and seed,
// checked against the base scenario before anything runs, and split into deterministic shards.
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { loadScenario } from '../models/registry.js';
import { canonicalJson } from '../scenarios/merge.js';
import { parseSet } from '../scenarios/load.js';
import { valueAt } from '../scenarios/zod-issue.js';
import { InputError, InputErrors } from '../util/errors.js';
import { buildDesign } from './design.js';
import { MAX_RUNS, readSweepFile, type Design } from './schema.js';

export interface PlannedRun {
  /** Position in the plan (0-based); shards and results.csv follow this order. */
  index: number;
  runId: string;
  replicate: number;
  seed: number;
  params: Record<string, unknown>;
}

export interface SweepPlan {
  name: string;
  file: string;
  /** Absolute path of the base scenario. */
  scenarioFile: string;
  /** Hash of the resolved base scenario (with the sweep's fixed `set:` applied). */
  baseHash: string;
  model: string;
  seed: number;
  design: Design;
  replicates: number;
  /** Fixed overrides as `a.b=<json>` strings, applied before the parameters. */
  fixedSet: string[];
  /** Parameter paths in column order. */
  parameters: string[];
  metrics?: string[];
  /** Per-run wall-clock limit, seconds (worker threads only). */
  timeoutS?: number;
  /** Hash of the list of (runId, seed): equal plans run equal runs. */
  sweepHash: string;
  runs: PlannedRun[];
}

export interface Shard {
  /** 1-based shard number. */
  index: number;
  count: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export { runSeed } from './seed.js';
import { runSeed } from './seed.js';

export function setArg(path: string, value: unknown): string {
  return `${path}=${JSON.stringify(value)}`;
}

export async function planSweep(file: string): Promise<SweepPlan> {
  const sw = readSweepFile(file);
  const points = buildDesign(file, sw);
  const scenarioFile = resolve(dirname(resolve(file)), sw.scenario);
  const fixedSet = Object.entries(sw.set ?? {}).map(([p, v]) => setArg(p, v));
  let base;
  try {
    base = await loadScenario(scenarioFile, { set: fixedSet });
  } catch (err) {
    if (!(err instanceof InputError) && !(err instanceof InputErrors)) throw err;
    // A problem in a fixed override is the sweep file's fault: name its field there.
    const asSweep = (e: InputError) => {
      const m = /^--set ([^=]+)/.exec(e.file);
      if (m) return new InputError(file, `set.${m[1]}`, e.expected, e.found);
      return new InputError(file, 'scenario', `a valid base scenario (${e.message})`, JSON.stringify(sw.scenario));
    };
    if (err instanceof InputErrors) throw new InputErrors(err.problems.map(asSweep));
    throw asSweep(err);
  }

  const parameters: string[] = [];
  const where = new Map<string, string>();
  points.forEach((pt, i) => {
    for (const p of Object.keys(pt.params)) {
      if (!where.has(p)) {
        parameters.push(p);
        where.set(p, sw.design === 'list' ? `points[${i}].${p}` : `parameters.${p}`);
      }
    }
  });
  for (const p of parameters) {
    const first = points.find((pt) => p in pt.params)!.params[p];
    await checkParameterPath(file, where.get(p)!, p, first, scenarioFile, fixedSet, base.scenario);
  }

  const total = points.length * sw.replicates;
  if (total > MAX_RUNS) throw new InputError(file, 'replicates', `at most ${MAX_RUNS} runs in all`, `${points.length} points x ${sw.replicates} replicates`);
  const runs: PlannedRun[] = [];
  const seen = new Map<string, number>();
  points.forEach((pt, i) => {
    for (let r = 0; r < sw.replicates; r++) {
      const key: Record<string, unknown> = { scenario: base.hash, params: pt.params, replicate: r };
      if (pt.sample !== undefined) key.sample = pt.sample;
      const runId = sha256(canonicalJson(key)).slice(0, 16);
      const dup = seen.get(runId);
      if (dup !== undefined) {
        const at = sw.design === 'list' ? `points[${i}]` : 'parameters';
        throw new InputError(file, at, 'distinct design points', `point ${i} repeats point ${dup} (${JSON.stringify(pt.params)})`);
      }
      seen.set(runId, i);
      // common random numbers: the seed depends on the replicate only, so design points differ in their parameters alone
      const seed = sw.seeds === 'common' ? runSeed(sw.seed, `replicate:${r}`) : runSeed(sw.seed, runId);
      runs.push({ index: runs.length, runId, replicate: r, seed, params: pt.params });
    }
  });
  return {
    name: sw.name,
    file,
    scenarioFile,
    baseHash: base.hash,
    model: base.scenario.model,
    seed: sw.seed,
    design: sw.design,
    replicates: sw.replicates,
    fixedSet,
    parameters,
    metrics: sw.metrics,
    timeoutS: sw.timeoutS,
    sweepHash: sha256(runs.map((r) => `${r.runId}:${r.seed}`).join('\n')),
    runs,
  };
}

/**
 * A parameter path must name a field of the scenario: either present in the resolved base (with
 * defaults), or accepted by the model's schema when set. A bad *value* is not an error here: it
 * makes that run fail and is recorded as such.
 */
async function checkParameterPath(file: string, at: string, path: string, value: unknown, scenarioFile: string, fixedSet: string[], resolved: { model: string }): Promise<void> {
  if (valueAt(resolved, parseSet(`${path}=0`).path) !== undefined) return;
  const model = resolved.model;
  try {
    await loadScenario(scenarioFile, { set: [...fixedSet, setArg(path, value)] });
  } catch (caught) {
    if (!(caught instanceof InputError) && !(caught instanceof InputErrors)) throw caught;
    const err = caught instanceof InputErrors ? caught.problems[0] : caught;
    const expected = `a field of the base scenario (model ${model})`;
    const parent = err.path.split('.').slice(0, -1).join('.');
    if (err.found.startsWith('unknown field')) throw new InputError(file, at, expected, `no ${err.found.replace(/^unknown /, '')} in ${parent || 'the scenario'}`);
    if (err.expected.includes('an object with fields')) throw new InputError(file, at, expected, `${err.path} = ${err.found}, not an object`);
    if (err.expected.includes('an index below')) throw new InputError(file, at, expected, `${err.path}: ${err.expected}, found ${err.found}`);
  }
}

/**
 * Loads every design point's scenario (fixed `set`, then the point's parameters) with all the
 * checks `run` makes, and returns the problems, each naming the point. `sweep --dry-run` reports
 * them all before anything runs; a real sweep records them as failed runs instead.
 */
export async function checkDesignPoints(plan: SweepPlan): Promise<InputError[]> {
  const problems: InputError[] = [];
  const seen = new Set<string>();
  let point = -1;
  for (const r of plan.runs) {
    const key = canonicalJson(r.params);
    if (seen.has(key)) continue;
    seen.add(key);
    point++;
    try {
      await loadScenario(plan.scenarioFile, { set: [...plan.fixedSet, ...Object.entries(r.params).map(([p, v]) => setArg(p, v))] });
    } catch (err) {
      if (!(err instanceof InputError) && !(err instanceof InputErrors)) throw err;
      for (const e of err instanceof InputErrors ? err.problems : [err]) {
        problems.push(new InputError(plan.file, `design point ${point} ${JSON.stringify(r.params)}: ${e.path}`, e.expected, e.found));
      }
    }
  }
  return problems;
}

export function shardRuns(runs: PlannedRun[], shard?: Shard): PlannedRun[] {
  if (!shard) return runs;
  // Round-robin, so every shard gets a similar mix of cheap and expensive design points.
  return runs.filter((r) => r.index % shard.count === shard.index - 1);
}
