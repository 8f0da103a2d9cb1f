// Ed25519 signing keys derived from secret key material (a keystore, src/ledger/keystore.ts) and the
// run seed: the same keystore and seed give the same keys (byte-identical runs), while nothing
// written into a run directory (seed, scenario, public keys) lets anyone derive a private key.
//
// The secret is process-wide (set once by whoever loads the keystore: the run command, a sweep
// worker). When none is set, a random secret of this process is used: keys are then unforgeable
// but differ between processes.
import { createHmac, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

let secret: Buffer | null = null;

/** Sets the key material every signing key of this process derives from (32+ bytes). */
export function setKeySecret(s: Uint8Array | null): void {
  if (s !== null && s.length < 32) throw new RangeError('key secret must be at least 32 bytes');
  secret = s === null ? null : Buffer.from(s);
}

/** The key material in use (a random one of this process when none was set). */
export function keySecret(): Buffer {
  if (!secret) secret = randomBytes(32);
  return secret;
}

/** 32 secret bytes for `label`: HMAC-SHA256 keyed with the process's key material. */
export function deriveSecretBytes(label: string): Buffer {
  return createHmac('sha256', keySecret()).update(label).digest();
}

/** An Ed25519 key pair from 32 secret bytes. */
export function keyPairFromSeed(raw: Uint8Array): { privateKey: KeyObject; publicKey: KeyObject; publicKeyHex: string } {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' }) as Buffer;
  return { privateKey, publicKey, publicKeyHex: spki.subarray(spki.length - 32).toString('hex') };
}

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

/** The private key of validator i is HMAC-SHA256(key material, "vpsim-validator-key" | seed | i), used as the Ed25519 seed. */
export function deriveValidatorKeys(seed: number | string, M: number, ids?: readonly string[]): ValidatorKey[] {
  const keys: ValidatorKey[] = [];
  for (let i = 0; i < M; i++) {
    const kp = keyPairFromSeed(deriveSecretBytes(`vpsim-validator-key\u0000${seed}\u0000${i}`));
    keys.push({ index: i, id: ids?.[i] ?? validatorId(i), ...kp });
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
