// templates/slurm-sweep.sh without a cluster: the script, run with the variables Slurm sets for
// each array task, writes shards that partition the sweep; a partial resubmission with SHARDS
// continues the right shard; the header's merge command gives the unsharded results.csv.
// (scripts/slurm-e2e.sh submits the same file to a real Slurm cluster; .ci/run runs it.)
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { cleanEnv, expectPartition, expectSameResults, referenceSweep, sh } from '../helpers/shards.js';

const FILE = join(ROOT, 'templates', 'slurm-sweep.sh');
const text = readFileSync(FILE, 'utf8');
const SWEEP = 'scenarios/sweeps/mm1-smoke.yaml';
const directives = text.split('\n').filter((l) => l.startsWith('#SBATCH ')).map((l) => l.slice('#SBATCH '.length));
const directive = (name: string) => directives.find((d) => d.startsWith(`--${name}`))?.split('=')[1];

/** The environment slurmd gives array task `id` of an array submitted with --array=min-max. */
function arrayTaskEnv(id: number, min: number, max: number, count = max - min + 1): Record<string, string> {
  return {
    SLURM_JOB_ID: String(1000 + id),
    SLURM_ARRAY_JOB_ID: '999',
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_MAX: String(max),
    SLURM_ARRAY_TASK_COUNT: String(count),
    SLURM_CPUS_PER_TASK: '1',
    SLURM_SUBMIT_DIR: ROOT,
  };
}

describe('templates/slurm-sweep.sh', () => {
  let work: string;
  let full: string;
  beforeAll(() => {
    work = tempDir('vpsim-slurm-');
    full = referenceSweep(SWEEP, join(work, 'full'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const task = (out: string, env: Record<string, string>) => sh(`bash ${JSON.stringify(FILE)}`, { cwd: work, env: cleanEnv({ SWEEP, OUT: out, ...env }) });

  it('is an array job that can be requeued, logging per task, counting shards from 0', () => {
    expect(text.startsWith('#!/bin/bash\n')).toBe(true);
    expect(directive('array')).toMatch(/^0-\d+$/);
    expect(directives).toContain('--requeue');
    expect(directive('output')).toContain('%A_%a');
    expect(text).toContain('--resume');
  });

  it('array tasks 0..3 write shards that partition the sweep; the merge command in its header gives the unsharded results.csv', () => {
    const out = join(work, 'array');
    for (let k = 0; k < 4; k++) {
      const r = task(out, arrayTaskEnv(k, 0, 3));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`shard ${k + 1}/4:`);
    }
    expectPartition(full, [0, 1, 2, 3].map((k) => join(out, `shard-${k}`)));
    const merge = /--wrap '([^']+)'/.exec(text)?.[1];
    expect(merge, 'the header gives the merge job as sbatch --wrap').toBeDefined();
    const m = sh(merge!, { cwd: ROOT, env: cleanEnv({ OUT: out }) });
    expect(m.code, m.stderr).toBe(0);
    expectSameResults(full, join(out, 'merged'));
  });

  it('resubmitting one index with SHARDS=N continues that shard; without SHARDS it stops with exit 2', () => {
    const out = join(work, 'resubmit');
    for (const k of [0, 1, 3]) expect(task(out, arrayTaskEnv(k, 0, 3)).code).toBe(0);
    // sbatch --array=2: Slurm reports a 1-task array whose only index is 2.
    const lone = arrayTaskEnv(2, 2, 2);
    const wrong = task(out, lone);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/a shard number I from 1 to 1 .*found 3\/1/);
    const r = task(out, { ...lone, SHARDS: '4' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('shard 3/4:');
    expectPartition(full, [0, 1, 2, 3].map((k) => join(out, `shard-${k}`)));
    // A requeued task (same index again) resumes: it runs nothing twice.
    const again = task(out, { ...lone, SHARDS: '4' });
    expect(again.stdout).toMatch(/\(0 ok, 0 failed, \d+ already complete\)/);
  });

  it('stops with a message when SWEEP is not set', () => {
    const r = sh(`bash ${JSON.stringify(FILE)}`, { cwd: work, env: cleanEnv(arrayTaskEnv(0, 0, 3)) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('set SWEEP to the sweep file');
  });
});
