// sweep.json: what a sweep output directory holds (the full plan, so `merge` can name missing
// runs without the sweep file), and which shard of it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic.js';
import { InputError } from '../util/errors.js';
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
  runs: PlannedRun[];
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
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(p, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(dir, '', `a sweep output directory containing ${MANIFEST}`, code === 'ENOENT' ? `no ${MANIFEST}` : `an unreadable ${MANIFEST}`);
  }
  if (m?.format !== 'vpsim-sweep/1' || !Array.isArray(m.runs)) throw new InputError(p, 'format', '"vpsim-sweep/1"', JSON.stringify(m?.format));
  return m;
}

export function shardLabel(s: Shard | null): string {
  return s ? `${s.index}/${s.count}` : 'all';
}
