// Builds a run's anchor (src/ledger/anchor.ts) from the files as written: ledger.jsonl (genesis
// authorities, genesis and head hash, block count, digest), events.jsonl (lines, digest, signed
// lines) and identities.csv (digest). The JSONL figures come from the writers' own scans of the
// bytes they wrote (writeJsonlFile) when given; otherwise the files are read back line by line.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ANCHOR_FORMAT, signAnchor, type Anchor, type AnchorBody } from '../ledger/anchor.js';
import { readLinesBounded } from '../util/bounded-read.js';

export interface LogScan {
  sha256: string;
  lines: number;
  /** Lines with a `"sig":` field (signed events). */
  signed: number;
  first: string | null;
  last: string | null;
}

export function scanLog(path: string, shown = path): LogScan {
  const h = createHash('sha256');
  let lines = 0;
  let signed = 0;
  let first: string | null = null;
  let last: string | null = null;
  for (const { line } of readLinesBounded(path, shown, 'record file', h)) {
    lines++;
    if (first === null) first = line;
    last = line;
    if (line.includes('"sig":')) signed++;
  }
  return { sha256: h.digest('hex'), lines, signed, first, last };
}

export function fileSha256(path: string): string | null {
  if (!existsSync(path)) return null;
  const h = createHash('sha256');
  for (const _ of readLinesBounded(path, path, 'record file', h));
  return h.digest('hex');
}

/**
 * The anchor body of the run directory `dir`. `written` holds the writers' own scans of
 * events.jsonl and ledger.jsonl (taken from the bytes as written, see writeJsonlFile); a file
 * without one is read back.
 */
export function anchorBodyOf(dir: string, keystorePublicKey: string, written?: ReadonlyMap<string, LogScan>): AnchorBody {
  const scan = (name: string): LogScan => written?.get(name) ?? scanLog(join(dir, name));
  const ev = existsSync(join(dir, 'events.jsonl')) ? scan('events.jsonl') : { sha256: createHash('sha256').digest('hex'), lines: 0, signed: 0 };
  const ledgerPath = join(dir, 'ledger.jsonl');
  let authorities: AnchorBody['authorities'] = null;
  let genesisHash: string | null = null;
  let headHash: string | null = null;
  let blocks = 0;
  let ledgerSha256: string | null = null;
  if (existsSync(ledgerPath)) {
    const l = scan('ledger.jsonl');
    blocks = l.lines;
    ledgerSha256 = l.sha256;
    if (l.first !== null) {
      const g = JSON.parse(l.first) as { hash?: string; validators?: { id: string; publicKey: string }[] };
      authorities = (g.validators ?? []).map((v) => ({ id: v.id, publicKey: v.publicKey }));
      genesisHash = g.hash ?? null;
    }
    if (l.last !== null) headHash = (JSON.parse(l.last) as { hash?: string }).hash ?? null;
  }
  return {
    format: ANCHOR_FORMAT,
    keystorePublicKey,
    authorities,
    genesisHash,
    headHash,
    blocks,
    ledgerSha256,
    eventLog: { lines: ev.lines, sha256: ev.sha256, signed: ev.signed },
    identitiesSha256: fileSha256(join(dir, 'identities.csv')),
  };
}

export function anchorOf(dir: string, keystorePublicKey: string, sign: (digest: Uint8Array) => string, written?: ReadonlyMap<string, LogScan>): Anchor {
  return signAnchor(anchorBodyOf(dir, keystorePublicKey, written), sign);
}
