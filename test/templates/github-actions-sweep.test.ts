// templates/github-actions-sweep.yml: valid against the GitHub workflow schema (action-validator),
// the matrix is 1..SHARDS within GitHub's 256-job limit, artifacts uploaded by the shard jobs are
// the ones the merge job downloads, and the run steps, expanded for each matrix value as the
// runner expands them, produce shards that partition the sweep and merge into the unsharded result.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, tempDir } from '../helpers/cli.js';
import { cleanEnv, expectPartition, expectSameResults, fakeCheckout, referenceSweep, sh } from '../helpers/shards.js';

const FILE = join(ROOT, 'templates', 'github-actions-sweep.yml');
const text = readFileSync(FILE, 'utf8');
/** GitHub's limit on the jobs one matrix may generate. */
const MATRIX_LIMIT = 256;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface JobDef {
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown[]> };
  steps: Step[];
}
interface Workflow {
  env: Record<string, string | number>;
  on: { workflow_dispatch: { inputs: Record<string, { default?: string }> } };
  jobs: Record<string, JobDef>;
}
const wf = parse(text) as Workflow;
const inputDefaults = Object.fromEntries(Object.entries(wf.on.workflow_dispatch.inputs).map(([k, v]) => [k, v.default ?? '']));

/**
 * Expands `${{ ... }}` as the runner does, for the few forms the template uses: `matrix.X`,
 * `inputs.X` and `a || b` with quoted literals. Anything else is an error, so a new expression in
 * the template makes this test say what it cannot check.
 */
function expand(s: string, ctx: { matrix?: Record<string, unknown>; inputs: Record<string, string> }): string {
  return s.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    for (const term of expr.split('||').map((t) => t.trim())) {
      let v: unknown;
      const lit = /^'(.*)'$/.exec(term);
      const ref = /^(matrix|inputs)\.([A-Za-z_][\w-]*)$/.exec(term);
      if (lit) v = lit[1];
      else if (ref && ref[1] === 'matrix') v = ctx.matrix?.[ref[2]];
      else if (ref) v = ctx.inputs[ref[2]];
      else throw new Error(`expression not supported by this test: \${{ ${expr} }}`);
      if (v !== undefined && v !== '' && v !== null) return String(v);
    }
    return '';
  });
}

/** A simple glob (only `*`) as a regular expression. */
const globRe = (g: string) => new RegExp(`^${g.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

describe('templates/github-actions-sweep.yml', () => {
  it('is a valid workflow for the GitHub workflow schema', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('has a validator that rejects broken workflows (so the check above can fail)', () => {
    const broken = (edit: (w: Workflow) => void) => {
      const w = structuredClone(wf);
      edit(w);
      return validateWorkflow(stringify(w)).errors;
    };
    expect(broken((w) => delete (w.jobs.shard as Partial<JobDef>)['runs-on'])).not.toEqual([]);
    expect(broken((w) => ((w.jobs.shard.strategy as unknown as { matrix: string }).matrix = 'four'))).not.toEqual([]);
    expect(broken((w) => ((w.jobs.merge as unknown as Record<string, unknown>).stepz = w.jobs.merge.steps))).not.toEqual([]);
  });

  it('has a matrix of 1..SHARDS (at most 256 jobs) that does not fail fast, and a merge job that always runs after it', () => {
    const shards = Number(wf.env.SHARDS);
    expect(Number.isInteger(shards) && shards >= 1).toBe(true);
    const matrix = wf.jobs.shard.strategy!.matrix;
    expect(Object.keys(matrix)).toEqual(['shard']);
    expect(matrix.shard).toEqual(Array.from({ length: shards }, (_, i) => i + 1));
    expect(matrix.shard.length).toBeLessThanOrEqual(MATRIX_LIMIT);
    expect(wf.jobs.shard.strategy!['fail-fast']).toBe(false);
    const needs = wf.jobs.merge.needs;
    expect(Array.isArray(needs) ? needs : [needs]).toContain('shard');
    expect(wf.jobs.merge.if).toBe('always()');
    // The SWEEP fallback is the dispatch input's default (runs started by other events use it).
    expect(expand(String(wf.env.SWEEP), { inputs: {} })).toBe(inputDefaults.sweep);
    expect(existsSync(join(ROOT, inputDefaults.sweep))).toBe(true);
  });

  it("uploads each shard's --out directory under a name the merge job's download pattern matches", () => {
    const upload = wf.jobs.shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const download = wf.jobs.merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    const sweepStep = wf.jobs.shard.steps.find((s) => s.run?.includes('vpsim sweep'))!;
    expect(upload.if).toBe('always()'); // partial results of a failing shard are kept
    for (const shard of wf.jobs.shard.strategy!.matrix.shard) {
      const ctx = { matrix: { shard }, inputs: inputDefaults };
      const out = /--out (\S+)/.exec(expand(sweepStep.run!, ctx))?.[1];
      expect(expand(String(upload.with!.path), ctx)).toBe(out);
      expect(expand(String(upload.with!.name), ctx)).toMatch(globRe(String(download.with!.pattern)));
    }
  });

  describe('run as the runner runs it', () => {
    let work: string;
    let full: string;
    beforeAll(() => {
      work = tempDir('vpsim-gha-');
      full = referenceSweep(inputDefaults.sweep, join(work, 'full'));
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    /** A job's `run:` steps that call vpsim (npm ci is the runner's business), in a checkout. */
    function runSteps(job: JobDef, cwd: string, matrix?: Record<string, unknown>) {
      const ctx = { matrix, inputs: inputDefaults };
      for (const step of job.steps.filter((s) => s.run?.includes('vpsim'))) {
        const env = Object.fromEntries(Object.entries({ ...wf.env, ...job.env, ...step.env }).map(([k, v]) => [k, expand(String(v), ctx)]));
        const r = sh(expand(step.run!, ctx), { cwd, env: cleanEnv(env) });
        expect(r.code, `${step.run}\n${r.stderr}`).toBe(0);
      }
    }

    it('shard jobs 1..SHARDS partition the sweep; the merge job gives the unsharded results.csv', () => {
      const shardJob = wf.jobs.shard;
      const upload = shardJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
      const download = wf.jobs.merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
      const store = join(work, 'artifacts');
      const shardDirs: string[] = [];
      for (const shard of shardJob.strategy!.matrix.shard) {
        const checkout = fakeCheckout(work); // every job gets a fresh runner
        runSteps(shardJob, checkout, { shard });
        const ctx = { matrix: { shard }, inputs: inputDefaults };
        const dest = join(store, expand(String(upload.with!.name), ctx));
        cpSync(join(checkout, expand(String(upload.with!.path), ctx)), dest, { recursive: true });
        shardDirs.push(dest);
      }
      expectPartition(full, shardDirs);
      // download-artifact with a pattern and no merge-multiple: one folder per artifact under path.
      const checkout = fakeCheckout(work);
      const into = join(checkout, String(download.with!.path));
      mkdirSync(into, { recursive: true });
      for (const name of readdirSync(store).filter((n) => globRe(String(download.with!.pattern)).test(n))) cpSync(join(store, name), join(into, name), { recursive: true });
      runSteps(wf.jobs.merge, checkout);
      const mergeStep = wf.jobs.merge.steps.find((s) => s.run?.includes('vpsim merge'))!;
      expectSameResults(full, join(checkout, /--out (\S+)/.exec(mergeStep.run!)![1]));
    });
  });
});
