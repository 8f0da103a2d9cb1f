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
import type { Transaction } from '../ledger/types.js';
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
  return {
    id: eventTxId(rec.seq as number),
    type: `gvp:${rec.type as string}`,
    sender: String(rec.signer ?? 'market'),
    payloadHash: sha256Hex(payload),
    size_bytes: payload.length + overhead,
    complexity: 1,
    submit_t_s: rec.t as number,
    deadline_t_s: null,
  };
}

export class EventChain {
  readonly records: EventRecord[] = [];
  /** ledger.jsonl line of every sealed block, index = height (blocks are not kept as objects). */
  readonly lines: string[] = [];
  readonly builder: ChainBuilder;
  /** First event seq of the block at each height (heights 1..; the genesis holds none). */
  readonly firstSeq: number[] = [0];
  private firstPending = 0;
  private lastT = 0;
  /** Hex transaction hashes of the pending events (computed once, at emit). */
  private pendingHashes: string[] = [];

  constructor(private readonly opts: EventChainOptions) {
    this.builder = new ChainBuilder({ seed: opts.seed, validators: opts.validators });
    this.lines.push(serializeBlock(this.builder.genesis));
  }

  /** Appends an event (its `t` must not be earlier than the previous event's). */
  emit(ev: LifecycleEvent): EventRecord {
    const rec = { seq: this.records.length, block: -1, ...ev } as EventRecord;
    delete (rec as Record<string, unknown>).sig;
    const payload = eventPayload(rec);
    if (this.opts.signEvents) {
      const key = this.opts.keys?.get(rec.signer);
      if (!key) throw new Error(`no signing key for identity '${rec.signer}'`);
      (rec as Record<string, unknown>).sig = edSign(null, Buffer.from(payload), key).toString('hex');
    }
    const tx = eventTransaction(rec, payload, this.opts.txOverheadBytes);
    const digest = hashTransaction(tx);
    this.builder.append(tx, digest);
    this.pendingHashes.push(digest);
    this.records.push(rec);
    this.lastT = Math.max(this.lastT, ev.t);
    if (this.builder.pendingCount >= this.opts.maxTxPerBlock) this.seal(this.lastT);
    return rec;
  }

  emitAll(evs: readonly LifecycleEvent[]): void {
    for (const e of evs) this.emit(e);
  }

  /** Seals pending events into a block at time t (round-robin proposer). */
  seal(t: number): void {
    if (this.builder.pendingCount === 0) return;
    const h = this.builder.height + 1;
    const block = this.builder.seal(h % this.opts.validators, Math.max(t, this.lastT));
    for (let i = this.firstPending; i < this.records.length; i++) this.records[i].block = h;
    this.firstSeq.push(this.firstPending);
    this.firstPending = this.records.length;
    this.lines.push(serializeBlock(block, this.pendingHashes));
    this.pendingHashes = [];
  }

  /** ledger.jsonl lines (canonical), leaving out the blocks whose heights are in `drop` (lost blocks). */
  exportLines(drop: ReadonlySet<number> = new Set()): string[] {
    return drop.size === 0 ? this.lines : this.lines.filter((_, h) => !drop.has(h));
  }
}
