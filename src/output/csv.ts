// CSV with one header row; columns are the union of row keys in first-seen order. JSONL one item a
// line. The file writers stream: they write chunks of about CHUNK characters to the file as they go,
// so a run's events.jsonl or ledger.jsonl is never held as one string (the bytes equal toCsv/toJsonl).
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Row } from '../sim/recorder.js';

const CHUNK = 1 << 20;
const CSV_ROWS_PER_CHUNK = 4096;

/** A JSONL item that is already its serialized line (without the newline): written as is. */
export class JsonLine {
  constructor(readonly text: string) {}
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** What a store of JSONL bytes offers the writer: the file's bytes in order and what its scan would find. */
export interface JsonlBytesSource {
  readonly length: number;
  readonly signed: number;
  at(i: number): string;
  bytes(): Iterable<Uint8Array>;
}

/**
 * JSONL items already held as the file's bytes (every line with its newline): the writer copies the
 * bytes as they are (no decoding and re-encoding); iterated, it gives each line as a JsonLine.
 */
export class JsonlChunks implements Iterable<JsonLine> {
  constructor(readonly source: JsonlBytesSource) {}
  *[Symbol.iterator](): Iterator<JsonLine> {
    for (let i = 0; i < this.source.length; i++) yield new JsonLine(this.source.at(i));
  }
}

function csvColumns(rows: readonly Row[]): string[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return columns;
}

const csvCast = { boolean: (b: boolean) => (b ? 'true' : 'false') };

export function toCsv(rows: Row[]): string {
  return stringify(rows, { header: true, columns: csvColumns(rows), cast: csvCast });
}

function jsonLine(it: unknown): string {
  return it instanceof JsonLine ? it.text : JSON.stringify(it);
}

export function toJsonl(items: readonly unknown[]): string {
  let s = '';
  for (const it of items) s += jsonLine(it) + '\n';
  return s;
}

/**
 * Appends text to a file descriptor in chunks of about CHUNK characters (hashing the bytes written
 * when given a hash). The UTF-8 bytes of a chunk go through one reused buffer (a chunk of n UTF-16
 * units is at most 3n bytes), so writing a large file leaves no megabyte Buffers behind for the GC.
 */
class ChunkWriter {
  private buf = '';
  private readonly scratch = Buffer.allocUnsafe(4 * CHUNK);
  constructor(private readonly fd: number, private readonly hash?: Hash) {}
  add(s: string): void {
    this.buf += s;
    if (this.buf.length >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.buf.length === 0) return;
    const text = this.buf;
    this.buf = '';
    const bytes = 3 * text.length <= this.scratch.length ? this.scratch.subarray(0, this.scratch.write(text, 0, 'utf8')) : Buffer.from(text, 'utf8');
    this.hash?.update(bytes);
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }
}

function withFile(path: string, fill: (w: ChunkWriter) => void, hash?: Hash): void {
  const fd = openSync(path, 'w');
  try {
    const w = new ChunkWriter(fd, hash);
    fill(w);
    w.flush();
  } finally {
    closeSync(fd);
  }
}

/** What a JSONL file holds, taken from the bytes as they are written (the run's anchor is built from it). */
export interface JsonlScan {
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  lines: number;
  /** Lines with a `"sig":` field (signed events). */
  signed: number;
  first: string | null;
  last: string | null;
}

/** Writes items as JSONL to `path`, streaming (same bytes as toJsonl); returns the digest and line counts of what it wrote. */
export function writeJsonlFile(path: string, items: Iterable<unknown>): JsonlScan {
  const hash = createHash('sha256');
  if (items instanceof JsonlChunks) {
    const src = items.source;
    const fd = openSync(path, 'w');
    try {
      for (const bytes of src.bytes()) {
        hash.update(bytes);
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      }
    } finally {
      closeSync(fd);
    }
    const n = src.length;
    return { sha256: hash.digest('hex'), lines: n, signed: src.signed, first: n > 0 ? src.at(0) : null, last: n > 0 ? src.at(n - 1) : null };
  }
  let lines = 0;
  let signed = 0;
  let first: string | null = null;
  let last: string | null = null;
  withFile(
    path,
    (w) => {
      for (const it of items) {
        const line = jsonLine(it);
        lines++;
        if (first === null) first = line;
        last = line;
        if (line.includes('"sig":')) signed++;
        w.add(line + '\n');
      }
    },
    hash
  );
  return { sha256: hash.digest('hex'), lines, signed, first, last };
}

/** Writes rows as CSV to `path`, a block of rows at a time (same bytes as toCsv). */
export function writeCsvFile(path: string, rows: readonly Row[]): void {
  const columns = csvColumns(rows);
  withFile(path, (w) => {
    if (rows.length === 0) {
      w.add(stringify([], { header: true, columns, cast: csvCast }));
      return;
    }
    for (let i = 0; i < rows.length; i += CSV_ROWS_PER_CHUNK) {
      w.add(stringify(rows.slice(i, i + CSV_ROWS_PER_CHUNK), { header: i === 0, columns, cast: csvCast }));
    }
  });
}

/** Parses CSV with a header row into records of strings (RFC 4180, via csv-parse). */
export function parseCsvStrings(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
}

/** Parses CSV with a header row; numbers become numbers, true/false booleans, empty cells null. */
export function parseCsv(text: string): Row[] {
  return parse(text, {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    bom: true,
    cast: (value, ctx) => (ctx.header ? value : coerceCell(value)),
  });
}

function coerceCell(s: string): string | number | boolean | null {
  if (s === '') return null;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (s === 'NaN' || s === 'Infinity' || s === '-Infinity') return Number(s);
  return s;
}
