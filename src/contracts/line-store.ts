// Text lines kept as UTF-8 bytes outside the JS heap: a run's committed event lines (events.jsonl)
// are held here instead of as event objects, so the garbage collector neither traces them nor
// lets the heap grow by its factor over them. Each line is stored with its newline, so the stored
// bytes in order are the JSONL file and can be written out as they are.
//
// Lines go into a chunk buffer (8 MB; a line never spans two chunks). When a chunk is full and
// `spill` is on, its bytes are written to an unnamed scratch file (created in the OS temp folder
// and unlinked at once, so nothing is left behind even if the process dies; closed when the store
// is collected) and the buffer is reused: a large run holds one chunk in memory instead of its
// whole log. If no scratch file can be made, the chunks stay in memory.
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHUNK = 8 << 20;

const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

function scratchFile(): number | null {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'vpsim-lines-'));
    const path = join(dir, 'lines');
    const fd = openSync(path, 'w+');
    unlinkSync(path);
    rmdirSync(dir);
    return fd;
  } catch {
    return null;
  }
}

export interface LineStoreOptions {
  /** Write full chunks to an unnamed scratch file instead of keeping them in memory. */
  spill?: boolean;
}

export class LineStore {
  /** Full chunks kept in memory (index = chunk number), or null where the chunk was spilled to the file. */
  private readonly chunks: (Buffer | null)[] = [];
  /** Per full chunk: its bytes' offset in the scratch file (spilled chunks) and its fill. */
  private readonly fileOff: number[] = [];
  private readonly fill: number[] = [];
  private cur: Buffer | null = null;
  private used = 0;
  private fd: number | null = null;
  private fileEnd = 0;
  private spillFailed = false;
  /** Per line: chunk number and start offset in it; its end (after the newline) is the next line's start or the chunk's fill. */
  private chunkOf = new Int32Array(1 << 12);
  private startOf = new Int32Array(1 << 12);
  private n = 0;
  private signedLines = 0;

  constructor(private readonly opts: LineStoreOptions = {}) {}

  get length(): number {
    return this.n;
  }

  /** Lines holding a `"sig":` field name (what the JSONL writer's scan counts as signed). */
  get signed(): number {
    return this.signedLines;
  }

  /** Bytes held in memory (chunk buffers), not counting what was spilled. */
  get memoryBytes(): number {
    let b = this.cur?.length ?? 0;
    for (const c of this.chunks) if (c) b += c.length;
    return b;
  }

  /** Index of the current chunk (the one being filled). */
  private get curNo(): number {
    return this.chunks.length;
  }

  /** Makes sure the current chunk has room for `bytes` more, closing the full chunk (spilled or kept). */
  private room(bytes: number): void {
    if (this.cur !== null && this.used + bytes <= this.cur.length) return;
    let reuse: Buffer | null = null;
    if (this.cur !== null) {
      this.fill.push(this.used);
      if (this.opts.spill && !this.spillFailed && this.fd === null) {
        this.fd = scratchFile();
        if (this.fd === null) this.spillFailed = true;
        else closer.register(this, this.fd);
      }
      if (this.fd !== null) {
        const off = this.fileEnd;
        for (let w = 0; w < this.used; ) w += writeSync(this.fd, this.cur, w, this.used - w, off + w);
        this.fileOff.push(off);
        this.fileEnd += this.used;
        this.chunks.push(null);
        reuse = this.cur;
      } else {
        this.fileOff.push(-1);
        this.chunks.push(this.cur);
      }
    }
    this.cur = reuse !== null && reuse.length >= bytes ? reuse : Buffer.allocUnsafe(Math.max(CHUNK, bytes));
    this.used = 0;
  }

  private index(start: number): void {
    if (this.n === this.chunkOf.length) {
      this.chunkOf = grow(this.chunkOf);
      this.startOf = grow(this.startOf);
    }
    this.chunkOf[this.n] = this.curNo;
    this.startOf[this.n] = start;
    this.n++;
  }

  append(line: string): void {
    this.room(3 * line.length + 1);
    if (line.includes('"sig":')) this.signedLines++;
    this.index(this.used);
    this.used += this.cur!.write(line, this.used, 'utf8');
    this.cur![this.used++] = 0x0a;
  }

  /** Appends lines in order: one UTF-8 write for the batch when it is ASCII (the usual case). */
  appendAll(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const text = lines.join('\n') + '\n';
    this.room(3 * text.length);
    const start = this.used;
    const written = this.cur!.write(text, start, 'utf8');
    if (written !== text.length) {
      // not ASCII: byte offsets differ from character offsets, so append line by line
      for (const l of lines) this.append(l);
      return;
    }
    let off = start;
    for (const l of lines) {
      if (l.includes('"sig":')) this.signedLines++;
      this.index(off);
      off += l.length + 1;
    }
    this.used = off;
  }

  /** The bytes [from, to) of chunk c (a copy when the chunk was spilled). */
  private slice(c: number, from: number, to: number): Buffer {
    if (c === this.curNo) return this.cur!.subarray(from, to);
    const mem = this.chunks[c];
    if (mem) return mem.subarray(from, to);
    const buf = Buffer.allocUnsafe(to - from);
    for (let r = 0; r < buf.length; ) {
      const k = readSync(this.fd!, buf, r, buf.length - r, this.fileOff[c] + from + r);
      if (k === 0) throw new Error('line store: scratch file ended early');
      r += k;
    }
    return buf;
  }

  /** Line i (0-based) as a string, without its newline. */
  at(i: number): string {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`line ${i} of ${this.n}`);
    const c = this.chunkOf[i];
    const end = i + 1 < this.n && this.chunkOf[i + 1] === c ? this.startOf[i + 1] : c === this.curNo ? this.used : this.fill[c];
    return this.slice(c, this.startOf[i], end - 1).toString('utf8');
  }

  /**
   * The stored bytes in order (every line with its newline): the JSONL file. Each view is valid
   * until the next one is asked for (spilled chunks are read back into one reused buffer).
   */
  *bytes(): Iterable<Uint8Array> {
    let buf: Buffer | null = null;
    for (let c = 0; c < this.chunks.length; c++) {
      const mem = this.chunks[c];
      const len = this.fill[c];
      if (len === 0) continue;
      if (mem) {
        yield mem.subarray(0, len);
        continue;
      }
      if (buf === null || buf.length < len) buf = Buffer.allocUnsafe(Math.max(CHUNK, len));
      for (let r = 0; r < len; ) {
        const k = readSync(this.fd!, buf, r, len - r, this.fileOff[c] + r);
        if (k === 0) throw new Error('line store: scratch file ended early');
        r += k;
      }
      yield buf.subarray(0, len);
    }
    if (this.cur !== null && this.used > 0) yield this.cur.subarray(0, this.used);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.n; i++) yield this.at(i);
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
