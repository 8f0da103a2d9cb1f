// Recomputes every transaction hash, Merkle root, block hash, parent link and proposer signature.
import { hashHeaderBytes, hashTransaction, merkleRootBytes, sha256Hex, ZERO_HASH } from './hash.js';
import { publicKeyFromHex, verifyDigest } from './keys.js';
import { olderFormatKeys, OLDER_FORMAT, parseBlockLine, serializeBlock } from './serialize.js';
import type { Block, VerifyResult } from './types.js';
import type { KeyObject } from 'node:crypto';

const HEX64 = /^[0-9a-f]{64}$/;

/** Verifies ledger.jsonl text: one block a line, a single trailing newline allowed. */
export function verifyLedgerText(text: string): VerifyResult {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return verifyLedger(lines);
}

/** Verifies ledger lines (no newlines). Stops at the first bad block. */
export function verifyLedger(lines: readonly string[]): VerifyResult {
  const v = new LedgerVerifier();
  for (const line of lines) if (!v.push(line)) break;
  return v.result();
}

/** Incremental verifier: push lines in order (streaming, for ledgers larger than a string). */
export class LedgerVerifier {
  private keys: KeyObject[] = [];
  private prevHash = ZERO_HASH;
  private prevT = -Infinity;
  private headerBytes = 0;
  private txTotal = 0;
  private i = 0;
  private failure: VerifyResult | null = null;
  private readonly seenTx = new Set<string>();

  /** `onBlock` sees every block that verified, in order (the records check binds events.jsonl to them). */
  constructor(private readonly onBlock?: (b: Block) => void) {}

  /** Checks the next line; returns false once a bad block was found. */
  push(line: string): boolean {
    if (this.failure) return false;
    const reason = this.check(line);
    if (reason !== null) {
      this.failure = { ok: false, firstBadHeight: this.i, firstBadLine: this.i + 1, reason, blocks: this.i, transactions: this.txTotal, headHash: this.i > 0 ? this.prevHash : null };
      return false;
    }
    this.i++;
    return true;
  }

  result(): VerifyResult {
    if (this.failure) return this.failure;
    if (this.i === 0) return { ok: false, firstBadHeight: 0, firstBadLine: 1, reason: 'empty ledger (no genesis block)', blocks: 0, transactions: 0, headHash: null };
    return { ok: true, firstBadHeight: null, firstBadLine: null, reason: null, blocks: this.i, transactions: this.txTotal, headHash: this.prevHash };
  }

  /** Returns null when the line is a valid next block, else the reason. */
  private check(line: string): string | null {
    const i = this.i;
    let parsed;
    try {
      parsed = parseBlockLine(line);
    } catch (e) {
      const older = i === 0 ? olderFormatKeys(line) : null;
      if (older) return `expected ${OLDER_FORMAT.expected}, found ${OLDER_FORMAT.found(older)}`;
      return `line ${i + 1} is not a block: ${(e as Error).message}`;
    }
    const { block: b, writtenTxHashes } = parsed;
    if (b.height !== i) return `height ${b.height} at position ${i} (blocks missing, duplicated or reordered)`;
    if (serializeBlock(b, writtenTxHashes) !== line) return 'line is not in canonical form (altered bytes)';
    if (b.parentHash !== this.prevHash) return 'parent hash does not match the previous block';
    if (!(b.t_s >= this.prevT)) return 'timestamp earlier than the parent block';
    if (b.txCount !== b.txs.length) return `txCount ${b.txCount} but ${b.txs.length} transactions`;
    if (i === 0) {
      if (b.proposer !== -1 || !b.validators || b.validators.length < 1 || b.txs.length !== 0) return 'malformed genesis block';
      try {
        this.keys = b.validators.map((v) => publicKeyFromHex(v.publicKey));
      } catch (e) {
        return `genesis validator key: ${(e as Error).message}`;
      }
      this.headerBytes = b.size_bytes;
    } else {
      if (b.validators !== undefined) return 'validator list outside the genesis block';
      if (!Number.isInteger(b.proposer) || b.proposer < 0 || b.proposer >= this.keys.length) return `unknown proposer ${b.proposer}`;
    }
    const digests: string[] = new Array(b.txs.length);
    const inBlock = new Set<string>();
    let size = this.headerBytes;
    for (let k = 0; k < b.txs.length; k++) {
      const tx = b.txs[k];
      const d = hashTransaction(tx);
      if (d !== writtenTxHashes[k]) return `transaction ${k} (${tx.id}) hash mismatch`;
      if (tx.payload !== undefined && sha256Hex(tx.payload) !== tx.payloadHash) return `transaction ${k} (${tx.id}) payload hash mismatch`;
      if (this.seenTx.has(tx.id) || inBlock.has(tx.id)) return `transaction ${k} (${tx.id}) appears twice in the ledger`;
      inBlock.add(tx.id);
      digests[k] = d;
      size += tx.size_bytes;
    }
    if (size !== b.size_bytes) return `sizeBytes ${b.size_bytes} but header + transactions = ${size}`;
    if (merkleRootBytes(digests).toString('hex') !== b.merkleRoot) return 'Merkle root mismatch';
    const digest = hashHeaderBytes(b);
    if (!HEX64.test(b.hash) || digest.toString('hex') !== b.hash) return 'block hash mismatch';
    const who = i === 0 ? 0 : b.proposer;
    let sigOk = false;
    try {
      sigOk = verifyDigest(digest, b.signature, this.keys[who]);
    } catch {
      sigOk = false;
    }
    if (!sigOk) return `invalid signature of proposer ${who}`;
    for (const tx of b.txs) this.seenTx.add(tx.id);
    this.prevHash = b.hash;
    this.prevT = b.t_s;
    this.txTotal += b.txs.length;
    this.onBlock?.(b);
    return null;
  }
}
