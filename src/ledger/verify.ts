// Recomputes every transaction hash, Merkle root, block hash, parent link and proposer signature.
import { hashHeaderBytes, hashTransactionBytes, merkleRootBytes, sha256Hex, ZERO_HASH } from './hash.js';
import { publicKeyFromHex, verifyDigest } from './keys.js';
import { parseBlockLine, serializeBlock } from './serialize.js';
import type { VerifyResult } from './types.js';
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
  let keys: KeyObject[] = [];
  let prevHash = ZERO_HASH;
  let prevT = -Infinity;
  let headerBytes = 0;
  let txTotal = 0;
  const seenTx = new Set<string>();
  const fail = (i: number, height: number | null, reason: string): VerifyResult => ({
    ok: false,
    firstBadHeight: height ?? i,
    firstBadLine: i + 1,
    reason,
    blocks: i,
    transactions: txTotal,
    headHash: i > 0 ? prevHash : null,
  });
  if (lines.length === 0) return fail(0, 0, 'empty ledger (no genesis block)');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let parsed;
    try {
      parsed = parseBlockLine(line);
    } catch (e) {
      return fail(i, null, `line ${i + 1} is not a block: ${(e as Error).message}`);
    }
    const { block: b, writtenTxHashes } = parsed;
    const h = i;
    if (b.height !== i) return fail(i, h, `height ${b.height} at position ${i} (blocks missing, duplicated or reordered)`);
    if (serializeBlock(b, writtenTxHashes) !== line) return fail(i, h, 'line is not in canonical form (altered bytes)');
    if (b.parentHash !== prevHash) return fail(i, h, 'parent hash does not match the previous block');
    if (!(b.t_s >= prevT)) return fail(i, h, 'timestamp earlier than the parent block');
    if (b.txCount !== b.txs.length) return fail(i, h, `txCount ${b.txCount} but ${b.txs.length} transactions`);
    if (i === 0) {
      if (b.proposer !== -1 || !b.validators || b.validators.length < 1 || b.txs.length !== 0) return fail(i, h, 'malformed genesis block');
      try {
        keys = b.validators.map((v) => publicKeyFromHex(v.publicKey));
      } catch (e) {
        return fail(i, h, `genesis validator key: ${(e as Error).message}`);
      }
      headerBytes = b.size_bytes;
    } else {
      if (b.validators !== undefined) return fail(i, h, 'validator list outside the genesis block');
      if (!Number.isInteger(b.proposer) || b.proposer < 0 || b.proposer >= keys.length) return fail(i, h, `unknown proposer ${b.proposer}`);
    }
    const digests: Buffer[] = new Array(b.txs.length);
    let size = headerBytes;
    for (let k = 0; k < b.txs.length; k++) {
      const tx = b.txs[k];
      const d = hashTransactionBytes(tx);
      if (d.toString('hex') !== writtenTxHashes[k]) return fail(i, h, `transaction ${k} (${tx.id}) hash mismatch`);
      if (tx.payload !== undefined && sha256Hex(tx.payload) !== tx.payloadHash) return fail(i, h, `transaction ${k} (${tx.id}) payload hash mismatch`);
      if (seenTx.has(tx.id)) return fail(i, h, `transaction ${k} (${tx.id}) appears twice in the ledger`);
      seenTx.add(tx.id);
      digests[k] = d;
      size += tx.size_bytes;
    }
    if (size !== b.size_bytes) return fail(i, h, `size_bytes ${b.size_bytes} but header + transactions = ${size}`);
    if (merkleRootBytes(digests).toString('hex') !== b.merkleRoot) return fail(i, h, 'Merkle root mismatch');
    const digest = hashHeaderBytes(b);
    if (!HEX64.test(b.hash) || digest.toString('hex') !== b.hash) return fail(i, h, 'block hash mismatch');
    const key = keys[i === 0 ? 0 : b.proposer];
    let sigOk = false;
    try {
      sigOk = verifyDigest(digest, b.signature, key);
    } catch {
      sigOk = false;
    }
    if (!sigOk) return fail(i, h, `invalid signature of proposer ${i === 0 ? 0 : b.proposer}`);
    prevHash = b.hash;
    prevT = b.t_s;
    txTotal += b.txs.length;
  }
  return { ok: true, firstBadHeight: null, firstBadLine: null, reason: null, blocks: lines.length, transactions: txTotal, headHash: prevHash };
}
