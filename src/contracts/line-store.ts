// Text lines kept as UTF-8 bytes in large Buffers outside the JS heap: a run's committed event
// lines (events.jsonl) are held here instead of as event objects, so the garbage collector neither
// traces them nor lets the heap grow by its factor over them. Lines are appended and read back by
// index; a line never spans two chunks.

const CHUNK = 8 << 20;

export class LineStore {
  private readonly chunks: Buffer[] = [];
  private cur: Buffer | null = null;
  private used = 0;
  /** Per line: chunk index and start offset; end = next line's start or the chunk's fill. */
  private chunkOf = new Int32Array(1 << 12);
  private startOf = new Int32Array(1 << 12);
  private readonly fill: number[] = [];
  private n = 0;

  get length(): number {
    return this.n;
  }

  append(line: string): void {
    const max = 3 * line.length;
    if (this.cur === null || this.used + max > this.cur.length) {
      if (this.cur !== null) this.fill[this.chunks.length - 1] = this.used;
      this.cur = Buffer.allocUnsafe(Math.max(CHUNK, max));
      this.chunks.push(this.cur);
      this.used = 0;
    }
    if (this.n === this.chunkOf.length) {
      this.chunkOf = grow(this.chunkOf);
      this.startOf = grow(this.startOf);
    }
    this.chunkOf[this.n] = this.chunks.length - 1;
    this.startOf[this.n] = this.used;
    this.used += this.cur.write(line, this.used, 'utf8');
    this.n++;
  }

  /** Line i (0-based) as a string. */
  at(i: number): string {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`line ${i} of ${this.n}`);
    const c = this.chunkOf[i];
    const end = i + 1 < this.n && this.chunkOf[i + 1] === c ? this.startOf[i + 1] : c === this.chunks.length - 1 ? this.used : this.fill[c];
    return this.chunks[c].toString('utf8', this.startOf[i], end);
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
