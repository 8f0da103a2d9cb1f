// The one-writer lock of a sweep directory is atomic (exclusive create): two identical sweeps
// started at the same moment, 10 trials each way — exactly one ever runs; the other is refused
// with one line (exit 2) and writes nothing. With --resume on both (so neither is stopped by
// the output policy, only by the lock), the runs done by the two together are exactly the plan:
// no run is done twice.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

const SMOKE = join(ROOT, 'scenarios/sweeps/mm1-smoke.yaml');
const PLAN = 12;

function start(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: process.env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const executed = (stdout: string) => Number(/\((\d+) ok, \d+ failed/.exec(stdout)?.[1] ?? 0);
// the loser is stopped by the lock while the winner runs, or (having started after the winner
// finished) by the output policy or by the finished sweep already in the directory
const LOCKED = /^vpsim: .*(a sweep directory no other vpsim process is writing, found a lock|expected an absent or empty directory, or an earlier vpsim sweep output|expected a new output directory \(or --resume to continue the sweep in it, --force to replace it\), found a directory holding sweep results)/;

describe('one writer per sweep directory', () => {
  it('two identical sweeps at once, 10 trials: exactly one runs, the other is refused in one line', async () => {
    const byLock = { lock: 0, after: 0 };
    for (let trial = 0; trial < 10; trial++) {
      const out = join(tempDir('vpsim-lock-'), 'sw');
      const rs = await Promise.all([0, 1].map(() => start(['sweep', SMOKE, '--out', out, '--quiet'])));
      const ok = rs.filter((r) => r.code === 0);
      const refused = rs.filter((r) => r.code !== 0);
      expect(ok, `trial ${trial}: ${rs.map((r) => `${r.code} ${r.stderr}`).join(' | ')}`).toHaveLength(1);
      expect(executed(ok[0].stdout)).toBe(PLAN);
      expect(refused[0].code, refused[0].stderr).toBe(2);
      expect(refused[0].stderr.trim().split('\n')).toHaveLength(1);
      expect(refused[0].stderr).toMatch(LOCKED);
      expect(refused[0].stderr).not.toMatch(/\n\s+at /);
      byLock[/found a lock/.test(refused[0].stderr) ? 'lock' : 'after']++;
      expect(readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json'))).toHaveLength(PLAN);
      expect(existsSync(join(out, '.vpsim-lock'))).toBe(false);
    }
    // how the loser was stopped (by the lock while the other ran, or by the finished output)
    process.stdout.write(`sweep-lock: losers stopped by the lock ${byLock.lock}, after the winner had finished ${byLock.after}\n`);
  });

  it('with --resume on both, 10 trials: together they run every planned run exactly once', async () => {
    for (let trial = 0; trial < 10; trial++) {
      const out = join(tempDir('vpsim-lock-'), 'sw');
      const rs = await Promise.all([0, 1].map(() => start(['sweep', SMOKE, '--out', out, '--resume', '--quiet'])));
      const detail = rs.map((r) => `${r.code} ${r.stdout.trim()} ${r.stderr.trim()}`).join(' | ');
      expect(rs.filter((r) => r.code === 0).length, detail).toBeGreaterThanOrEqual(1);
      for (const r of rs.filter((x) => x.code !== 0)) {
        expect(r.code, detail).toBe(2);
        expect(r.stderr).toMatch(/found a lock held by process \d+/);
      }
      expect(rs.reduce((s, r) => s + executed(r.stdout), 0), detail).toBe(PLAN);
      expect(existsSync(join(out, '.vpsim-lock'))).toBe(false);
    }
  });

  it('a stale lock left by a crashed sweep, two --resume at once, 5 trials: it is taken over once, the lost runs run once', async () => {
    const out = join(tempDir('vpsim-lock-'), 'sw');
    const first = await start(['sweep', SMOKE, '--out', out, '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    for (let trial = 0; trial < 5; trial++) {
      // the crash: half the run records lost, and the lock of a process that is gone (pid above Linux's pid_max)
      const lost = readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json')).slice(0, PLAN / 2);
      for (const f of lost) rmSync(join(out, 'runs', f));
      writeFileSync(join(out, '.vpsim-lock'), JSON.stringify({ pid: 4194305, host: hostname() }) + '\n');
      const rs = await Promise.all([0, 1].map(() => start(['sweep', SMOKE, '--out', out, '--resume', '--quiet'])));
      const detail = rs.map((r) => `${r.code} ${r.stdout.trim()} ${r.stderr.trim()}`).join(' | ');
      expect(rs.filter((r) => r.code === 0).length, detail).toBeGreaterThanOrEqual(1);
      for (const r of rs.filter((x) => x.code !== 0)) {
        expect(r.code, detail).toBe(2);
        expect(r.stderr, detail).toMatch(/found a (lock held by process \d+|stale lock another process is taking over)/);
      }
      expect(rs.reduce((s, r) => s + executed(r.stdout), 0), detail).toBe(PLAN / 2);
      expect(readdirSync(out).filter((f) => f.startsWith('.vpsim-lock') || f.startsWith('.vpsim-tmp-')), detail).toEqual([]);
    }
  });
});
