// ledger.jsonl: one block a line, canonical key order, no whitespace. verifyLedger requires every
// line to re-serialize to exactly itself, so any byte change is either a parse error, a canonical
// form error, or a changed value that the hashes and signatures catch.
// Keys follow the JSON key rule of docs/outputs.md (camelCase with a unit suffix): the code's
// `t_s`, `size_bytes`, `submit_t_s`, `deadline_t_s` are written as `timeS`, `sizeBytes`,
// `submitTimeS`, `deadlineTimeS`. The hashes cover the values in a fixed order, not the keys
// (src/ledger/hash.ts), so the key names are a matter of this file alone.
import { hashTransaction } from './hash.js';
import type { Block, Transaction } from './types.js';
import { InputError } from '../util/errors.js';

/** Canonical JSON of a transaction in a block (with its hash when given). */
function txObject(tx: Transaction, hash?: string): Record<string, unknown> {
  const o: Record<string, unknown> = {
    id: tx.id,
    type: tx.type,
    sender: tx.sender,
    payloadHash: tx.payloadHash,
    sizeBytes: tx.size_bytes,
    complexity: tx.complexity,
    submitTimeS: tx.submit_t_s,
    deadlineTimeS: tx.deadline_t_s,
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
    timeS: block.t_s,
    proposer: block.proposer,
    merkleRoot: block.merkleRoot,
    txCount: block.txCount,
    sizeBytes: block.size_bytes,
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
      size_bytes: num(t.sizeBytes, `tx ${i} sizeBytes`),
      complexity: num(t.complexity, `tx ${i} complexity`),
      submit_t_s: num(t.submitTimeS, `tx ${i} submitTimeS`),
      deadline_t_s: t.deadlineTimeS === null ? null : num(t.deadlineTimeS, `tx ${i} deadlineTimeS`),
    };
    if ('payload' in t) tx.payload = str(t.payload, `tx ${i} payload`);
    writtenTxHashes.push(str(t.hash, `tx ${i} hash`));
    return tx;
  });
  const block: Block = {
    height: num(o.height, 'height'),
    parentHash: str(o.parentHash, 'parentHash'),
    t_s: num(o.timeS, 'timeS'),
    proposer: num(o.proposer, 'proposer'),
    merkleRoot: str(o.merkleRoot, 'merkleRoot'),
    txCount: num(o.txCount, 'txCount'),
    size_bytes: num(o.sizeBytes, 'sizeBytes'),
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

/** Block keys of the format vpsim wrote before the JSON key rule (snake_case). */
const OLDER_KEYS = ['t_s', 'size_bytes'] as const;

/**
 * When `line` (the first line of a ledger.jsonl) is a block in the snake_case format of an older
 * vpsim (`t_s`, `size_bytes`), the keys that say so; else null. Such a file is refused as input
 * (it is not verified under today's format, where every block would fail to parse).
 */
export function olderFormatKeys(line: string): string[] | null {
  if (!line.startsWith('{"height":')) return null;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o) || 'timeS' in o) return null;
  const found = OLDER_KEYS.filter((k) => k in (o as object));
  return found.length > 0 ? found : null;
}

/** The one-line explanation for an older-format ledger (the `expected` / `found` of an input error). */
export const OLDER_FORMAT = {
  expected: 'a ledger in the block format of this vpsim (camelCase keys: timeS, sizeBytes, submitTimeS, deadlineTimeS)',
  found: (keys: readonly string[]) => `the snake_case format of an older vpsim (${keys.join(', ')}); rerun the scenario with this vpsim to write it anew`,
};

/** Refuses (InputError, exit 2) a ledger file whose first line is in an older vpsim's format. */
export function refuseOlderLedgerFormat(file: string, firstLine: string): void {
  const older = olderFormatKeys(firstLine);
  if (older) throw new InputError(file, 'line 1', OLDER_FORMAT.expected, OLDER_FORMAT.found(older));
}
