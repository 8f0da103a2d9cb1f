// One output policy for every command that writes a directory (run, sweep, merge, reproduce):
//
// - An output directory may be absent, empty, or an earlier vpsim output of the same kind,
//   recognised by the marker file `.vpsim-output` vpsim writes into every output directory.
//   Anything else (a directory with other files, a file, a vpsim output of another kind) is
//   refused (InputError, exit 2) with the reason, unless `force` is set.
// - vpsim never deletes or overwrites a file it did not write. The marker lists the files vpsim
//   wrote; replacing an earlier output replaces (or removes) only those and keeps everything the
//   user added (notes, report.html written by hand, sub-directories). With `force`, a file of the
//   user's that stands where vpsim writes is moved aside to `<name>.orig` (`.orig.2`, ...).
// - New content is built in a temporary directory inside the output directory and moved into
//   place file by file (rename within one directory: never EBUSY, even for `--out .` or a mount
//   point). On every failure path the temporary directory is removed, and a directory vpsim
//   created is removed again when it holds nothing else.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statfsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readTextBounded } from '../util/bounded-read.js';
import { EnvironmentError, InputError } from '../util/errors.js';
import { envError } from '../util/env-error.js';

export const MARKER = '.vpsim-output';
export type OutputKind = 'run' | 'sweep' | 'reproduce';

export interface OutputMarker {
  format: 'vpsim-output/1';
  kind: OutputKind;
  /** Paths (relative, '/'-separated) of the files vpsim wrote here. */
  files: string[];
  /** For runs: the scenario hash of the run (used to place a changed scenario in a new directory). */
  scenarioHash?: string;
}

export type DirState =
  | { state: 'absent' }
  | { state: 'empty' }
  | { state: 'ours'; marker: OutputMarker }
  | { state: 'other-kind'; marker: OutputMarker }
  | { state: 'foreign'; entries: string[] }
  | { state: 'not-a-directory'; what: string };

/** Name prefix of vpsim's temporary files (the output policy does not count them). */
export const TMP_PREFIX = '.vpsim-tmp-';

export function readMarker(dir: string): OutputMarker | null {
  const p = join(dir, MARKER);
  let st;
  try {
    st = lstatSync(p);
  } catch {
    return null;
  }
  if (!st.isFile()) return null;
  try {
    const m = JSON.parse(readTextBounded(p, p, 'output marker')) as OutputMarker;
    if (m?.format !== 'vpsim-output/1' || !['run', 'sweep', 'reproduce'].includes(m.kind) || !Array.isArray(m.files)) return null;
    if (!m.files.every((f) => typeof f === 'string' && safeRel(f))) return null;
    return m;
  } catch {
    return null;
  }
}

/** A relative path inside the directory (no '..', not absolute). */
function safeRel(f: string): boolean {
  return f.length > 0 && !f.startsWith('/') && !f.split('/').some((p) => p === '..' || p === '' || p === '.') && !f.includes('\\0');
}

export function inspectDir(dir: string, kind: OutputKind): DirState {
  let st;
  try {
    st = statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'absent' };
    if (code === 'ENOTDIR') return { state: 'not-a-directory', what: 'a path through a file' };
    throw envError(err, dir);
  }
  if (!st.isDirectory()) return { state: 'not-a-directory', what: st.isFile() ? 'a file' : 'not a directory' };
  const entries = readdirSync(dir).filter((e) => !e.startsWith(TMP_PREFIX));
  if (entries.length === 0) return { state: 'empty' };
  const marker = readMarker(dir);
  if (marker) return marker.kind === kind ? { state: 'ours', marker } : { state: 'other-kind', marker };
  return { state: 'foreign', entries: entries.sort() };
}

export interface ClaimOptions {
  force?: boolean;
  /** How the directory was named (for messages): '--out' or 'default output directory'. */
  flag?: string;
}

