import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
const small = ['--set', 'mm1.customers=20000'];

function summaryWithoutTimings(dir: string): string {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  delete s.timings;
  return JSON.stringify(s);
}
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('vpsim run', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = tempDir();
  });

  it('writes the contract outputs and is byte-identical for the same seed', () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    expect(vpsim(['run', MM1, '--out', a, '--quiet', ...small]).code).toBe(0);
    expect(vpsim(['run', MM1, '--out', b, '--quiet', ...small]).code).toBe(0);
    expect(readdirSync(a).sort()).toEqual(['.vpsim-output', 'events.jsonl', 'queue.csv', 'run.json', 'scenario.resolved.yaml', 'summary.json']);
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
    expect(Object.keys(s)).toEqual(['scenario', 'scenarioHash', 'seed', 'version', 'overrides', 'kpis', 'metrics', 'anchor', 'timings']);
    expect(s.overrides).toEqual(['--set mm1.customers=20000']);
    expect(readFileSync(join(b, 'scenario.resolved.yaml'), 'utf8')).toBe(readFileSync(join(a, 'scenario.resolved.yaml'), 'utf8'));
    expect(s.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(summaryWithoutTimings(b)).toBe(summaryWithoutTimings(a));
    expect(sha(join(b, 'events.jsonl'))).toBe(sha(join(a, 'events.jsonl')));
    expect(sha(join(b, 'queue.csv'))).toBe(sha(join(a, 'queue.csv')));
    expect(readFileSync(join(a, 'queue.csv'), 'utf8').split('\n')[0]).toBe('t_s,queue_length,busy,served');
  });

  it('gives different results for a different seed, and records the seed and hash', () => {
    const a = join(tmp, 's1');
    const c = join(tmp, 's2');
    vpsim(['run', MM1, '--out', a, '--quiet', ...small, '--seed', '100']);
    vpsim(['run', MM1, '--out', c, '--quiet', ...small, '--seed', '101']);
    const sa = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
    const sc = JSON.parse(readFileSync(join(c, 'summary.json'), 'utf8'));
    expect(sa.seed).toBe(100);
    expect(sc.seed).toBe(101);
    expect(sc.metrics.meanWaitS).not.toBe(sa.metrics.meanWaitS);
    expect(sc.scenarioHash).not.toBe(sa.scenarioHash);
    expect(sha(join(c, 'events.jsonl'))).not.toBe(sha(join(a, 'events.jsonl')));
  });

  it('resolves extends and --set into the scenario hash', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'child.yaml'), `extends: ${MM1}\nname: child\nmm1:\n  customers: 3000\n`);
    const out = join(dir, 'out');
    const r = vpsim(['run', join(dir, 'child.yaml'), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.scenario).toBe('child');
    expect(s.metrics.customersServed).toBe(3000);
    expect(s.metrics.theory.rho).toBeCloseTo(0.9, 12); // inherited from the parent
    const v1 = vpsim(['validate', join(dir, 'child.yaml')]).stdout;
    const v2 = vpsim(['validate', join(dir, 'child.yaml'), '--set', 'mm1.customers=3001']).stdout;
    expect(v1).toMatch(/^ok .*hash [0-9a-f]{12}/);
    expect(v1).not.toBe(v2);
  });

  it('writes trace.jsonl with --trace', () => {
    const out = join(tmp, 'trace');
    expect(vpsim(['run', MM1, '--out', out, '--quiet', '--trace', '--set', 'mm1.customers=10']).code).toBe(0);
    const lines = readFileSync(join(out, 'trace.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ kind: 'timer', to: expect.any(String) });
  });

  it('answers --help and --version', () => {
    const h = vpsim(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['run', 'validate', 'bench']) expect(h.stdout).toContain(`vpsim ${c}`);
    expect(vpsim(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(vpsim(['run', '--help']).stdout).toContain('--set');
  });

  it('runs a kernel bench group as JSON', () => {
    // only checks the shape; figures are for `npm run bench`, not timed tests
    const r = vpsim(['bench', 'nope']);
    expect(r.code).toBe(2);
    expect(existsSync(join(ROOT, 'src/bench/kernel.ts'))).toBe(true);
  });
});
