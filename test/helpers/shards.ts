// Helpers for the template tests: run a template's shell command as the platform would, and check
// that shard directories partition a sweep. The checks read the output files directly (sweep.json,
// runs/, results.csv) and share no code with src/sweep.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BIN, ROOT, type CliResult } from './cli.js';

/** The environment of this process without any scheduler variables (the tests may run in a job). */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('SLURM_') || k.startsWith('SBATCH_') || k === 'JOB_COMPLETION_INDEX') continue;
    env[k] = v;
  }
  // npx must find vpsim locally; never ask the registry.
  return { ...env, npm_config_offline: 'true', CI: 'true', ...extra };
}

/** Runs a shell command line (bash -e -o pipefail, as GitHub Actions and the Slurm template do). */
export function sh(script: string, opts: { cwd: string; env: Record<string, string>; shell?: 'bash' | 'sh' }): CliResult {
  const args = opts.shell === 'sh' ? ['-c', script] : ['-e', '-o', 'pipefail', '-c', script];
  const r = spawnSync(opts.shell ?? 'bash', args, { cwd: opts.cwd, env: opts.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A directory that looks like a checkout of the repository with its dependencies installed:
 * `npx vpsim` resolves there (node_modules/.bin/vpsim) and scenarios/ is the repository's.
 * Made inside `parent`.
 */
export function fakeCheckout(parent: string): string {
  const dir = mkdtempSync(join(parent, 'checkout-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'checkout', private: true }) + '\n');
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(BIN, join(dir, 'node_modules', '.bin', 'vpsim'));
  symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
  return dir;
}

/** The unsharded sweep, written by the CLI with one worker. */
export function referenceSweep(sweepFile: string, out: string): string {
  const r = spawnSync(process.execPath, [BIN, 'sweep', sweepFile, '--workers', '1', '--quiet', '--out', out], { cwd: ROOT, encoding: 'utf8', env: cleanEnv() });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

const planIds = (dir: string): string[] => (JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')).runs as { runId: string }[]).map((r) => r.runId);
const recordIds = (dir: string): string[] => (existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)) : []);
const csvIds = (dir: string): string[] => readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0]);

/** The shards' runs are disjoint, non-empty and together exactly the runs of the unsharded sweep. */
export function expectPartition(full: string, shards: string[]): void {
  const all = planIds(full).sort();
  expect(all.length).toBeGreaterThan(0);
  const seen = new Map<string, string>();
  for (const s of shards) {
    const ids = recordIds(s);
    expect(ids.length, `${s} holds no run`).toBeGreaterThan(0);
    expect(csvIds(s).sort(), `${s}: results.csv rows = runs/ records`).toEqual([...ids].sort());
    for (const id of ids) {
      expect(seen.get(id), `run ${id} in both ${seen.get(id)} and ${s}`).toBeUndefined();
      seen.set(id, s);
    }
  }
  expect([...seen.keys()].sort()).toEqual(all);
}

/** results.csv of two sweep directories, byte for byte. */
export function expectSameResults(a: string, b: string): void {
  const text = (d: string) => readFileSync(join(d, 'results.csv'), 'utf8');
  expect(text(b)).toBe(text(a));
}
