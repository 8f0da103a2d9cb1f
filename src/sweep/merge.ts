// Merges shard output directories of one sweep into a single directory with the same layout as
// an unsharded sweep, and names the runs that no shard completed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDirAtomic } from '../output/atomic.js';
import { IntegrityError, InputError } from '../util/errors.js';
import { MANIFEST, readManifest, type Manifest } from './manifest.js';
import type { PlannedRun } from './plan.js';
import { RESULTS_CSV, RUNS_DIR, metricColumns, readRecords, resultsCsv, type RunRecord } from './results.js';

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

export async function mergeSweeps(dirs: string[], out: string, warn: (m: string) => void = () => {}): Promise<MergeOutcome> {
  if (dirs.length === 0) throw new InputError('merge', 'DIR', 'at least one sweep output directory', 'none');
  const manifests = dirs.map((d) => readManifest(d));
  const first = manifests[0];
  manifests.forEach((m, i) => {
    if (m.sweepHash !== first.sweepHash) {
      throw new InputError(dirs[i], MANIFEST, `a shard of the same sweep as ${dirs[0]} (sweep ${first.name}, hash ${first.sweepHash.slice(0, 12)})`, `sweep ${m.name}, hash ${m.sweepHash.slice(0, 12)}`);
    }
  });
  const plan = first.runs;
  const merged = new Map<string, RunRecord>();
  const from = new Map<string, string>();
  for (const d of dirs) {
    for (const [id, rec] of readRecords(d, plan, warn)) {
      const prev = merged.get(id);
      if (prev && !preferNew(prev, rec, id, from.get(id)!, d)) continue;
      merged.set(id, rec);
      from.set(id, d);
    }
  }
  const records = [...merged.values()].sort((a, b) => a.index - b.index);
  const outAbs = resolve(out);
  if (dirs.some((d) => resolve(d) === outAbs)) throw new InputError('--out', '', 'a directory other than the merged inputs', out);
  const manifest: Manifest = { ...first, shard: null };
  await writeDirAtomic(out, (tmp) => {
    writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
    mkdirSync(join(tmp, RUNS_DIR));
    for (const r of records) writeFileSync(join(tmp, RUNS_DIR, `${r.runId}.json`), JSON.stringify(r, null, 2) + '\n');
    const cols = { parameters: first.parameters, metrics: metricColumns(records, first.metrics ?? undefined) };
    writeFileSync(join(tmp, RESULTS_CSV), resultsCsv(records, cols));
  });
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
