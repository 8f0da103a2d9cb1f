// Environment problems: a read-only output location, a full disk, a disk that fills while vpsim
// writes, a mount point as the output directory. Each is exit 1 with one line (no stack trace),
// checked before any simulation where it can be (run, sweep and reproduce refuse a read-only or
// full output before running anything), and leaves nothing behind (no temporary file, no
// directory vpsim created, every file that was there unchanged).
//
// The mount cases need to mount a small tmpfs (CI runs as root). Where mounting is not permitted
// they are skipped, and the test names say why; the errno classification is then still covered
// by the unit tests below with real errno errors (/dev/full gives ENOSPC).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/output/atomic.js';
import { envError } from '../../src/util/env-error.js';
import { EnvironmentError } from '../../src/util/errors.js';
import { reportError } from '../../src/cli/main.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
const SMOKE = join(ROOT, 'scenarios/sweeps/mm1-smoke.yaml');

/** Whether this process may mount a tmpfs (checked once, by trying). */
function mountPermitted(): { ok: boolean; why: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'not Linux' };
  const d = tempDir('vpsim-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d], { stdio: 'pipe' });
    execFileSync('umount', [d], { stdio: 'pipe' });
    return { ok: true, why: '' };
  } catch (err) {
    const msg = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim().split('\n')[0];
    return { ok: false, why: msg || 'mount failed' };
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}
const MOUNT = mountPermitted();
const skipNote = MOUNT.ok ? '' : ` [skipped: mounting a tmpfs is not permitted here: ${MOUNT.why}]`;
if (!MOUNT.ok) process.stderr.write(`environment.test.ts: mount tests skipped: mounting a tmpfs is not permitted here (${MOUNT.why})\n`);

const mounts: string[] = [];
function tmpfs(size: string, opts: { readOnly?: boolean; fill?: boolean; prepare?: (dir: string) => void } = {}): string {
  const d = tempDir('vpsim-env-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', d]);
  mounts.push(d);
  opts.prepare?.(d);
  if (opts.fill) {
    // fill it to the last page: a write of a few bytes fails with ENOSPC from here on
    spawnSync('dd', ['if=/dev/zero', `of=${join(d, 'filler')}`, 'bs=4096'], { stdio: 'ignore' });
  }
  if (opts.readOnly) execFileSync('mount', ['-o', 'remount,ro', d]);
  return d;
}
afterAll(() => {
  for (const d of mounts.reverse()) {
    spawnSync('umount', ['-l', d]);
    rmSync(d, { recursive: true, force: true });
  }
});

interface Res {
  code: number;
  stdout: string;
  stderr: string;
}
function cli(args: string[], env: Record<string, string> = {}): Res {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function exit1(r: Res, why: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const ls = r.stderr.split('\n').filter((l) => l !== '');
  expect(ls, r.stderr).toHaveLength(1);
  expect(ls[0]).toMatch(/^vpsim: /);
  expect(ls[0]).toMatch(why);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
}
/** Every entry below dir, with sizes (what must not change). */
function listing(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel))
    .sort()
    .flatMap((n) => {
      const r = rel ? `${rel}/${n}` : n;
      const st = statSync(join(dir, r));
      return st.isDirectory() ? [`${r}/`, ...listing(dir, r)] : [`${r}:${st.size}`];
    });
}

describe.skipIf(!MOUNT.ok)(`a read-only output location${skipNote}`, () => {
  let ro: string;
  beforeAll(() => {
    ro = tmpfs('1m', { readOnly: true, prepare: (d) => writeFileSync(join(d, 'kept.txt'), 'mine') });
  });
  const EROFS = /read-only file system \(EROFS\)/;
  it('run, sweep, merge, report, reproduce: exit 1, one line, nothing changed', () => {
    const sweepOut = join(tempDir(), 'sw');
    expect(cli(['sweep', SMOKE, '--out', sweepOut, '--quiet']).code).toBe(0);
    const runOut = join(tempDir(), 'r');
    expect(cli(['run', MM1, '--out', runOut, '--quiet', '--set', 'mm1.customers=100']).code).toBe(0);
    const before = listing(ro);
    exit1(cli(['run', MM1, '--out', join(ro, 'x'), '--quiet']), EROFS);
    exit1(cli(['run', MM1, '--out', join(ro, 'deep', 'er'), '--quiet']), EROFS);
    exit1(cli(['sweep', SMOKE, '--out', join(ro, 's'), '--quiet']), EROFS);
    exit1(cli(['merge', sweepOut, '--out', join(ro, 'm')]), EROFS);
    exit1(cli(['report', runOut, '--out', join(ro, 'report.html')]), EROFS);
    expect(listing(ro)).toEqual(before);
  });
  it('reproduce refuses before running the experiment (no run is started: its only output is the one line)', () => {
    // not --quiet: a started run would print "[reproduce] running ..." first
    const r = cli(['reproduce', 'fig6', '--out', join(ro, 'paper')]);
    exit1(r, EROFS);
    expect(r.stderr).not.toMatch(/running/);
    expect(r.stdout).toBe('');
    expect(listing(ro)).toEqual(['kept.txt:4']);
  });
});

