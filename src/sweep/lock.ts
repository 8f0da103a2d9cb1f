// The one-writer lock of a sweep output directory: `.vpsim-lock`, created exclusively and with its
// content in one step (a hard link of a written temporary file; O_EXCL where links are not
// supported), so of two processes starting the same sweep at once exactly one proceeds, and the
// other never reads a lock before its holder is written in it. A lock whose process is gone (same
// host) is stale and taken over.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
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
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createWithBody(path, body);
      return {
        release: () => {
          try {
            unlinkSync(path);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw envError(err, path);
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      holder = {};
    }
    const stale = attempt === 0 && holder.host === hostname() && Number.isInteger(holder.pid) && !alive(holder.pid!);
    if (!stale) {
      throw new InputError(dir, '', 'a sweep directory no other vpsim process is writing', `a lock held by process ${holder.pid ?? '?'} on ${holder.host ?? '?'} (${LOCK}; delete it if that process is gone)`);
    }
    try {
      unlinkSync(path);
    } catch {
      /* another process took it over first */
    }
  }
  throw new InputError(dir, '', 'a sweep directory no other vpsim process is writing', `a lock (${LOCK}) taken by another process`);
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
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}
