// The one-writer lock of a sweep output directory: `.vpsim-lock`, created exclusively and with its
// content in one step (a hard link of a written temporary file; O_EXCL where links are not
// supported), so of two processes starting the same sweep at once exactly one proceeds, and the
// other never reads a lock before its holder is written in it. A lock whose process is gone (same
// host) is stale and taken over by one process (acquireLock).
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../output/atomic.js';
import { TMP_PREFIX } from '../output/out-dir.js';
import { envError } from '../util/env-error.js';
import { InputError } from '../util/errors.js';

export const LOCK = '.vpsim-lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(dir: string): { release(): void } {
  const path = join(dir, LOCK);
  const body = JSON.stringify({ pid: process.pid, host: hostname() }) + '\n';
  const held = { release: () => unlinkQuietly(path) };
  try {
    createWithBody(path, body);
    return held;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw envError(err, path);
  }
  const seen = readQuietly(path);
  const holder = parseHolder(seen);
  if (!(holder.host === hostname() && Number.isInteger(holder.pid) && !alive(holder.pid!))) throw refused(dir, holder);
  // A stale lock (its process is gone) is taken over by one process at a time, through a second
  // lock, and replaced in one rename: two processes that both found it stale never both proceed
  const takeover = join(dir, `${TMP_PREFIX}lock-takeover`);
  try {
    createWithBody(takeover, body);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw envError(err, takeover);
    throw new InputError(dir, '', 'a sweep directory no other vpsim process is writing', `a stale lock another process is taking over (${takeover}; delete it if no vpsim process is running)`);
  }
  try {
    const now = readQuietly(path);
    if (now !== seen) throw refused(dir, parseHolder(now)); // taken over (or released) meanwhile
    try {
      writeFileAtomic(path, body); // replaces the stale lock in one rename
    } catch (err) {
      throw envError(err, path);
    }
    return held;
  } finally {
    unlinkQuietly(takeover);
  }
}

function refused(dir: string, holder: { pid?: number; host?: string }): InputError {
  return new InputError(dir, '', 'a sweep directory no other vpsim process is writing', `a lock held by process ${holder.pid ?? '?'} on ${holder.host ?? '?'} (${LOCK}; delete it if that process is gone)`);
}

function readQuietly(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function parseHolder(text: string): { pid?: number; host?: string } {
  try {
    const h = JSON.parse(text);
    return h && typeof h === 'object' ? h : {};
  } catch {
    return {};
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** Creates `path` holding `body`, failing with EEXIST if it exists; never visible empty where links work. */
function createWithBody(path: string, body: string): void {
  const tmp = join(dirname(path), `${TMP_PREFIX}lock-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(tmp, body, { flag: 'wx' });
  } catch (err) {
    throw envError(err, tmp);
  }
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err;
    // no hard links here (some network or FUSE file systems): exclusive create, then write
    writeFileSync(path, body, { flag: 'wx' });
  } finally {
    unlinkQuietly(tmp);
  }
}