describe.skipIf(!MOUNT.ok)(`a full disk${skipNote}`, () => {
  const ENOSPC = /no space left on the device \(ENOSPC\)/;
  it('an already full disk: run, sweep and reproduce refuse before any work (exit 1, one line), leaving only what was there', () => {
    const full = tmpfs('256k', { fill: true });
    const before = listing(full);
    exit1(cli(['run', MM1, '--out', join(full, 'x'), '--quiet']), ENOSPC);
    exit1(cli(['run', MM1, '--out', full, '--force', '--quiet']), ENOSPC);
    exit1(cli(['sweep', SMOKE, '--out', join(full, 's'), '--quiet']), ENOSPC);
    const r = cli(['reproduce', 'fig6', '--out', join(full, 'paper')]);
    exit1(r, ENOSPC);
    expect(r.stderr).not.toMatch(/running/);
    expect(listing(full)).toEqual(before);
  });
  it('a disk that fills while the run is written: exit 1, one line, no temporary file or directory left', () => {
    // 2 MiB: the 1 MiB free-space check passes, the 2.1 MB queue.csv does not fit
    const small = tmpfs('2m', { prepare: (d) => writeFileSync(join(d, 'kept.txt'), 'mine') });
    exit1(cli(['run', MM1, '--out', join(small, 'big'), '--quiet', '--set', 'mm1.customers=100000', '--set', 'mm1.sampleIntervalS=1']), ENOSPC);
    expect(listing(small)).toEqual(['kept.txt:4']);
    // into the mount point itself (an output vpsim cannot remove): its marker-less temporary content is gone too
    exit1(cli(['run', MM1, '--out', small, '--force', '--quiet', '--set', 'mm1.customers=100000', '--set', 'mm1.sampleIntervalS=1']), ENOSPC);
    expect(listing(small).filter((f) => f.includes('vpsim-tmp') || f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(small, 'kept.txt'), 'utf8')).toBe('mine');
  });
  it('VPSIM_MIN_FREE_MB sets the free space required before work', () => {
    const d = tmpfs('4m');
    exit1(cli(['run', MM1, '--out', join(d, 'x'), '--quiet', '--set', 'mm1.customers=100'], { VPSIM_MIN_FREE_MB: '8' }), /KiB free, at least 8 MiB needed \(VPSIM_MIN_FREE_MB\)/);
    expect(readdirSync(d)).toEqual([]);
    expect(cli(['run', MM1, '--out', join(d, 'x'), '--quiet', '--set', 'mm1.customers=100']).code).toBe(0);
  });
});

describe.skipIf(!MOUNT.ok)(`a mount point as the output directory${skipNote}`, () => {
  it('--out MOUNTPOINT: written in place (no EBUSY), no hidden temporary directory left, still mounted', () => {
    const m = tmpfs('8m');
    const r = cli(['run', MM1, '--out', m, '--quiet', '--set', 'mm1.customers=200']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(m).filter((f) => f.startsWith('.vpsim-tmp'))).toEqual([]);
    expect(existsSync(join(m, 'summary.json'))).toBe(true);
    expect(execFileSync('findmnt', ['-n', '-o', 'TARGET', m], { encoding: 'utf8' }).trim()).toBe(m);
    // and again over its own earlier output
    expect(cli(['run', MM1, '--out', m, '--quiet', '--set', 'mm1.customers=300']).code).toBe(0);
  });
});

describe('errno classification (real errno errors, no mount needed)', () => {
  const real = (f: () => void): unknown => {
    try {
      f();
    } catch (err) {
      return err;
    }
    throw new Error('expected an error');
  };
  it('writing to /dev/full (ENOSPC) is an environment error: exit 1, one line naming the path', () => {
    const err = real(() => writeFileSync('/dev/full', 'x'));
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    const e = envError(err, '/dev/full');
    expect(e).toBeInstanceOf(EnvironmentError);
    expect((e as EnvironmentError).exitCode).toBe(1);
    expect((e as Error).message).toBe('/dev/full: no space left on the device (ENOSPC)');
    const written: string[] = [];
    const w = process.stderr.write;
    process.stderr.write = ((s: string) => (written.push(s), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = reportError(err);
    } finally {
      process.stderr.write = w;
    }
    expect(code).toBe(1);
    // a raw write error carries no path: still one line, exit 1
    expect(written.join('')).toBe('vpsim: no space left on the device (ENOSPC)\n');
  });
  it('a path through a file (ENOTDIR), a missing parent (ENOENT), a directory as a file (EISDIR): exit 1 each', () => {
    const d = tempDir();
    writeFileSync(join(d, 'f'), '');
    for (const [f, code] of [
      [() => mkdirSync(join(d, 'f', 'x')), 'ENOTDIR'],
      [() => writeFileSync(join(d, 'no', 'x'), ''), 'ENOENT'],
      [() => writeFileSync(d, ''), 'EISDIR'],
    ] as const) {
      const err = real(f);
      expect((err as NodeJS.ErrnoException).code).toBe(code);
      const e = envError(err, 'x') as EnvironmentError;
      expect(e.exitCode).toBe(1);
      expect(e.message).toMatch(new RegExp(`\\(${code}\\)$`));
      expect(e.message).not.toMatch(/\n/);
    }
  });
  it("vpsim's own errors pass through unchanged; an unknown errno is not mislabelled", () => {
    const own = Object.assign(new Error('x'), { exitCode: 2 });
    expect(envError(own, 'p')).toBe(own);
    const odd = Object.assign(new Error('odd'), { code: 'EWEIRD' });
    expect(envError(odd, 'p')).toBe(odd);
  });
  it('writeFileAtomic leaves no temporary file when the rename fails', () => {
    const d = tempDir();
    mkdirSync(join(d, 'target'));
    writeFileSync(join(d, 'target', 'inside'), '');
    const err = real(() => writeFileAtomic(join(d, 'target'), 'content'));
    expect(['EISDIR', 'ENOTEMPTY', 'EEXIST']).toContain((err as NodeJS.ErrnoException).code);
    expect(readdirSync(d)).toEqual(['target']);
  });
});
