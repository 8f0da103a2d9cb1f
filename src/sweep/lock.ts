// The one-writer lock of a sweep output directory: `.vpsim-lock`, created with an exclusive create
// (O_EXCL), so of two processes starting the same sweep at once exactly one proceeds. A lock whose
// process is gone (same host) is stale and taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
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
      writeFileSync(path, body, { flag: 'wx' });
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
