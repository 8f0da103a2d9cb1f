// Maps operating-system errors of file writes (disk full, read-only, no permission, busy) to an
// EnvironmentError (exit 1, one line naming the path); vpsim's own errors pass through unchanged.
import { EnvironmentError } from './errors.js';

const WHY: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EBUSY: 'resource busy (a mount point or the working directory?)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENOTDIR: 'a path component is not a directory',
  EEXIST: 'already exists',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
  EXDEV: 'cross-device rename',
  ENOENT: 'no such file or directory',
};

export function envError(err: unknown, where: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof (e as { exitCode?: unknown }).exitCode === 'number') return err;
  if (e && typeof e.code === 'string' && e.code in WHY) {
    const path = e.path ?? where;
    return new EnvironmentError(`${path ? `${path}: ` : ''}${WHY[e.code]} (${e.code})`, e.code);
  }
  return err;
}
