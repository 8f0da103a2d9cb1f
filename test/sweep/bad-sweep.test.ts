// Bad sweep files and options: an InputError (exit 2) with one clear message (file, field path,
// expected, found), and nothing run. Most cases run in-process; a few through the CLI check the
// exit code and that no stack trace is printed.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/run.js';
import { parseShard } from '../../src/sweep/shard.js';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
const SMOKE = join(ROOT, 'scenarios/sweeps/mm1-smoke.yaml');
let dir: string;
const sweep = (name: string, body: string, base = `scenario: ${MM1}\n`) => {
  const p = join(dir, name);
  writeFileSync(p, base + body);
  return p;
};
const grid = 'parameters:\n  mm1.arrivalRatePerS: [0.5]\n';

interface Case {
  name: string;
  args: () => string[];
  env?: Record<string, string>;
  message: RegExp[];
  /** Through the built CLI (slower: one process each). */
  cli?: boolean;
}

const cases: Case[] = [
  { name: 'missing sweep file', args: () => [join(dir, 'nope.yaml')], message: [/nope\.yaml: expected a readable sweep file, found no such file/] },
  { name: 'unknown top-level field', cli: true, args: () => [sweep('unk.yaml', grid + 'replicate: 3\n')], message: [/unk\.yaml: replicate: expected one of the fields .*, found unknown field 'replicate' \(did you mean 'replicates'\?\)/] },
  { name: 'missing base scenario', args: () => [sweep('nobase.yaml', grid, '')], message: [/nobase\.yaml: scenario: expected a string, found nothing/] },
  { name: 'base scenario does not exist', args: () => [sweep('base.yaml', grid, 'scenario: missing.yaml\n')], message: [/base\.yaml: scenario: expected a valid base scenario/, /no such file/] },
  { name: 'unknown parameter path', cli: true, args: () => [sweep('path.yaml', 'parameters:\n  mm1.lambda: [1, 2]\n')], message: [/path\.yaml: parameters\.mm1\.lambda: expected a field of the base scenario \(model mm1\), found no field 'lambda' in mm1/] },
  { name: 'parameter path through a number', args: () => [sweep('path2.yaml', 'parameters:\n  mm1.customers.x: [1]\n')], message: [/parameters\.mm1\.customers\.x: expected a field of the base scenario \(model mm1\), found mm1\.customers = 200000, not an object/] },
  { name: 'malformed parameter path', args: () => [sweep('path3.yaml', 'parameters:\n  "mm1..x": [1]\n')], message: [/parameters\.mm1\.\.x: expected a dotted field path/] },
  { name: 'varying the seed', args: () => [sweep('seed.yaml', 'parameters:\n  seed: [1, 2]\n')], message: [/parameters\.seed: expected a scenario field other than seed/, /replicates/] },
  { name: 'unknown fixed override', args: () => [sweep('set.yaml', grid + 'set:\n  mm1.bogus: 1\n')], message: [/set\.yaml: set\.mm1\.bogus: expected one of the fields .*, found unknown field 'bogus'/] },
  { name: 'lhs without samples', cli: true, args: () => [sweep('lhs.yaml', 'design: lhs\nparameters:\n  mm1.arrivalRatePerS: { min: 0.1, max: 0.9 }\n')], message: [/lhs\.yaml: samples: expected the number of points to draw for design lhs, found nothing/] },
  { name: 'range with min > max', args: () => [sweep('minmax.yaml', 'design: random\nsamples: 3\nparameters:\n  mm1.arrivalRatePerS: { min: 0.9, max: 0.1 }\n')], message: [/parameters\.mm1\.arrivalRatePerS\.max: expected a number >= min \(0\.9\), found 0\.1/] },
  { name: 'log scale from zero', args: () => [sweep('log.yaml', 'design: lhs\nsamples: 3\nparameters:\n  mm1.arrivalRatePerS: { min: 0, max: 1, scale: log }\n')], message: [/parameters\.mm1\.arrivalRatePerS\.min: expected a number > 0 for scale log, found 0/] },
  { name: 'unknown key in a range', args: () => [sweep('rk.yaml', 'design: random\nsamples: 3\nparameters:\n  mm1.arrivalRatePerS: { min: 0.1, max: 0.9, dist: beta }\n')], message: [/parameters\.mm1\.arrivalRatePerS\.dist: expected one of the fields .*found unknown field 'dist'/] },
  { name: 'range spec in a grid', args: () => [sweep('gr.yaml', 'parameters:\n  mm1.arrivalRatePerS: { min: 0.1, max: 0.9 }\n')], message: [/parameters\.mm1\.arrivalRatePerS: expected for design grid a list of values, \{values: \[\.\.\.\]\} or \{from, to, steps\}, found an object/] },
  { name: 'steps below 2', args: () => [sweep('st.yaml', 'parameters:\n  mm1.arrivalRatePerS: { from: 0.1, to: 0.9, steps: 1 }\n')], message: [/parameters\.mm1\.arrivalRatePerS\.steps: expected a number >= 2, found 1/] },
  { name: 'unknown design', args: () => [sweep('des.yaml', grid + 'design: sobol\n')], message: [/des\.yaml: design: expected one of "grid", "list", "random", "lhs", found "sobol"/] },
  { name: 'samples with a grid', args: () => [sweep('sg.yaml', grid + 'samples: 5\n')], message: [/samples: expected no samples for design grid/] },
  { name: 'list without points', args: () => [sweep('lp.yaml', 'design: list\n')], message: [/lp\.yaml: points: expected a list of points/] },
  { name: 'duplicate list points', args: () => [sweep('dup.yaml', 'design: list\npoints:\n  - { mm1.customers: 10 }\n  - { mm1.customers: 10 }\n')], message: [/points\[1\]: expected distinct design points, found point 1 repeats point 0/] },
  { name: 'bad metric path', args: () => [sweep('met.yaml', grid + 'metrics: [meanWaitS]\n')], message: [/met\.yaml: metrics\[0\]: expected a path starting with metrics\. or kpis\./] },
  { name: 'zero replicates', args: () => [sweep('rep.yaml', grid + 'replicates: 0\n')], message: [/replicates: expected a number >= 1, found 0/] },
  { name: '--shard 3/2', cli: true, args: () => [SMOKE, '--shard', '3/2'], message: [/--shard: expected a shard number I from 1 to 2 \(I\/N is 1-based\), found 3\/2/] },
  { name: '--shard N without a scheduler index', cli: true, args: () => [SMOKE, '--shard', '4'], env: { SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '' }, message: [/--shard: expected I\/N, or N with SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX set/] },
  { name: 'negative --workers', args: () => [SMOKE, '--workers', '-1'], message: [/--workers: expected a non-negative integer, found -1/] },
];

