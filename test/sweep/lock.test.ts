// The sweep directory's lock file: written with its holder in one step, refused while held, taken
// over when its process is gone, and no temporary file left behind.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK } from '../../src/sweep/lock.js';
import { tempDir } from '../helpers/cli.js';

describe('acquireLock', () => {
  it('holds the pid and host as soon as it exists, refuses a second taker, leaves only the lock', () => {
    const dir = tempDir('vpsim-lock-unit-');
    const lock = acquireLock(dir);
    expect(readdirSync(dir)).toEqual([LOCK]);
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    expect(() => acquireLock(dir)).toThrow(new RegExp(`a lock held by process ${process.pid} on `));
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose process is gone (same host)', () => {
    const dir = tempDir('vpsim-lock-unit-');
    // pid 2^22 + 1 is above Linux's pid_max limit: no such process
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: 4194305, host: hostname() }) + '\n');
    const lock = acquireLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual([LOCK]); // the takeover lock and the temporary file are gone
    lock.release();
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('refuses a stale lock another process is taking over, and leaves both files as they are', () => {
    const dir = tempDir('vpsim-lock-unit-');
    const stale = JSON.stringify({ pid: 4194305, host: hostname() }) + '\n';
    writeFileSync(join(dir, LOCK), stale);
    const takeover = readdirSync(dir).length; // 1
    writeFileSync(join(dir, '.vpsim-tmp-lock-takeover'), JSON.stringify({ pid: 1, host: hostname() }) + '\n');
    expect(() => acquireLock(dir)).toThrow(/a stale lock another process is taking over/);
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(stale);
    expect(readdirSync(dir)).toHaveLength(takeover + 1);
  });
});