/** Throws the policy's refusal for a directory that is not absent, empty or ours (unless forced). */
export function checkOutputDir(dir: string, kind: OutputKind, opts: ClaimOptions = {}): DirState {
  // an empty name (`--out=`) would resolve to the working directory
  if (dir.trim() === '') throw new InputError(opts.flag ?? '--out', '', 'an output directory name', 'an empty name');
  const st = inspectDir(dir, kind);
  const expected = `an absent or empty directory, or an earlier vpsim ${kind} output (with ${MARKER})`;
  if (st.state === 'not-a-directory') throw new InputError(dir, '', `${expected}; vpsim never replaces a file`, st.what);
  if (opts.force) return st;
  if (st.state === 'foreign') {
    const shown = st.entries.slice(0, 3).join(', ') + (st.entries.length > 3 ? ', ...' : '');
    throw new InputError(dir, '', `${expected} (--force writes into it and keeps every file it did not write)`, `a directory holding ${st.entries.length} other file(s): ${shown}`);
  }
  if (st.state === 'other-kind') throw new InputError(dir, '', `${expected} (--force writes into it anyway)`, `a vpsim ${st.marker.kind} output`);
  return st;
}

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(root, r));
    else out.push(r);
  }
  return out.sort();
}

function moveAside(path: string): string {
  let n = 1;
  let to = `${path}.orig`;
  while (existsSync(to)) to = `${path}.orig.${++n}`;
  renameSync(path, to);
  return to;
}

