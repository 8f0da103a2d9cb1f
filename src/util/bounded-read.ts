// Bounded input: every file vpsim reads goes through here. The file is opened without blocking (a
// FIFO never hangs), checked to be a regular file (not a device, FIFO, socket or directory) and
// under a size limit before a byte is read; JSONL is read line by line with a bound on each line.
// Refusals are InputErrors (exit 2) naming the file.
//
// Limits (defaults; override with environment variables, in MiB):
//   VPSIM_MAX_INPUT_MB   scenario, sweep, feeder, keystore, trust and other small files   (64)
//   VPSIM_MAX_RECORD_MB  run records: events.jsonl, ledger.jsonl, summary.json, CSVs     (4096)
//   VPSIM_MAX_LINE_MB    one line of a JSONL file                                         (256)
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from './errors.js';

const MIB = 1024 * 1024;

function limitFromEnv(name: string, defMb: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return defMb * MIB;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InputError(name, '', 'a positive number of MiB', JSON.stringify(v));
  return Math.floor(n * MIB);
}

export type InputClass = 'input' | 'record';

export function maxBytes(kind: InputClass): number {
  return kind === 'input' ? limitFromEnv('VPSIM_MAX_INPUT_MB', 64) : limitFromEnv('VPSIM_MAX_RECORD_MB', 4096);
}

export function maxLineBytes(): number {
  return limitFromEnv('VPSIM_MAX_LINE_MB', 256);
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function openCode(code: string | undefined): string {
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'a file without read permission';
  if (code === 'EISDIR') return 'a directory';
  if (code === 'ENOTDIR') return 'a path through something that is not a directory';
  if (code === 'ELOOP') return 'a symlink loop';
  return `an unreadable file (${code ?? 'error'})`;
}

/** Opens `path` for reading and checks it: regular file, at most `limit` bytes. Returns fd and size. */
export function openChecked(path: string, shown: string, what: string, limit: number): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new InputError(shown, '', `a readable ${what}`, openCode((err as NodeJS.ErrnoException).code));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(shown, '', `a regular file (${what})`, kindOf(st));
    if (st.size > limit) throw new InputError(shown, '', `a ${what} of at most ${fmtBytes(limit)} (limit: ${limitHint(limit)})`, `${fmtBytes(st.size)}`);
    return { fd, size: st.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function fmtBytes(n: number): string {
  return n >= MIB ? `${(n / MIB).toFixed(1)} MiB` : `${n} bytes`;
}

function limitHint(_limit: number): string {
  return 'VPSIM_MAX_INPUT_MB / VPSIM_MAX_RECORD_MB';
}

/** Reads a whole file as UTF-8 (a leading BOM removed) after the checks of openChecked. */
export function readTextBounded(path: string, shown: string, what: string, kind: InputClass = 'input'): string {
  const limit = maxBytes(kind);
  const { fd, size } = openChecked(path, shown, what, limit);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(Math.min(Math.max(size, 1), 1 << 20) + 1);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw new InputError(shown, '', `a readable ${what}`, openCode((err as NodeJS.ErrnoException).code));
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw new InputError(shown, '', `a ${what} of at most ${fmtBytes(limit)}`, 'a file that keeps growing');
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of a text file, read in chunks (never the whole file as one string). Splits on "\n"
 * only; a final line without a newline is yielded too. `lineNo` is 1-based.
 */
export function* readLinesBounded(path: string, shown: string, what: string, hash?: { update(b: Uint8Array): unknown }): Generator<{ line: string; lineNo: number }> {
  const limit = maxBytes('record');
  const lineLimit = maxLineBytes();
  const { fd } = openChecked(path, shown, what, limit);
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let pending: Buffer[] = [];
    let pendingLen = 0;
    let lineNo = 0;
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw new InputError(shown, '', `a ${what} of at most ${fmtBytes(limit)}`, 'a file that keeps growing');
      hash?.update(buf.subarray(0, n));
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        if (nl < 0 || nl >= n) break;
        const part = buf.subarray(start, nl);
        const whole = pendingLen ? Buffer.concat([...pending, part], pendingLen + part.length) : part;
        pending = [];
        pendingLen = 0;
        lineNo++;
        if (whole.length > lineLimit) throw new InputError(shown, `line ${lineNo}`, `a line of at most ${fmtBytes(lineLimit)} (VPSIM_MAX_LINE_MB)`, fmtBytes(whole.length));
        yield { line: whole.toString('utf8'), lineNo };
        start = nl + 1;
      }
      if (start < n) {
        pending.push(Buffer.from(buf.subarray(start, n)));
        pendingLen += n - start;
        if (pendingLen > lineLimit) throw new InputError(shown, `line ${lineNo + 1}`, `a line of at most ${fmtBytes(lineLimit)} (VPSIM_MAX_LINE_MB)`, `a longer line`);
      }
    }
    if (pendingLen > 0) yield { line: Buffer.concat(pending, pendingLen).toString('utf8'), lineNo: lineNo + 1 };
  } finally {
    closeSync(fd);
  }
}

/** Reads a JSON file (bounded; BOM accepted) with an InputError naming the file when it is not JSON. */
export function readJsonBounded(path: string, shown: string, what: string, kind: InputClass = 'input'): unknown {
  const text = readTextBounded(path, shown, what, kind);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(shown, '', `valid JSON (${what})`, (err as Error).message.split('\n')[0]);
  }
}
