// Text lines kept as UTF-8 bytes in large Buffers outside the JS heap: a run's committed event
// lines (events.jsonl) are held here instead of as event objects, so the garbage collector neither
// traces them nor lets the heap grow by its factor over them. Each line is stored with its newline,
// so the filled part of each chunk is a run of JSONL file bytes that can be written out as is.
// Lines are appended (one or a batch at a time) and read back by index; a line never spans two chunks.

const CHUNK = 8 << 20;

export class LineStore {
  private readonly chunks: Buffer[] = [];
  private cur: Buffer | null = null;
  private used = 0;
  /** Per line: chunk index and start offset; its end (after the newline) is the next line's start or the chunk's fill. */
  private chunkOf = new Int32Array(1 << 12);
  private startOf = new Int32Array(1 << 12);
  private readonly fill: number[] = [];
  private n = 0;
  private signedLines = 0;

  get length(): number {
    return this.n;
  }

  /** Lines holding a `"sig":` field name (what the JSONL writer's scan counts as signed). */
  get signed(): number {
    return this.signedLines;
  }

  private room(bytes: number): void {
    if (this.cur !== null && this.used + bytes <= this.cur.length) return;
    if (this.cur !== null) this.fill[this.chunks.length - 1] = this.used;
    this.cur = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
    this.chunks.push(this.cur);
    this.used = 0;
  }

  private index(start: number): void {
    if (this.n === this.chunkOf.length) {
      this.chunkOf = grow(this.chunkOf);
      this.startOf = grow(this.startOf);
    }
    this.chunkOf[this.n] = this.chunks.length - 1;
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

  /** Line i (0-based) as a string, without its newline. */
  at(i: number): string {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`line ${i} of ${this.n}`);
    const c = this.chunkOf[i];
    const end = i + 1 < this.n && this.chunkOf[i + 1] === c ? this.startOf[i + 1] : c === this.chunks.length - 1 ? this.used : this.fill[c];
    return this.chunks[c].toString('utf8', this.startOf[i], end - 1);
  }

  /** The stored bytes in order (every line with its newline): the JSONL file. Views, not copies. */
  *bytes(): Iterable<Uint8Array> {
    for (let c = 0; c < this.chunks.length; c++) {
      const end = c === this.chunks.length - 1 ? this.used : this.fill[c];
      if (end > 0) yield this.chunks[c].subarray(0, end);
    }
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
