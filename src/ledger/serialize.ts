// ledger.jsonl: one block a line, canonical key order, no whitespace. verifyLedger requires every
// line to re-serialize to exactly itself, so any byte change is either a parse error, a canonical
// form error, or a changed value that the hashes and signatures catch.
import { hashTransaction } from './hash.js';
import type { Block, Transaction } from './types.js';

/** Canonical JSON of a transaction in a block (with its hash when given). */
function txObject(tx: Transaction, hash?: string): Record<string, unknown> {
  const o: Record<string, unknown> = {
    id: tx.id,
    type: tx.type,
    sender: tx.sender,
    payloadHash: tx.payloadHash,
    size_bytes: tx.size_bytes,
    complexity: tx.complexity,
    submit_t_s: tx.submit_t_s,
    deadline_t_s: tx.deadline_t_s,
  };
  if (tx.payload !== undefined) o.payload = tx.payload;
  o.hash = hash ?? hashTransaction(tx);
  return o;
}

/** One ledger.jsonl line (without the newline). Transaction hashes are recomputed unless given. */
export function serializeBlock(block: Block, txHashes?: readonly string[]): string {
  const o: Record<string, unknown> = {
    height: block.height,
    parentHash: block.parentHash,
    t_s: block.t_s,
    proposer: block.proposer,
    merkleRoot: block.merkleRoot,
    txCount: block.txCount,
    size_bytes: block.size_bytes,
  };
  if (block.validators !== undefined) o.validators = block.validators.map((v) => ({ id: v.id, publicKey: v.publicKey }));
  o.hash = block.hash;
  o.signature = block.signature;
  o.txs = block.txs.map((tx, i) => txObject(tx, txHashes?.[i]));
  return JSON.stringify(o);
}

/**
 * A plain object whose JSON.stringify is exactly serializeBlock(block): put these in
 * RunOutput.ledger (the run command writes JSON.stringify of each item as a ledger.jsonl line).
 */
export function blockRecord(block: Block, txHashes?: readonly string[]): Record<string, unknown> {
  return JSON.parse(serializeBlock(block, txHashes)) as Record<string, unknown>;
}

/** Whole ledger.jsonl text. */
export function toJsonl(blocks: readonly Block[]): string {
  let s = '';
  for (const b of blocks) s += serializeBlock(b) + '\n';
  return s;
}

/** A parsed line: the block and the transaction hashes as written. */
export interface ParsedBlock {
  block: Block;
  writtenTxHashes: string[];
}

/** Parses one line; throws with a reason when it is not a structurally valid block. */
export function parseBlockLine(line: string): ParsedBlock {
  let o: any;
  try {
    o = JSON.parse(line);
  } catch {
    throw new Error('not valid JSON');
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('not a JSON object');
  const num = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what} is not a number`);
    return v;
  };
  const str = (v: unknown, what: string): string => {
    if (typeof v !== 'string') throw new Error(`${what} is not a string`);
    return v;
  };
  if (!Array.isArray(o.txs)) throw new Error('txs is not a list');
  const writtenTxHashes: string[] = [];
  const txs: Transaction[] = o.txs.map((t: any, i: number) => {
    if (typeof t !== 'object' || t === null) throw new Error(`tx ${i} is not an object`);
    const tx: Transaction = {
      id: str(t.id, `tx ${i} id`),
      type: str(t.type, `tx ${i} type`),
      sender: str(t.sender, `tx ${i} sender`),
      payloadHash: str(t.payloadHash, `tx ${i} payloadHash`),
      size_bytes: num(t.size_bytes, `tx ${i} size_bytes`),
      complexity: num(t.complexity, `tx ${i} complexity`),
      submit_t_s: num(t.submit_t_s, `tx ${i} submit_t_s`),
      deadline_t_s: t.deadline_t_s === null ? null : num(t.deadline_t_s, `tx ${i} deadline_t_s`),
    };
    if ('payload' in t) tx.payload = str(t.payload, `tx ${i} payload`);
    writtenTxHashes.push(str(t.hash, `tx ${i} hash`));
    return tx;
  });
  const block: Block = {
    height: num(o.height, 'height'),
    parentHash: str(o.parentHash, 'parentHash'),
    t_s: num(o.t_s, 't_s'),
    proposer: num(o.proposer, 'proposer'),
    merkleRoot: str(o.merkleRoot, 'merkleRoot'),
    txCount: num(o.txCount, 'txCount'),
    size_bytes: num(o.size_bytes, 'size_bytes'),
    hash: str(o.hash, 'hash'),
    signature: str(o.signature, 'signature'),
    txs,
  };
  if ('validators' in o) {
    if (!Array.isArray(o.validators)) throw new Error('validators is not a list');
    block.validators = o.validators.map((v: any, i: number) => ({ id: str(v?.id, `validator ${i} id`), publicKey: str(v?.publicKey, `validator ${i} publicKey`) }));
  }
  return { block, writtenTxHashes };
}
