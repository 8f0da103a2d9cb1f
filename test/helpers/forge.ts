// A forger's tools for the tamper suites: re-hash and re-sign a chain with keys of the forger's
// choice, rewrite summary.json's anchor, double a payment as an editor would. Test-only code that
// uses the ledger's own hashing (a forger has it too: it is public).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventPayload, eventTransaction } from '../../src/contracts/chain.js';
import { anchorDigest } from '../../src/ledger/anchor.js';
import { hashHeaderBytes, hashTransaction, merkleRootBytes } from '../../src/ledger/hash.js';
import { keyPairFromSeed, signDigest } from '../../src/ledger/keys.js';
import { parseBlockLine, serializeBlock } from '../../src/ledger/serialize.js';

export const lines = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8').split('\n').slice(0, -1);
export const writeLines = (dir: string, f: string, ls: string[]) => writeFileSync(join(dir, f), ls.map((l) => l + '\n').join(''));

export type Signer = (height: number, proposer: number) => ReturnType<typeof keyPairFromSeed>;
/** Re-signs every block (events.jsonl edits carried into the committed transactions first). */
export function resign(dir: string, sign: Signer, swapAuthorities = false): void {
  const evs = lines(dir, 'events.jsonl').map((l) => JSON.parse(l) as Record<string, unknown>);
  const byId = new Map(evs.map((e) => [`gvp:${e.seq as number}`, eventTransaction(e, eventPayload(e))]));
  let parent = '0'.repeat(64);
  const out: string[] = [];
  for (const line of lines(dir, 'ledger.jsonl')) {
    const { block: b } = parseBlockLine(line);
    let delta = 0;
    b.txs = b.txs.map((tx) => {
      const e = byId.get(tx.id);
      if (!e) return tx;
      delta += e.size_bytes - tx.size_bytes;
      return { ...tx, payloadHash: e.payloadHash, size_bytes: e.size_bytes };
    });
    if (b.height === 0 && swapAuthorities) b.validators = b.validators!.map((v, i) => ({ id: v.id, publicKey: sign(0, i).publicKeyHex }));
    b.parentHash = parent;
    b.size_bytes += delta;
    b.merkleRoot = merkleRootBytes(b.txs.map((t) => hashTransaction(t))).toString('hex');
    const d = hashHeaderBytes(b);
    b.hash = d.toString('hex');
    b.signature = signDigest(d, sign(b.height, b.height === 0 ? 0 : b.proposer).privateKey);
    parent = b.hash;
    out.push(serializeBlock(b));
  }
  writeLines(dir, 'ledger.jsonl', out);
}
/** Rewrites summary.json's anchor to match the files, signed with the forger's own key. */
export function forgeAnchor(dir: string, key: ReturnType<typeof keyPairFromSeed>): void {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const led = lines(dir, 'ledger.jsonl');
  const g = JSON.parse(led[0]);
  const sha = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  const ev = lines(dir, 'events.jsonl');
  const body = { ...s.anchor, keystorePublicKey: key.publicKeyHex, authorities: g.validators, genesisHash: g.hash, headHash: JSON.parse(led[led.length - 1]).hash, blocks: led.length, ledgerSha256: sha('ledger.jsonl'), eventLog: { lines: ev.length, sha256: sha('events.jsonl'), signed: ev.filter((l) => l.includes('"sig":')).length }, identitiesSha256: sha('identities.csv') };
  delete body.signature;
  s.anchor = { ...body, signature: signDigest(anchorDigest(body), key.privateKey) };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(s, null, 2) + '\n');
}
/** Doubles the payment of the first SettlementSucceeded (canonical JSON, as an editor would write it). */
export function doublePayment(dir: string): number {
  const ev = lines(dir, 'events.jsonl');
  const i = ev.findIndex((l) => l.includes('"SettlementSucceeded"'));
  const e = JSON.parse(ev[i]);
  const k = Object.keys(e).find((x) => /payment/i.test(x))!;
  e[k] = e[k] * 2;
  delete e.sig;
  ev[i] = JSON.stringify(e);
  writeLines(dir, 'events.jsonl', ev);
  return i + 1;
}