/** Marker of a directory: what vpsim wrote there. */
export function writeMarker(dir: string, m: Omit<OutputMarker, 'format'>): void {
  const tmp = join(dir, `${TMP_PREFIX}marker-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(tmp, JSON.stringify({ format: 'vpsim-output/1', ...m }, null, 1) + '\n');
  renameSync(tmp, join(dir, MARKER));
}

/** Creates `dir` (and parents) if needed; returns the topmost directory created, or null. */
function makeDir(dir: string): string | null {
  const abs = resolve(dir);
  let top: string | null = null;
  let p = abs;
  while (!existsSync(p)) {
    top = p;
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  try {
    mkdirSync(abs, { recursive: true });
  } catch (err) {
    // a recursive mkdir reports ENOENT where the real cause is a read-only file system (or
    // another errno): create level by level to get the true one
    let cause = err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && top) {
      try {
        for (let q = top; ; q = join(q, relative(q, abs).split(sep)[0])) {
          if (!existsSync(q)) mkdirSync(q);
          if (q === abs) break;
        }
      } catch (e2) {
        cause = e2;
      }
      removeCreated(abs, top);
    }
    throw envError(cause, dir);
  }
  return top;
}

/** Free space an output directory must have before any work (MiB, `VPSIM_MIN_FREE_MB`, default 1). */
export function minFreeBytes(): number {
  const v = Number(process.env.VPSIM_MIN_FREE_MB);
  return (process.env.VPSIM_MIN_FREE_MB !== undefined && process.env.VPSIM_MIN_FREE_MB !== '' && Number.isFinite(v) && v >= 0 ? v : 1) * 1024 * 1024;
}

/** Refuses (environment error, exit 1) a directory on a file system with less free space than minFreeBytes(). */
function checkFreeSpace(dir: string): void {
  const need = minFreeBytes();
  if (need === 0) return;
  let free: number;
  try {
    const st = statfsSync(dir);
    free = Number(st.bavail) * Number(st.bsize);
  } catch {
    return; // no statfs here: the write probe and the writes themselves still fail cleanly
  }
  if (free < need) {
    throw new EnvironmentError(`${dir}: no space left on the device (ENOSPC): ${(free / 1024).toFixed(0)} KiB free, at least ${(need / 1024 / 1024).toFixed(need < 1024 * 1024 ? 2 : 0)} MiB needed (VPSIM_MIN_FREE_MB)`, 'ENOSPC');
  }
}

/** Removes directories vpsim created (from `dir` up to `top`) while they are empty. */
function removeCreated(dir: string, top: string | null): void {
  if (!top) return;
  let p = resolve(dir);
  for (;;) {
    try {
      if (readdirSync(p).length > 0) return;
      rmdirSync(p);
    } catch {
      return;
    }
    if (p === top) return;
    const up = dirname(p);
    if (up === p || !(up + sep).startsWith(dirname(top) + sep)) return;
    p = up;
  }
}

export interface WriteOutputOptions extends ClaimOptions {
  /** Extra marker fields (run: scenarioHash). */
  scenarioHash?: string;
  /** Called with messages about files moved aside (stderr). */
  warn?: (m: string) => void;
}

/**
 * Writes an output directory under the policy: `fill` writes into a temporary directory; then the
 * new files replace the files of the earlier vpsim output (those listed in its marker), files the
 * user added stay. Returns the list of files written.
 */
export async function writeOutputDir(dir: string, kind: OutputKind, fill: (tmp: string) => void | Promise<void>, opts: WriteOutputOptions = {}): Promise<string[]> {
  const state = checkOutputDir(dir, kind, opts);
  const created = makeDir(dir);
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    try {
      mkdirSync(tmp);
    } catch (err) {
      throw envError(err, dir);
    }
    try {
      await fill(tmp);
    } catch (err) {
      throw envError(err, dir);
    }
    const files = listFiles(tmp);
    const old = state.state === 'ours' || state.state === 'other-kind' ? new Set(state.marker.files) : new Set<string>();
    try {
      // marker first (old and new files), so an interruption never leaves a vpsim file unlisted
      writeMarker(dir, { kind, files: [...new Set([...old, ...files])].sort(), ...(opts.scenarioHash ? { scenarioHash: opts.scenarioHash } : {}) });
      for (const f of files) {
        const target = join(dir, f);
        mkdirSync(dirname(target), { recursive: true });
        let st;
        try {
          st = lstatSync(target);
        } catch {
          st = null;
        }
        if (st && (!old.has(f) || st.isDirectory())) {
          const to = moveAside(target);
          opts.warn?.(`kept ${target} (not written by vpsim) as ${to}`);
        }
        renameSync(join(tmp, f), target);
      }
      // earlier vpsim files the new output does not have
      for (const f of old) {
        if (files.includes(f) || f === MARKER) continue;
        const p = join(dir, f);
        try {
          if (lstatSync(p).isFile() || lstatSync(p).isSymbolicLink()) unlinkSync(p);
        } catch {
          /* already gone */
        }
        removeEmptyParents(dir, dirname(f));
      }
      writeMarker(dir, { kind, files, ...(opts.scenarioHash ? { scenarioHash: opts.scenarioHash } : {}) });
    } catch (err) {
      throw envError(err, dir);
    }
    return files;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    removeCreated(dir, created);
    throw err;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function removeEmptyParents(root: string, rel: string): void {
  let r = rel;
  while (r && r !== '.') {
    try {
      rmdirSync(join(root, r));
    } catch {
      return;
    }
    r = dirname(r);
  }
}

/**
 * For outputs written incrementally (sweep, reproduce): checks the policy and creates the
 * directory with its marker before any work, so a read-only or foreign directory is refused
 * before hours of computing. Returns the directory's state before the claim.
 */
export function claimOutputDir(dir: string, kind: OutputKind, opts: ClaimOptions = {}): DirState {
  const state = checkOutputDir(dir, kind, opts);
  const created = makeDir(dir);
  try {
    checkFreeSpace(dir);
    if (state.state === 'ours') {
      // an earlier output of ours keeps its marker as it is (a second process resuming the same
      // output must not write back an older file list): only check that the directory is writable
      const probe = join(dir, `${TMP_PREFIX}probe-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        writeFileSync(probe, '');
      } finally {
        rmSync(probe, { force: true });
      }
    } else writeMarker(dir, { kind, files: [] });
  } catch (err) {
    removeCreated(dir, created);
    throw envError(err, dir);
  }
  return state;
}

/** Adds files (relative paths) to the marker of an incrementally written output. */
export function recordWritten(dir: string, kind: OutputKind, rels: string[]): void {
  const m = readMarker(dir);
  const files = new Set(m?.files ?? []);
  for (const r of rels) files.add(r.split(sep).join('/'));
  writeMarker(dir, { ...(m ?? {}), kind, files: [...files].sort() });
}

/** Whether vpsim wrote `file` (listed in the marker of its directory or of an ancestor up to `root`). */
export function wroteFile(root: string, file: string): boolean {
  const m = readMarker(root);
  if (!m) return false;
  const rel = relative(resolve(root), resolve(file)).split(sep).join('/');
  return m.files.includes(rel);
}

/** Fails early (environment error, exit 1) when `dir` cannot be created or written; leaves nothing behind. */
export function probeWritable(dir: string): void {
  const created = makeDir(dir);
  const probe = join(dir, `${TMP_PREFIX}probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    checkFreeSpace(dir);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    rmSync(probe, { force: true });
    throw envError(err, dir);
  } finally {
    removeCreated(dir, created);
  }
}