describe('bad sweep input', () => {
  beforeAll(() => {
    dir = tempDir('vpsim-sweep-bad-');
  });

  for (const c of cases.filter((x) => !x.cli)) {
    it(c.name, async () => {
      const [file, ...opts] = c.args();
      const out = join(dir, 'out-' + c.name.replace(/\W+/g, '-'));
      const o: Record<string, string> = {};
      for (let i = 0; i < opts.length; i += 2) o[opts[i].replace(/^--/, '')] = opts[i + 1];
      const run = async () => runSweep(file, { out, quiet: true, workers: o.workers !== undefined ? Number(o.workers) : 0, shard: o.shard ? parseShard(o.shard, {}) : undefined });
      const err = await run().then(() => undefined, (e: unknown) => e as { exitCode?: number; message: string });
      expect(err?.exitCode, String(err?.message)).toBe(2);
      for (const m of c.message) expect(err!.message).toMatch(m);
      expect(existsSync(out)).toBe(false);
    });
  }

  for (const c of cases.filter((x) => x.cli)) {
    it(`${c.name} (CLI)`, () => {
      const out = join(dir, 'out-' + c.name.replace(/\W+/g, '-'));
      const r = vpsim(['sweep', ...c.args(), '--out', out, '--quiet'], { env: c.env });
      expect(r.code, r.stderr).toBe(2);
      for (const m of c.message) expect(r.stderr).toMatch(m);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }
});
