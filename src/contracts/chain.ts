// Every lifecycle event is a ledger transaction: EventChain gives each event its sequence number,
// turns it into a Transaction (id `gvp:<seq>`, payloadHash = SHA-256 of the event's canonical
// payload, sender = the signing identity), optionally signs the payload with the sender's Ed25519
// key, and seals signed blocks with the ledger's ChainBuilder. After sealing, each event record
// carries the height of the block that committed it.
//
// Canonical payload of an event record = JSON.stringify of the record without `seq`, `block` and
// `sig`, keys in their recorded order (so it can be recomputed from events.jsonl).
import { sign as edSign, type KeyObject } from 'node:crypto';
import { ChainBuilder } from '../ledger/chain.js';
import { hashTransaction, sha256Hex } from '../ledger/hash.js';
import { serializeBlock } from '../ledger/serialize.js';
import type { Block, Transaction } from '../ledger/types.js';
import { LineStore } from './line-store.js';
import type { LifecycleEvent } from './types.js';

export interface EventChainOptions {
  seed: number | string;
  validators: number;
  /** Seal a block when this many transactions are pending. */
  maxTxPerBlock: number;
  /** Signing keys by identity; events are signed when `signEvents` is true. */
  keys?: Map<string, KeyObject>;
  signEvents?: boolean;
  /** Modelled transaction overhead on top of the payload, bytes. */
  txOverheadBytes?: number;
  /** Keep the committed events' lines in a scratch file beyond the first 8 MB (see LineStore). */
  spillLines?: boolean;
}

export type EventRecord = LifecycleEvent & { seq: number; block: number };

export function eventPayload(rec: Record<string, unknown>): string {
  // fast path: records as emitted start with seq and block and carry no sig
  if (rec.sig === undefined) {
    const text = JSON.stringify(rec);
    const prefix = `{"seq":${JSON.stringify(rec.seq)},"block":${JSON.stringify(rec.block)}`;
    if (text.startsWith(prefix)) return text.length === prefix.length + 1 ? '{}' : '{' + text.slice(prefix.length + 1);
  }
  const { seq: _s, block: _b, sig: _g, ...rest } = rec;
  return JSON.stringify(rest);
}

export function eventTxId(seq: number): string {
  return `gvp:${seq}`;
}

/** The transaction of an event record (pure: the KPI engine recomputes it from events.jsonl). */
export function eventTransaction(rec: Record<string, unknown>, payload = eventPayload(rec), overhead = 160): Transaction {
  return eventTransactionOf(rec, sha256Hex(payload), payload.length + overhead);
}

/** The transaction of an event record whose payload hash and modelled size are already known. */
function eventTransactionOf(rec: Record<string, unknown>, payloadHash: string, size: number): Transaction {
  return {
    id: eventTxId(rec.seq as number),
    type: `gvp:${rec.type as string}`,
    sender: String(rec.signer ?? 'market'),
    payloadHash,
    size_bytes: size,
    complexity: 1,
    submit_t_s: rec.t as number,
    deadline_t_s: null,
  };
}

/** 32-byte digests by index, in fixed-size chunks outside the JS heap (no per-event strings for the GC). */
class DigestStore {
  private static readonly CHUNK = 1 << 16;
  private readonly chunks: Buffer[] = [];
  set(i: number, hex: string): void {
    const c = i >>> 16;
    while (this.chunks.length <= c) this.chunks.push(Buffer.allocUnsafe(32 * DigestStore.CHUNK));
    this.chunks[c].write(hex, 32 * (i & (DigestStore.CHUNK - 1)), 32, 'hex');
  }
  hex(i: number): string {
    const off = 32 * (i & (DigestStore.CHUNK - 1));
    return this.chunks[i >>> 16].toString('hex', off, off + 32);
  }
}

export class EventChain {
  readonly builder: ChainBuilder;
  /** First event seq of the block at each height (heights 1..; the genesis holds none). */
  readonly firstSeq: number[] = [0];
  /**
   * Every sealed block without its transactions, index = height. A ledger.jsonl line is made when
   * it is written (line(h)) from this header, the per-event transaction fields and the digests kept
   * per event, so a run does not hold its whole ledger as text.
   */
  private readonly headers: Block[] = [];
  private readonly payloadHashes = new DigestStore();
  private readonly txHashes = new DigestStore();
  private sizes = new Int32Array(1 << 12);
  private times = new Float64Array(1 << 12);
  /** Per event: its transaction's sender and type (strings shared between events). */
  private readonly senders: string[] = [];
  private readonly txTypes: string[] = [];
  private readonly typeNames = new Map<string, string>();
  /** The events.jsonl lines of the committed events (UTF-8, off the JS heap). */
  private readonly lines: LineStore;
  /** Records emitted since the last seal, and their JSON text as emitted (block -1) when it starts with seq and block. */
  private pending: EventRecord[] = [];
  private pendingText: (string | null)[] = [];
  private lastT = 0;

  /** `onSealed(h, records)`: called with each block's records (in seq order, `block` set) as it is sealed; the chain keeps only their lines afterwards. */
  constructor(private readonly opts: EventChainOptions, private readonly onSealed?: (h: number, records: readonly EventRecord[]) => void) {
    this.builder = new ChainBuilder({ seed: opts.seed, validators: opts.validators });
    this.headers.push(this.builder.genesis);
    this.lines = new LineStore({ spill: opts.spillLines });
  }

  /** Number of sealed blocks, genesis included (= ledger lines before lost blocks are left out). */
  get blockCount(): number {
    return this.headers.length;
  }

  /** Number of events emitted. */
  get count(): number {
    return this.senders.length;
  }

