// K9, lifecycle traceability: the share of registered trades whose complete event chain (from
// TradeRegistered to the terminal QuantityUnlocked) is in committed blocks with valid hashes.
//
// A block counts when its transaction hashes, Merkle root, header hash and proposer signature
// (key from the genesis block) all verify and, when its parent is present, the parent link holds.
// An event counts when the transaction recomputed from its events.jsonl record (id gvp:<seq>,
// payload hash) is in the block the record names. Lost blocks make K9 fall below 100%.
import type { KeyObject } from 'node:crypto';
import { eventTransaction } from '../contracts/chain.js';
import { hashHeaderBytes, hashTransactionBytes, merkleRootBytes } from '../ledger/hash.js';
import type { Transaction } from '../ledger/types.js';
import { publicKeyFromHex, verifyDigest } from '../ledger/keys.js';
import { parseBlockLine } from '../ledger/serialize.js';
import { ratio, type Ev } from './records.js';

export interface TraceKpi {
  traceabilityRatio: number | null;
  registeredTrades: number;
  traceableTrades: number;
  incompleteChains: number;
  eventsCommitted: number;
  eventsNotCommitted: number;
  blocks: number;
  invalidBlocks: number;
  missingHeights: number;
}

/** Valid committed transactions: tx id -> { height, tx } (tx digests recomputed and in the Merkle root). */
export function committedTransactions(lines: readonly string[]): { txs: Map<string, { height: number; tx: Transaction }>; blocks: number; invalid: number; missing: number } {
  const txs = new Map<string, { height: number; tx: Transaction }>();
  let keys: KeyObject[] = [];
  let prev: { height: number; hash: string } | null = null;
  let invalid = 0;
  let maxH = -1;
  for (const line of lines) {
    let b;
    let written: string[];
    try {
      const p = parseBlockLine(line);
      b = p.block;
      written = p.writtenTxHashes;
    } catch {
      invalid++;
      continue;
    }
    maxH = Math.max(maxH, b.height);
    let ok = true;
    const digests = b.txs.map((tx) => hashTransactionBytes(tx));
    for (let i = 0; i < digests.length && ok; i++) if (digests[i].toString('hex') !== written[i]) ok = false;
    if (ok && merkleRootBytes(digests).toString('hex') !== b.merkleRoot) ok = false;
    const digest = hashHeaderBytes(b);
    if (ok && digest.toString('hex') !== b.hash) ok = false;
    if (ok && b.height === 0) {
      try {
        keys = (b.validators ?? []).map((v) => publicKeyFromHex(v.publicKey));
      } catch {
        ok = false;
      }
      if (ok && keys.length > 0) ok = verifyDigest(digest, b.signature, keys[0]);
    } else if (ok) {
      const key = keys[b.proposer];
      ok = !!key && verifyDigest(digest, b.signature, key);
    }
    if (ok && prev && prev.height === b.height - 1 && b.parentHash !== prev.hash) ok = false;
    if (!ok) {
      invalid++;
      continue;
    }
    prev = { height: b.height, hash: b.hash };
    for (let i = 0; i < b.txs.length; i++) txs.set(b.txs[i].id, { height: b.height, tx: b.txs[i] });
  }
  return { txs, blocks: lines.length, invalid, missing: Math.max(0, maxH + 1 - lines.length) };
}

/**
 * What a run knows about its own committed blocks (the in-run K9 path): the run built these blocks
 * from the very digests it computed when each event was emitted, so it can say which events are in
 * which exported block without re-parsing and re-hashing the ledger. `vpsim kpi` keeps the
 * independent re-check from the exported bytes (committedTransactions); a test holds the two equal.
 */
export interface CommittedIndex {
  /** True when the transaction of event `e` is in the exported, valid block `e.block`. */
  holds(e: Ev): boolean;
  blocks: number;
  invalid: number;
  missing: number;
}

function sameTx(a: Transaction, b: Transaction): boolean {
  return a.id === b.id && a.payloadHash === b.payloadHash && a.type === b.type && a.sender === b.sender && a.size_bytes === b.size_bytes && a.complexity === b.complexity && a.submit_t_s === b.submit_t_s && a.deadline_t_s === b.deadline_t_s && a.payload === b.payload;
}

/** An index over exported ledger lines that re-verifies every block and transaction from the bytes. */
function indexFromLines(lines: readonly string[]): CommittedIndex {
  const committed = committedTransactions(lines);
  return {
    // the committed transaction's digest was recomputed from its fields and checked against the
    // block's Merkle root, so equal fields mean an equal transaction hash
    holds: (e) => {
      const c = committed.txs.get(`gvp:${e.seq}`);
      return !!c && c.height === e.block && sameTx(c.tx, eventTransaction(e));
    },
    blocks: committed.blocks,
    invalid: committed.invalid,
    missing: committed.missing,
  };
}

const NO_LEDGER: CommittedIndex = { holds: () => false, blocks: 0, invalid: 0, missing: 0 };

/** K9 accumulated one event at a time, each with whether its transaction is in its exported, valid block. */
export class TraceAcc {
  private readonly chainOk = new Map<string, { ok: boolean; terminal: boolean }>();
  private inBlocks = 0;
  private notIn = 0;

  add(e: Ev, ok: boolean): void {
    if (ok) this.inBlocks++;
    else this.notIn++;
    if (!e.tradeId) return;
    if (e.type === 'TradeRegistered') this.chainOk.set(e.tradeId, { ok, terminal: false });
    else {
      const ch = this.chainOk.get(e.tradeId);
      if (!ch) return;
      ch.ok &&= ok;
      if (e.type === 'QuantityUnlocked') ch.terminal = true;
    }
  }

  result(ledger: { blocks: number; invalid: number; missing: number }): TraceKpi {
    let traceable = 0;
    let incomplete = 0;
    for (const ch of this.chainOk.values()) {
      if (!ch.terminal) incomplete++;
      if (ch.ok && ch.terminal) traceable++;
    }
    return {
      traceabilityRatio: ratio(traceable, this.chainOk.size),
      registeredTrades: this.chainOk.size,
      traceableTrades: traceable,
      incompleteChains: incomplete,
      eventsCommitted: this.inBlocks,
      eventsNotCommitted: this.notIn,
      blocks: ledger.blocks,
      invalidBlocks: ledger.invalid,
      missingHeights: ledger.missing,
    };
  }
}

/** The committed index of a ledger: the exported lines (re-verified), a run's own CommittedIndex, or none. */
export function committedIndexOf(ledger: readonly string[] | CommittedIndex | null): CommittedIndex {
  return ledger === null ? NO_LEDGER : Array.isArray(ledger) ? indexFromLines(ledger) : (ledger as CommittedIndex);
}

/** K9 from the events and either the exported ledger lines (re-verified) or a run's own CommittedIndex. */
export function traceabilityKpi(events: Iterable<Ev>, ledger: readonly string[] | CommittedIndex | null): TraceKpi {
  const committed = committedIndexOf(ledger);
  const acc = new TraceAcc();
  for (const e of events) acc.add(e, committed.holds(e));
  return acc.result(committed);
}
