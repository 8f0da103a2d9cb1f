// --shard I/N (1-based), or N alone with the index from the scheduler's environment:
// Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX (0-based); Slurm arrays set
// SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN (so --array=0-3 and 1-4 both work).
import { InputError } from '../util/errors.js';
import type { Shard } from './plan.js';

export function parseShard(arg: string, env: Record<string, string | undefined>): Shard {
  const full = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(arg);
  const countOnly = /^\s*\/?\s*(\d+)\s*$/.exec(arg);
  let index: number;
  let count: number;
  if (full) {
    index = Number(full[1]);
    count = Number(full[2]);
  } else if (countOnly) {
    count = Number(countOnly[1]);
    index = indexFromEnv(env, arg);
  } else {
    throw new InputError('--shard', '', 'I/N (e.g. 1/4), or N with SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX set', JSON.stringify(arg));
  }
  if (count < 1) throw new InputError('--shard', '', 'a shard count N >= 1', `${index}/${count}`);
  if (index < 1 || index > count) throw new InputError('--shard', '', `a shard number I from 1 to ${count} (I/N is 1-based)`, `${index}/${count}`);
  return { index, count };
}

function indexFromEnv(env: Record<string, string | undefined>, arg: string): number {
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== '') {
    if (!/^\d+$/.test(k8s)) throw new InputError('JOB_COMPLETION_INDEX', '', 'a non-negative integer', JSON.stringify(k8s));
    return Number(k8s) + 1;
  }
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined && slurm !== '') {
    const min = env.SLURM_ARRAY_TASK_MIN ?? '0';
    if (!/^\d+$/.test(slurm) || !/^\d+$/.test(min)) throw new InputError('SLURM_ARRAY_TASK_ID', '', 'a non-negative integer', JSON.stringify(slurm));
    return Number(slurm) - Number(min) + 1;
  }
  throw new InputError('--shard', '', 'I/N, or N with SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX set', `${JSON.stringify(arg)} and neither variable set`);
}
