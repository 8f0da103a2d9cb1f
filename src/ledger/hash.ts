// Hashing: SHA-256 transaction hashes, binary Merkle trees, block header hashes (Node's crypto).
import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';

// One-shot crypto.hash (Node >= 20.12) is several times faster than createHash for small inputs.
const oneShot = (nodeCrypto as unknown as { hash?: (alg: string, data: string | Uint8Array, enc: string) => string | Buffer }).hash;
/** SHA-256 digest, 32 raw bytes. */
export const sha256 = oneShot
  ? (data: string | Uint8Array): Buffer => oneShot('sha256', data, 'buffer') as Buffer
  : (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();
/** SHA-256 digest as 64 lowercase hex digits. */
export const sha256Hex = oneShot
  ? (data: string | Uint8Array): string => oneShot('sha256', data, 'hex') as string
  : (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
import type { BlockHeader, Transaction } from './types.js';

export const ZERO_HASH = '0'.repeat(64);
const TX_TAG = 'vpsim-tx-v1';
const BLOCK_TAG = 'vpsim-block-v1';

/** JSON text of a number, as JSON.stringify writes it (non-finite numbers become null). */
function jsonNum(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

const TX_PREFIX = `[${JSON.stringify(TX_TAG)},`;

/**
 * Canonical byte string of a transaction: a JSON array of its fields in fixed order. Written field
 * by field (same text as JSON.stringify of the array, without building the array).
 */
export function canonicalTx(tx: Transaction): string {
  const dl = tx.deadline_t_s;
  const pl = tx.payload;
  return (
    TX_PREFIX +
    JSON.stringify(tx.id) +
    ',' +
    JSON.stringify(tx.type) +
    ',' +
    JSON.stringify(tx.sender) +
    ',' +
    JSON.stringify(tx.payloadHash) +
    ',' +
    jsonNum(tx.size_bytes) +
    ',' +
    jsonNum(tx.complexity) +
    ',' +
    jsonNum(tx.submit_t_s) +
    ',' +
    (dl === null || dl === undefined ? 'null' : jsonNum(dl)) +
    ',' +
    (pl === undefined ? 'null' : JSON.stringify(pl)) +
    ']'
  );
}

/** Hex SHA-256 of a transaction. */
export function hashTransaction(tx: Transaction): string {
  return sha256Hex(canonicalTx(tx));
}

/** SHA-256 digest of a transaction (32 raw bytes). */
export function hashTransactionBytes(tx: Transaction): Buffer {
  return sha256(canonicalTx(tx));
}

/**
 * Merkle root of transaction hashes: the leaves are the transaction hashes themselves (already
 * domain-separated by their "vpsim-tx-v1" tag), a parent is sha256(0x01 || left || right) (65 bytes,
 * so it can never be mistaken for a leaf), an odd node is promoted unchanged. The empty tree's root
 * is sha256("").
 */
export function merkleRootBytes(leaves: readonly (string | Uint8Array)[]): Buffer {
  const n = leaves.length;
  if (n === 0) return sha256('');
  const level = Buffer.allocUnsafe(32 * n);
  for (let i = 0; i < n; i++) {
    const h = leaves[i];
    if (typeof h === 'string') {
      if (level.write(h, 32 * i, 32, 'hex') !== 32) throw new Error(`leaf ${i} is not a 32-byte hex hash`);
    } else {
      if (h.length !== 32) throw new Error(`leaf ${i} is not a 32-byte hash`);
      level.set(h, 32 * i);
    }
  }
  // Levels are built in place: parent j of children 2j, 2j+1 is written at 32j after both were
  // read. Parents are hashed to hex (on Node 20 the one-shot hash with hex output is several times
  // faster than with buffer output) and decoded straight into the level.
  const scratch = Buffer.allocUnsafe(65);
  scratch[0] = 1;
  let count = n;
  while (count > 1) {
    const half = (count + 1) >> 1;
    for (let i = 0, j = 0; i < count; i += 2, j++) {
      if (i + 1 < count) {
        level.copy(scratch, 1, 32 * i, 32 * i + 64);
        level.write(sha256Hex(scratch), 32 * j, 32, 'hex');
      } else level.copy(level, 32 * j, 32 * i, 32 * i + 32);
    }
    count = half;
  }
  return Buffer.from(level.subarray(0, 32));
}

/** Hex Merkle root of hex transaction hashes or raw digests. */
export function merkleRoot(txHashes: readonly (string | Uint8Array)[]): string {
  return merkleRootBytes(txHashes).toString('hex');
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
  return sha256(canonicalHeader(h));
}
