// Runs a sweep (or one shard of it) into an output directory:
//   sweep.json            the plan and the shard
//   runs/<runId>.json     one record per finished run, written atomically
//   results.csv           one row per finished run, appended as runs finish (after their JSON
//                         exists), rewritten in plan order at the end and rebuilt on --resume
import { appendFileSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../output/atomic.js';
import { claimOutputDir, writeMarker } from '../output/out-dir.js';
import { envError } from '../util/env-error.js';
import { InputError } from '../util/errors.js';
import { acquireLock } from './lock.js';
import { executeRun, type RunReply, type RunTask } from './execute.js';
import { hasManifest, manifestOf, readManifest, shardLabel, writeManifest } from './manifest.js';
import { planSweep, setArg, shardRuns, type PlannedRun, type Shard, type SweepPlan } from './plan.js';
import { runOnPool, startWorkers } from './pool.js';
import type { Worker } from 'node:worker_threads';
import { createProgress } from './progress.js';
import { RESULTS_CSV, RUNS_DIR, csvLines, isComplete, metricColumns, readRecords, recordPath, resultsCsv, rowOf, sealRecord, type Columns, type RunRecord } from './results.js';

export interface SweepOptions {
  /** Worker threads; 0 runs in the main thread. Default: the number of cores. */
  workers?: number;
  shard?: Shard;
  out?: string;
  resume?: boolean;
  quiet?: boolean;
  /** Write into a directory that is not an earlier output of this sweep; replaces an earlier sweep output (only vpsim's files). */
  force?: boolean;
}

export interface SweepOutcome {
  dir: string;
  plan: SweepPlan;
  /** Runs in this shard. */
  total: number;
  /** Complete from an earlier attempt (--resume). */
  skipped: number;
  ran: number;
  ok: number;
  failed: number;
  errors: number;
  wallMs: number;
}

export function defaultOut(name: string, shard?: Shard): string {
  return join('out', 'sweeps', shard ? `${name}-shard-${shard.index}-of-${shard.count}` : name);
}

export async function runSweep(file: string, opts: SweepOptions = {}): Promise<SweepOutcome> {
  const t0 = performance.now();
  const script = new URL('./worker.js', import.meta.url);
  const requested = opts.workers ?? availableParallelism();
  // Workers start while the main thread plans; they are handed to the pool or terminated. With 2
  // or more at a time the main thread runs one of them (see executeLocked), so one fewer is started.
  const started = Number.isInteger(requested) && requested > 0 ? startWorkers(requested >= 2 ? requested - 1 : requested, script) : [];
  try {
    const plan = await planSweep(file);
    return await executeSweep(plan, opts, started, script, t0);
  } finally {
    await Promise.all(started.map((w) => w.terminate())); // no-op for the ones the pool already ended
  }
}

async function executeSweep(plan: SweepPlan, opts: SweepOptions, started: Worker[], script: URL, t0: number): Promise<SweepOutcome> {
  const shard = opts.shard ?? null;
  if (shard && (!Number.isInteger(shard.index) || !Number.isInteger(shard.count) || shard.count < 1 || shard.index < 1 || shard.index > shard.count)) {
    throw new InputError('--shard', '', 'I/N with 1 <= I <= N', `${shard.index}/${shard.count}`);
  }
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0) throw new InputError('--workers', '', 'a non-negative integer', String(opts.workers));
  const dir = opts.out ?? defaultOut(plan.name, opts.shard);
  const warn = opts.quiet ? () => {} : (m: string) => process.stderr.write(`vpsim sweep: ${m}\n`);

  // the output policy (absent, empty or an earlier sweep output; never a foreign directory), then
  // the one-writer lock (exclusive create), then the checks that depend on what is there
  const legacy = hasManifest(dir) && !opts.force;
  claimOutputDir(dir, 'sweep', { force: opts.force || legacy });
  const lock = acquireLock(dir);
  try {
    return await executeLocked(plan, opts, started, script, t0, dir, shard, workers, warn);
  } finally {
    lock.release();
  }
}

