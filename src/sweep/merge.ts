// Merges shard output directories of one sweep into a single directory with the same layout as
// an unsharded sweep, and names the runs that no shard completed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeOutputDir } from '../output/out-dir.js';
import { IntegrityError, InputError } from '../util/errors.js';
import { MANIFEST, checkManifest, planDigest, readManifest, type Manifest } from './manifest.js';
import type { PlannedRun } from './plan.js';
import { RESULTS_CSV, RUNS_DIR, metricColumns, readRecords, resultsCsv, sealRecord, type RunRecord } from './results.js';

export interface MergeOutcome {
  out: string;
  manifest: Manifest;
  total: number;
  present: number;
  failed: number;
  errors: number;
  /** Runs without a record in any input. */
  missing: PlannedRun[];
  /** Runs whose only record is a crash (status error): to be re-run with --resume. */
  crashed: { run: PlannedRun; error: string }[];
}

export async function mergeSweeps(dirs: string[], out: string, warn: (m: string) => void = () => {}, opts: { force?: boolean } = {}): Promise<MergeOutcome> {
  if (dirs.length === 0) throw new InputError('merge', 'DIR', 'at least one sweep output directory', 'none');
  const outAbs = resolve(out);
  if (dirs.some((d) => resolve(d) === outAbs)) throw new InputError('--out', '', 'a directory other than the merged inputs', out);
  const manifests = dirs.map((d) => readManifest(d));
  // every input checks itself (its run list matches its sweep hash and plan digest) ...
  manifests.forEach((m, i) => checkManifest(m, join(dirs[i], MANIFEST)));
  const first = manifests[0];
  // ... and all of them are one sweep: one sweep hash, one plan
  const digest = planDigest(first.runs);
  manifests.forEach((m, i) => {
    if (m.sweepHash !== first.sweepHash) {
      throw new InputError(dirs[i], MANIFEST, `a shard of the same sweep as ${dirs[0]} (sweep ${first.name}, hash ${first.sweepHash.slice(0, 12)})`, `sweep ${m.name}, hash ${m.sweepHash.slice(0, 12)}`);
    }
    if (planDigest(m.runs) !== digest || m.baseHash !== first.baseHash || m.seed !== first.seed) {
      throw new IntegrityError(`${join(dirs[i], MANIFEST)}: the plan differs from ${join(dirs[0], MANIFEST)} although the sweep hash is the same`);
    }
  });
  const plan = first.runs;
  const merged = new Map<string, RunRecord>();
  const from = new Map<string, string>();
  for (const d of dirs) {
    for (const [id, rec] of readRecords(d, plan, warn, { strict: true, sweepHash: first.sweepHash })) {
      const prev = merged.get(id);
      if (prev && !preferNew(prev, rec, id, from.get(id)!, d)) continue;
      merged.set(id, rec);
      from.set(id, d);
    }
  }
  const records = [...merged.values()].sort((a, b) => a.index - b.index);
  const manifest: Manifest = { ...first, shard: null, planDigest: digest };
  await writeOutputDir(
    out,
    'sweep',
    (tmp) => {
      writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
      mkdirSync(join(tmp, RUNS_DIR));
      for (const r of records) writeFileSync(join(tmp, RUNS_DIR, `${r.runId}.json`), JSON.stringify(sealRecord(r, first.sweepHash), null, 2) + '\n');
      const cols = { parameters: first.parameters, metrics: metricColumns(records, first.metrics ?? undefined) };
      writeFileSync(join(tmp, RESULTS_CSV), resultsCsv(records, cols));
    },
    { force: opts.force, warn }
  );
  return {
    out,
    manifest,
    total: plan.length,
    present: records.length,
    failed: records.filter((r) => r.status === 'failed').length,
    errors: records.filter((r) => r.status === 'error').length,
    missing: plan.filter((r) => !merged.has(r.runId)),
    crashed: plan.filter((r) => merged.get(r.runId)?.status === 'error').map((run) => ({ run, error: merged.get(run.runId)!.error })),
  };
}

/** Two records of one run (overlapping shards, a re-run): keep a finished one; they must agree. */
function preferNew(a: RunRecord, b: RunRecord, id: string, da: string, db: string): boolean {
  if (a.status === 'error' && b.status !== 'error') return true;
  if (b.status === 'error' || a.status !== b.status) return false;
  const key = (r: RunRecord) => JSON.stringify([r.status, r.error, r.metrics, r.kpis]);
  if (key(a) !== key(b)) throw new IntegrityError(`run ${id} has different results in ${da} and ${db} (same runId and seed; the model is not deterministic or the versions differ)`);
  return false;
}
