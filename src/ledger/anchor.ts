// The anchor of a run: what its records must be, signed with the keystore's anchor key. It holds
// the ledger's authorities (the genesis validators' public keys), genesis and head hashes, the
// number of blocks, SHA-256 digests of ledger.jsonl and events.jsonl (and of identities.csv, the
// event signers' public keys, when the run has one). Written into summary.json `anchor`.
//
// A verifier that holds the anchor (or the keystore's anchor public key) catches a re-signed chain
// (new signatures do not verify under the anchored authorities), swapped authorities (the genesis
// differs from the anchor) and a truncated chain (head hash and block count differ).
import { sha256 } from './hash.js';
import { publicKeyFromHex, verifyDigest } from './keys.js';

export const ANCHOR_FORMAT = 'vpsim-anchor/1';

export interface Anchor {
  format: typeof ANCHOR_FORMAT;
  /** Ed25519 public key (64 hex) of the keystore's anchor key that signed this anchor. */
  keystorePublicKey: string;
  /** Genesis validators, or null when the run has no ledger. */
  authorities: { id: string; publicKey: string }[] | null;
  genesisHash: string | null;
  headHash: string | null;
  blocks: number;
  ledgerSha256: string | null;
  eventLog: { lines: number; sha256: string; signed: number };
  identitiesSha256: string | null;
  signature: string;
}

export type AnchorBody = Omit<Anchor, 'signature'>;

/** The bytes an anchor's signature covers: a JSON array of its fields in fixed order. */
export function anchorDigest(a: AnchorBody): Buffer {
  return sha256(
    JSON.stringify([
      'vpsim-anchor-v1',
      a.format,
      a.keystorePublicKey,
      a.authorities === null ? null : a.authorities.map((v) => [v.id, v.publicKey]),
      a.genesisHash,
      a.headHash,
      a.blocks,
      a.ledgerSha256,
      [a.eventLog.lines, a.eventLog.sha256, a.eventLog.signed],
      a.identitiesSha256,
    ])
  );
}

export function signAnchor(body: AnchorBody, sign: (digest: Uint8Array) => string): Anchor {
  return { ...body, signature: sign(anchorDigest(body)) };
}

const HEX64 = /^[0-9a-f]{64}$/;
const hexOrNull = (v: unknown) => v === null || (typeof v === 'string' && HEX64.test(v));

/** Checks the shape of an anchor read from a file; returns the reason it is malformed or null. */
export function anchorShapeProblem(a: unknown): string | null {
  const o = a as Partial<Anchor>;
  if (!o || typeof o !== 'object') return 'not an object';
  if (o.format !== ANCHOR_FORMAT) return `format is not ${ANCHOR_FORMAT}`;
  if (typeof o.keystorePublicKey !== 'string' || !HEX64.test(o.keystorePublicKey)) return 'keystorePublicKey is not 64 hex digits';
  if (o.authorities !== null && !(Array.isArray(o.authorities) && o.authorities.every((v) => v && typeof v.id === 'string' && typeof v.publicKey === 'string' && HEX64.test(v.publicKey)))) return 'authorities malformed';
  if (!hexOrNull(o.genesisHash) || !hexOrNull(o.headHash) || !hexOrNull(o.ledgerSha256) || !hexOrNull(o.identitiesSha256 ?? null)) return 'a hash is malformed';
  if (!Number.isInteger(o.blocks) || (o.blocks as number) < 0) return 'blocks is not a count';
  const e = o.eventLog;
  if (!e || !Number.isInteger(e.lines) || !Number.isInteger(e.signed) || typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) return 'eventLog malformed';
  if (typeof o.signature !== 'string') return 'signature missing';
  return null;
}

/** Whether the anchor's signature verifies under its own keystorePublicKey. */
export function anchorSignatureValid(a: Anchor): boolean {
  try {
    return verifyDigest(anchorDigest({ ...a, identitiesSha256: a.identitiesSha256 ?? null }), a.signature, publicKeyFromHex(a.keystorePublicKey));
  } catch {
    return false;
  }
}
