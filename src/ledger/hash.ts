// Hashing: SHA-256 transaction hashes, binary Merkle trees, block header hashes (Node's crypto).
import { createHash } from 'node:crypto';
import type { BlockHeader, Transaction } from './types.js';

export const ZERO_HASH = '0'.repeat(64);
const TX_TAG = 'vpsim-tx-v1';
const BLOCK_TAG = 'vpsim-block-v1';

/** Canonical byte string of a transaction: a JSON array of its fields in fixed order. */
export function canonicalTx(tx: Transaction): string {
  return JSON.stringify([
    TX_TAG,
    tx.id,
    tx.type,
    tx.sender,
    tx.payloadHash,
    tx.size_bytes,
    tx.complexity,
    tx.submit_t_s,
    tx.deadline_t_s,
    tx.payload === undefined ? null : tx.payload,
  ]);
}

/** SHA-256 digest of a transaction (32 raw bytes). */
export function hashTransactionBytes(tx: Transaction): Buffer {
  return createHash('sha256').update(canonicalTx(tx)).digest();
}

/** Hex SHA-256 of a transaction. */
export function hashTransaction(tx: Transaction): string {
  return hashTransactionBytes(tx).toString('hex');
}

/** Hex SHA-256 of a string (payload hashes). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Merkle root of transaction digests: pairs are hashed as sha256(0x01 || left || right), an odd node
 * is promoted unchanged, leaves are sha256(0x00 || txDigest) (domain separation against second
 * preimages). The empty tree's root is sha256("").
 */
export function merkleRootBytes(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').update('').digest();
  const LEAF = Buffer.from([0]);
  const NODE = Buffer.from([1]);
  let level: Buffer[] = new Array(leaves.length);
  for (let i = 0; i < leaves.length; i++) level[i] = createHash('sha256').update(LEAF).update(leaves[i]).digest();
  while (level.length > 1) {
    const next: Buffer[] = new Array((level.length + 1) >> 1);
    for (let i = 0, j = 0; i < level.length; i += 2, j++) {
      next[j] = i + 1 < level.length ? createHash('sha256').update(NODE).update(level[i]).update(level[i + 1]).digest() : level[i];
    }
    level = next;
  }
  return level[0];
}

/** Hex Merkle root of hex transaction hashes or raw digests. */
export function merkleRoot(txHashes: readonly (string | Uint8Array)[]): string {
  return merkleRootBytes(txHashes.map((h) => (typeof h === 'string' ? Buffer.from(h, 'hex') : h))).toString('hex');
}

/** Canonical header string hashed into the block hash. */
export function canonicalHeader(h: BlockHeader): string {
  return JSON.stringify([
    BLOCK_TAG,
    h.height,
    h.parentHash,
    h.t_s,
    h.proposer,
    h.merkleRoot,
    h.txCount,
    h.size_bytes,
    h.validators === undefined ? null : h.validators.map((v) => [v.id, v.publicKey]),
  ]);
}

/** Block hash digest (32 raw bytes). */
export function hashHeaderBytes(h: BlockHeader): Buffer {
  return createHash('sha256').update(canonicalHeader(h)).digest();
}