  /** Appends an event (its `t` must not be earlier than the previous event's). */
  emit(ev: LifecycleEvent): EventRecord {
    const seq = this.senders.length;
    const rec = { seq, block: -1, ...ev } as EventRecord;
    delete (rec as Record<string, unknown>).sig;
    // the payload (eventPayload's fast path, kept inline so the record's text serves its events.jsonl line too)
    let text: string | null = null;
    let payload: string;
    const full = JSON.stringify(rec);
    const prefix = `{"seq":${seq},"block":-1`;
    if (rec.block === -1 && full.startsWith(prefix)) {
      text = full;
      payload = full.length === prefix.length + 1 ? '{}' : '{' + full.slice(prefix.length + 1);
    } else payload = eventPayload(rec);
    if (this.opts.signEvents) {
      const key = this.opts.keys?.get(rec.signer);
      if (!key) throw new Error(`no signing key for identity '${rec.signer}'`);
      (rec as Record<string, unknown>).sig = edSign(null, Buffer.from(payload), key).toString('hex');
    }
    const tx = eventTransaction(rec, payload, this.opts.txOverheadBytes);
    const digest = hashTransaction(tx);
    this.builder.append(tx, digest);
    if (seq >= this.sizes.length) {
      this.sizes = growInt(this.sizes);
      this.times = growFloat(this.times);
    }
    this.sizes[seq] = tx.size_bytes;
    this.times[seq] = tx.submit_t_s;
    this.senders.push(tx.sender);
    let type = this.typeNames.get(tx.type);
    if (type === undefined) this.typeNames.set(tx.type, (type = tx.type));
    this.txTypes.push(type);
    this.payloadHashes.set(seq, tx.payloadHash);
    this.txHashes.set(seq, digest);
    this.pending.push(rec);
    this.pendingText.push(text);
    this.lastT = Math.max(this.lastT, ev.t);
    if (this.builder.pendingCount >= this.opts.maxTxPerBlock) this.seal(this.lastT);
    return rec;
  }

  emitAll(evs: readonly LifecycleEvent[]): void {
    for (const e of evs) this.emit(e);
  }

  /** Seals pending events into a block at time t (round-robin proposer); their records become events.jsonl lines. */
  seal(t: number): void {
    if (this.builder.pendingCount === 0) return;
    const h = this.builder.height + 1;
    const block = this.builder.seal(h % this.opts.validators, Math.max(t, this.lastT));
    const recs = this.pending;
    const texts = this.pendingText;
    this.pending = [];
    this.pendingText = [];
    this.firstSeq.push(this.lines.length);
    this.headers.push({ ...block, txs: [] });
    for (const r of recs) r.block = h;
    this.onSealed?.(h, recs);
    const lines: string[] = new Array(recs.length);
    for (let i = 0; i < recs.length; i++) lines[i] = recordLine(recs[i], texts[i], h);
    this.lines.appendAll(lines);
  }

  /** The events.jsonl line of event seq (committed events only: sealed blocks). */
  eventLine(seq: number): string {
    return this.lines.at(seq);
  }

  /** events.jsonl of the committed events in seq order: the stored lines (each made a string when read) and the file's bytes. */
  eventLines(): LineStore {
    return this.lines;
  }

  /** Number of committed (sealed) events. */
  get committedCount(): number {
    return this.lines.length;
  }

  /** The ledger.jsonl line (canonical) of the block at height h, made from the stored transaction fields and digests. */
  line(h: number): string {
    const header = this.headers[h];
    if (h === 0) return serializeBlock(header);
    const from = this.firstSeq[h];
    const to = h + 1 < this.firstSeq.length ? this.firstSeq[h + 1] : this.lines.length;
    const txs: Transaction[] = [];
    const hashes: string[] = [];
    for (let s = from; s < to; s++) {
      txs.push({ id: eventTxId(s), type: this.txTypes[s], sender: this.senders[s], payloadHash: this.payloadHashes.hex(s), size_bytes: this.sizes[s], complexity: 1, submit_t_s: this.times[s], deadline_t_s: null });
      hashes.push(this.txHashes.hex(s));
    }
    return serializeBlock({ ...header, txs }, hashes);
  }

  /** ledger.jsonl lines (canonical), leaving out the blocks whose heights are in `drop` (lost blocks); made one at a time as iterated. */
  exportLines(drop: ReadonlySet<number> = new Set()): LedgerLines {
    const heights: number[] = [];
    for (let h = 0; h < this.headers.length; h++) if (!drop.has(h)) heights.push(h);
    return new LedgerLines(this, heights);
  }
}

/**
 * The events.jsonl line of a sealed record: JSON.stringify(rec). When the record's text as emitted
 * (block -1, no sig) is at hand, the line is that text with the block height put in and the
 * signature appended, the same bytes without serializing the record again.
 */
function recordLine(rec: EventRecord, text: string | null, h: number): string {
  if (text === null) return JSON.stringify(rec);
  const head = `{"seq":${rec.seq},"block":${h}`;
  const body = text.slice(`{"seq":${rec.seq},"block":-1`.length);
  const sig = (rec as Record<string, unknown>).sig;
  if (sig === undefined) return head + body;
  return head + body.slice(0, -1) + `,"sig":${JSON.stringify(sig)}}`;
}

function growInt(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function growFloat(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** The exported ledger.jsonl lines of a chain, made on demand (iterate, or `at(i)`). */
export class LedgerLines implements Iterable<string> {
  constructor(private readonly chain: EventChain, private readonly heights: readonly number[]) {}
  get length(): number {
    return this.heights.length;
  }
  at(i: number): string {
    return this.chain.line(this.heights[i]);
  }
  *[Symbol.iterator](): Iterator<string> {
    for (const h of this.heights) yield this.chain.line(h);
  }
}
