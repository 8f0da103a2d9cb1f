// Ed25519 validator keys derived deterministically from the run seed (same seed => same keys).
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface ValidatorKey {
  index: number;
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Hex of the raw 32-byte public key, as written in the genesis block. */
  publicKeyHex: string;
}

// DER prefixes for raw Ed25519 keys (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Default validator ids: ba:0 .. ba:M-1. */
export function validatorId(i: number): string {
  return `ba:${i}`;
}

/** The private key of validator i is sha256("vpsim-validator-key" | seed | i), used as the Ed25519 seed. */
export function deriveValidatorKeys(seed: number | string, M: number, ids?: readonly string[]): ValidatorKey[] {
  const keys: ValidatorKey[] = [];
  for (let i = 0; i < M; i++) {
    const raw = createHash('sha256').update(`vpsim-validator-key\u0000${seed}\u0000${i}`).digest();
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey);
    const spki = publicKey.export({ format: 'der', type: 'spki' }) as Buffer;
    keys.push({ index: i, id: ids?.[i] ?? validatorId(i), privateKey, publicKey, publicKeyHex: spki.subarray(spki.length - 32).toString('hex') });
  }
  return keys;
}

/** Imports a raw hex Ed25519 public key. Throws on malformed input. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('public key must be 64 lowercase hex digits');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export function signDigest(digest: Uint8Array, key: KeyObject): string {
  return sign(null, digest, key).toString('hex');
}

export function verifyDigest(digest: Uint8Array, signatureHex: string, key: KeyObject): boolean {
  if (!/^[0-9a-f]{128}$/.test(signatureHex)) return false;
  return verify(null, digest, key, Buffer.from(signatureHex, 'hex'));
}
