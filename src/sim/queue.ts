// Event queue: a binary min-heap ordered by (time, priority, sequence).
// The heap holds only three numbers per event (time, packed priority+sequence key, slot);
// payloads live in slot arrays so sifting moves no objects. Slots are recycled via a free list.

const SEQ_BITS = 2 ** 36; // sequence numbers below 6.9e10 stay exact when packed with a priority
const PRIO_OFFSET = 2 ** 15; // priorities in [-32768, 32767]

export interface EventPayload {
  target: number;
  from: number;
  kind: number;
  data: unknown;
}

// Cold paths kept out of the hot functions, so that they stay small enough for V8 to inline.
function badPriority(priority: number): never {
  throw new RangeError(`event priority must be an integer in [-32768, 32767], got ${priority}`);
}

export class EventQueue {
  private ht: Float64Array;
  private hk: Float64Array;
  private hs: Int32Array;
  private n = 0;
  private seq = 0;
  // slot storage
  target: Int32Array;
  from: Int32Array;
  kind: Uint8Array;
  data: unknown[];
  private free: Int32Array;
  private nFree = 0;
  private nSlots = 0;

  constructor(capacity = 1024) {
    this.ht = new Float64Array(capacity);
    this.hk = new Float64Array(capacity);
    this.hs = new Int32Array(capacity);
    this.target = new Int32Array(capacity);
    this.from = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.data = new Array(capacity);
    this.free = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.ht[0] : Infinity;
  }

  /** Inserts an event and returns its sequence number. */
  push(time: number, priority: number, target: number, from: number, kind: number, data: unknown): number {
    if ((priority | 0) !== priority || priority < -PRIO_OFFSET || priority >= PRIO_OFFSET) badPriority(priority);
    const s = this.nFree > 0 ? this.free[--this.nFree] : this.nSlots++;
    if (s >= this.target.length) this.growSlots();
    this.target[s] = target;
    this.from[s] = from;
    this.kind[s] = kind;
    this.data[s] = data;
    const seq = this.seq++;
    const key = (priority + PRIO_OFFSET) * SEQ_BITS + seq;
    if (this.n >= this.ht.length) this.growHeap();
    // sift up with a hole
    const ht = this.ht, hk = this.hk, hs = this.hs;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ht[p];
      if (pt < time || (pt === time && hk[p] < key)) break;
      ht[i] = pt;
      hk[i] = hk[p];
      hs[i] = hs[p];
      i = p;
    }
    ht[i] = time;
    hk[i] = key;
    hs[i] = s;
    return seq;
  }

  /** Removes the earliest event and returns its slot; read target/from/kind/data[slot], then call release(slot). */
  pop(): number {
    const ht = this.ht, hk = this.hk, hs = this.hs;
    const top = hs[0];
    const n = --this.n;
    if (n > 0) {
      const t = ht[n], k = hk[n], s = hs[n];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        let ct = ht[c], ck = hk[c];
        const r = c + 1;
        if (r < n) {
          const rt = ht[r], rk = hk[r];
          if (rt < ct || (rt === ct && rk < ck)) {
            c = r;
            ct = rt;
            ck = rk;
          }
        }
        if (t < ct || (t === ct && k < ck)) break;
        ht[i] = ct;
        hk[i] = ck;
        hs[i] = hs[c];
        i = c;
      }
      ht[i] = t;
      hk[i] = k;
      hs[i] = s;
    }
    return top;
  }

  release(slot: number): void {
    this.data[slot] = undefined;
    this.free[this.nFree++] = slot;
  }

  clear(): void {
    this.n = 0;
    this.nFree = 0;
    this.nSlots = 0;
    this.data.fill(undefined);
  }

  private growHeap(): void {
    const cap = this.ht.length * 2;
    const ht = new Float64Array(cap), hk = new Float64Array(cap), hs = new Int32Array(cap);
    ht.set(this.ht);
    hk.set(this.hk);
    hs.set(this.hs);
    this.ht = ht;
    this.hk = hk;
    this.hs = hs;
  }

  private growSlots(): void {
    const cap = this.target.length * 2;
    const target = new Int32Array(cap), from = new Int32Array(cap), kind = new Uint8Array(cap), free = new Int32Array(cap);
    target.set(this.target);
    from.set(this.from);
    kind.set(this.kind);
    free.set(this.free);
    this.target = target;
    this.from = from;
    this.kind = kind;
    this.free = free;
    this.data.length = cap;
  }
}
