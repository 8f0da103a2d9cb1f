// sweep.json: what a sweep output directory holds (the full plan, so `merge` can name missing
// runs without the sweep file), and which shard of it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic.js';
import { canonicalJson } from '../scenarios/merge.js';
import { readJsonBounded } from '../util/bounded-read.js';
import { InputError, IntegrityError } from '../util/errors.js';
import { runSeed } from './seed.js';
import { VERSION } from '../version.js';
import type { PlannedRun, Shard, SweepPlan } from './plan.js';

export const MANIFEST = 'sweep.json';

export interface Manifest {
  format: 'vpsim-sweep/1';
  name: string;
  model: string;
  scenario: string;
  baseHash: string;
  sweepHash: string;
  seed: number;
  design: string;
  replicates: number;
  parameters: string[];
  metrics: string[] | null;
  shard: Shard | null;
  version: string;
  /** SHA-256 of the canonical JSON of `runs`: an edited plan no longer matches. */
  planDigest?: string;
  runs: PlannedRun[];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function planDigest(runs: readonly PlannedRun[]): string {
  return sha256(canonicalJson(runs));
}

/** The sweep hash of a plan: of its (runId, seed) list (src/sweep/plan.ts). */
export function sweepHashOf(runs: readonly PlannedRun[]): string {
  return sha256(runs.map((r) => `${r.runId}:${r.seed}`).join('\n'));
}

/** Checks that a manifest's plan is the one its hashes name: exit 3 naming the file otherwise. */
export function checkManifest(m: Manifest, file: string): void {
  const bad = (why: string) => new IntegrityError(`${file}: ${why}`);
  if (typeof m.sweepHash !== 'string' || sweepHashOf(m.runs) !== m.sweepHash) throw bad('the run list does not match the sweep hash (runs added, removed or changed)');
  if (m.planDigest !== undefined && planDigest(m.runs) !== m.planDigest) throw bad('the plan does not match its digest (parameters changed)');
  m.runs.forEach((r, i) => {
    if (r.index !== i) throw bad(`run ${i} has index ${r.index}`);
    if (r.seed !== runSeed(m.seed, r.runId)) throw bad(`run ${r.runId} has seed ${r.seed}, not the one the sweep seed gives`);
  });
}

export function manifestOf(plan: SweepPlan, shard: Shard | null): Manifest {
  return {
    format: 'vpsim-sweep/1',
    name: plan.name,
    model: plan.model,
    scenario: plan.scenarioFile,
    baseHash: plan.baseHash,
    sweepHash: plan.sweepHash,
    seed: plan.seed,
    design: plan.design,
    replicates: plan.replicates,
    parameters: plan.parameters,
    metrics: plan.metrics ?? null,
    shard,
    version: VERSION,
    planDigest: planDigest(plan.runs),
    runs: plan.runs,
  };
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(m, null, 1) + '\n');
}

export function hasManifest(dir: string): boolean {
  return existsSync(join(dir, MANIFEST));
}

export function readManifest(dir: string): Manifest {
  const p = join(dir, MANIFEST);
  if (!existsSync(p)) throw new InputError(dir, '', `a sweep output directory containing ${MANIFEST}`, `no ${MANIFEST}`);
  const m = readJsonBounded(p, p, 'sweep manifest') as Manifest;
  if (m === null || typeof m !== 'object' || m.format !== 'vpsim-sweep/1') throw new InputError(p, 'format', '"vpsim-sweep/1"', JSON.stringify((m as Manifest | null)?.format));
  if (!Array.isArray(m.runs) || !m.runs.every((r) => r && typeof r === 'object' && typeof r.runId === 'string' && Number.isInteger(r.seed))) throw new InputError(p, 'runs', 'a list of planned runs', 'something else');
  return m;
}

export function shardLabel(s: Shard | null): string {
  return s ? `${s.index}/${s.count}` : 'all';
}
