// The keystore: the secret key material every signing key of a run derives from (validators,
// identities, the anchor key). A small JSON file outside every run directory:
//
//   { "format": "vpsim-keystore/1", "secret": "<64 hex digits>" }
//
// Where: `--keys FILE`, else the environment variable VPSIM_KEYS, else
// $XDG_CONFIG_HOME/vpsim/keystore.json (~/.config/vpsim/keystore.json; %APPDATA%\vpsim on Windows).
// Created on first use from the operating system's randomness (crypto.randomBytes), by exclusive
// create with permissions 0600 in a 0700 directory, so two processes never write different keys.
// The same keystore and seed give byte-identical outputs; nothing in a run directory reveals it.
import { randomBytes, createHash } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readTextBounded } from '../util/bounded-read.js';
import { InputError, describeValue } from '../util/errors.js';
import { envError } from '../util/env-error.js';
import { deriveSecretBytes, keyPairFromSeed, setKeySecret, signDigest } from './keys.js';

export const KEYSTORE_FORMAT = 'vpsim-keystore/1';

export interface Keystore {
  path: string;
  /** Whether this call created the file. */
  created: boolean;
  secret: Buffer;
}

export function defaultKeystorePath(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'vpsim', 'keystore.json');
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'vpsim', 'keystore.json');
}

/** The keystore path in effect: the given one, VPSIM_KEYS, or the default location. */
export function keystorePath(given?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(given ?? (env.VPSIM_KEYS || defaultKeystorePath(env)));
}

function parseKeystore(text: string, path: string): Buffer {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new InputError(path, '', 'a vpsim keystore (JSON)', 'text that is not JSON');
  }
  const k = o as { format?: unknown; secret?: unknown };
  if (!k || typeof k !== 'object' || k.format !== KEYSTORE_FORMAT) throw new InputError(path, 'format', JSON.stringify(KEYSTORE_FORMAT), describeValue(k?.format));
  if (typeof k.secret !== 'string' || !/^[0-9a-f]{64,128}$/.test(k.secret) || k.secret.length % 2 !== 0) {
    throw new InputError(path, 'secret', '64 to 128 lowercase hex digits', typeof k.secret === 'string' ? `${k.secret.length} characters` : describeValue(k.secret));
  }
  return Buffer.from(k.secret, 'hex');
}

/** Reads the keystore, creating it on first use. */
export function openKeystore(given?: string): Keystore {
  const path = keystorePath(given);
  try {
    return { path, created: false, secret: parseKeystore(readTextBounded(path, path, 'keystore file'), path) };
  } catch (err) {
    if (!(err instanceof InputError) || !/no such file/.test(err.found)) throw err;
  }
  const secret = randomBytes(32);
  const body = JSON.stringify({ format: KEYSTORE_FORMAT, secret: secret.toString('hex'), note: 'vpsim signing key material: keep it private; never copy it into a run directory' }, null, 1) + '\n';
  // written whole under a private name, then linked into place: link() fails when the keystore
  // exists, so of two processes creating it at once (a Slurm array) one wins and the other reads
  // the complete file, never a half-written one
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, body, { flag: 'wx', mode: 0o600 });
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return { path, created: false, secret: parseKeystore(readTextBounded(path, path, 'keystore file'), path) };
    }
    throw envError(err, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { path, created: true, secret };
}

/** Loads the keystore and makes it the key material of this process. */
export function useKeystore(given?: string): Keystore {
  const ks = openKeystore(given);
  setKeySecret(ks.secret);
  return ks;
}

/** The anchor key of the key material in use: signs run anchors; its public key is what a verifier trusts. */
export function anchorKey() {
  return keyPairFromSeed(deriveSecretBytes('vpsim-anchor-key/1'));
}

/** Short public fingerprint of the key material in use: sha256 of the anchor public key, 16 hex digits. */
export function keystoreFingerprint(): string {
  return createHash('sha256').update(Buffer.from(anchorKey().publicKeyHex, 'hex')).digest('hex').slice(0, 16);
}

export function signWithAnchorKey(digest: Uint8Array): string {
  return signDigest(digest, anchorKey().privateKey);
}