async function executeLocked(plan: SweepPlan, opts: SweepOptions, started: Worker[], script: URL, t0: number, dir: string, shard: Shard | null, workers: number, warn: (m: string) => void): Promise<SweepOutcome> {
  if (hasManifest(dir)) {
    const old = readManifest(dir);
    if (!opts.resume && !opts.force) throw new InputError(dir, '', 'a new output directory (or --resume to continue the sweep in it, --force to replace it)', 'a directory holding sweep results');
    if (!opts.resume) removeOldSweep(dir, old.runs.map((r) => r.runId));
    else if (shardLabel(old.shard) !== shardLabel(shard)) {
      throw new InputError(dir, 'shard', `shard ${shardLabel(shard)} (the directory holds shard ${shardLabel(old.shard)})`, `--shard ${shardLabel(shard)}`);
    } else if (old.sweepHash !== plan.sweepHash) warn(`the sweep changed since ${dir} was written; runs still in the plan are kept, the others ignored`);
  }
  const mine = shardRuns(plan.runs, opts.shard);
  const records = opts.resume ? readRecords(dir, mine, warn, { sweepHash: plan.sweepHash }) : new Map<string, RunRecord>();
  for (const [id, r] of records) if (!isComplete(r)) records.delete(id); // crashed runs are retried
  try {
    mkdirSync(join(dir, RUNS_DIR), { recursive: true });
    writeManifest(dir, manifestOf(plan, shard));
    writeMarker(dir, { kind: 'sweep', files: [MANIFEST_FILE, RESULTS_CSV] });
  } catch (err) {
    throw envError(err, dir);
  }

  const csvPath = join(dir, RESULTS_CSV);
  let cols: Columns | undefined;
  const startCsv = (recs: RunRecord[]) => {
    cols = { parameters: plan.parameters, metrics: metricColumns(recs, plan.metrics) };
    writeFileAtomic(csvPath, resultsCsv(recs, cols));
  };
  // Rebuilt from the per-run JSONs: a half-written last line of an interrupted attempt is dropped.
  if (records.size > 0 || plan.metrics) startCsv([...records.values()]);

  const todo = mine.filter((r) => !records.has(r.runId));
  const skipped = records.size;
  const progress = await createProgress({ label: `sweep ${plan.name}${shard ? ` shard ${shardLabel(shard)}` : ''}`, total: mine.length, done: records.size, quiet: opts.quiet });
  const counts = { ok: 0, failed: 0, error: 0 };

  const byId = new Map(mine.map((r) => [r.runId, r]));
  const onResult = (task: RunTask, reply: RunReply) => {
    const run = byId.get(task.runId)!;
    const rec = sealRecord(toRecord(run, reply), plan.sweepHash);
    // The JSON first: a row in results.csv always has its record on disk.
    writeFileAtomic(recordPath(dir, rec.runId), JSON.stringify(rec, null, 2) + '\n');
    records.set(rec.runId, rec);
    if (!cols) startCsv([rec]);
    else appendFileSync(csvPath, csvLines([rowOf(rec, cols)]));
    counts[rec.status]++;
    progress.tick(rec.status);
  };
  const tasks = todo.map((r): RunTask => ({
    runId: r.runId,
    scenarioFile: plan.scenarioFile,
    set: [...plan.fixedSet, ...Object.entries(r.params).map(([p, v]) => setArg(p, v))],
    seed: r.seed,
  }));
  try {
    if (workers === 0) {
      if (plan.timeoutS !== undefined) warn('timeoutS is not enforced with --workers 0');
      for (const t of tasks) onResult(t, await executeRun(t));
    } else {
      const onCrash = (t: RunTask, err: Error): RunReply => ({ runId: t.runId, status: 'error', error: err.message.startsWith('timed out') ? err.message : `worker crashed: ${err.message}`, metrics: {}, kpis: {}, timings: {} });
      const timeoutMs = plan.timeoutS !== undefined ? plan.timeoutS * 1000 : undefined;
      // N at a time: with N >= 2 the main thread is one of them (N - 1 worker threads) instead of
      // waiting for replies; runs with a timeout all go to workers, which can be stopped.
      const inline = workers >= 2 && timeoutMs === undefined ? executeRun : undefined;
      await runOnPool(tasks, { size: inline ? workers - 1 : workers, script, onCrash, timeoutMs, started, inline }, onResult);
    }
  } finally {
    progress.stop();
  }
  // Final form: every record of the shard in plan order, columns from all of them.
  startCsv([...records.values()]);
  return {
    dir,
    plan,
    total: mine.length,
    skipped,
    ran: tasks.length,
    ok: counts.ok,
    failed: counts.failed,
    errors: counts.error,
    wallMs: performance.now() - t0,
  };
}

const MANIFEST_FILE = 'sweep.json';

/** --force over an earlier sweep output: removes only what that sweep wrote (its records, sweep.json, results.csv). */
function removeOldSweep(dir: string, runIds: string[]): void {
  const ids = new Set(runIds.map((id) => `${id}.json`));
  const rdir = join(dir, RUNS_DIR);
  let names: string[] = [];
  try {
    names = readdirSync(rdir);
  } catch {
    names = [];
  }
  for (const f of names) if (ids.has(f)) unlinkSync(join(rdir, f));
  for (const f of [RESULTS_CSV, MANIFEST_FILE]) {
    try {
      unlinkSync(join(dir, f));
    } catch {
      /* not there */
    }
  }
}

function toRecord(run: PlannedRun, reply: RunReply): RunRecord {
  return {
    runId: run.runId,
    index: run.index,
    replicate: run.replicate,
    seed: run.seed,
    parameters: run.params,
    status: reply.status,
    error: reply.error,
    scenario: reply.scenario,
    scenarioHash: reply.scenarioHash,
    version: reply.version,
    metrics: reply.metrics,
    kpis: reply.kpis,
    timings: reply.timings,
  };
}
