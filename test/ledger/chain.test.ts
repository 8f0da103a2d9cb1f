import { describe, expect, it } from 'vitest';
import { signDigest } from '../../src/ledger/keys.js';
import { ChainBuilder, deriveValidatorKeys, hashTransaction, merkleRoot, serializeBlock, sha256Hex, toJsonl, verifyLedger, verifyLedgerText, type Block, type Transaction } from '../../src/ledger/index.js';

export function mkTx(i: number, extra: Partial<Transaction> = {}): Transaction {
  return { id: `t${i}`, type: 'setpoint', sender: `cev:${i % 3}`, payloadHash: sha256Hex(`p${i}`), size_bytes: 250, complexity: 1.5, submit_t_s: i * 0.25, deadline_t_s: i % 2 ? null : i + 60, ...extra };
}

export function smallChain(seed = 7, blocks = 4, perBlock = 5): Block[] {
  const cb = new ChainBuilder({ seed, validators: 4 });
  const out = [cb.genesis];
  let n = 0;
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < perBlock; i++) cb.append(mkTx(n++, i === 1 ? { payload: `{"event":"commit","n":${n}}`, payloadHash: sha256Hex(`{"event":"commit","n":${n}}`) } : {}));
    out.push(cb.seal(b % 4, 10 * (b + 1)));
  }
  return out;
}

describe('chain data', () => {
  it('derives the same Ed25519 keys from the same seed and different ones otherwise', () => {
    const a = deriveValidatorKeys(5, 3), b = deriveValidatorKeys(5, 3), c = deriveValidatorKeys(6, 3);
    expect(a.map((k) => k.publicKeyHex)).toEqual(b.map((k) => k.publicKeyHex));
    expect(a[0].publicKeyHex).not.toEqual(c[0].publicKeyHex);
    expect(new Set(a.map((k) => k.publicKeyHex)).size).toBe(3);
  });

  it('hashes transactions with SHA-256 over every field', () => {
    const t = mkTx(1);
    expect(hashTransaction(t)).toMatch(/^[0-9a-f]{64}$/);
    for (const [k, v] of Object.entries({ id: 'x', type: 'y', sender: 'z', size_bytes: 251, complexity: 2, submit_t_s: 9, deadline_t_s: 3 })) {
      expect(hashTransaction({ ...t, [k]: v })).not.toEqual(hashTransaction(t));
    }
  });

  it('builds Merkle roots that depend on order and content', () => {
    const h = [1, 2, 3].map((i) => hashTransaction(mkTx(i)));
    expect(merkleRoot(h)).not.toEqual(merkleRoot([h[1], h[0], h[2]]));
    expect(merkleRoot(h)).not.toEqual(merkleRoot(h.slice(0, 2)));
    expect(merkleRoot([h[0]])).toEqual(h[0]); // a one-transaction tree's root is the transaction hash
  });

  it('links blocks and produces byte-identical ledgers for one seed', () => {
    const a = smallChain(), b = smallChain();
    expect(toJsonl(a)).toEqual(toJsonl(b));
    expect(toJsonl(smallChain(8))).not.toEqual(toJsonl(a));
    for (let i = 1; i < a.length; i++) expect(a[i].parentHash).toEqual(a[i - 1].hash);
    const r = verifyLedgerText(toJsonl(a));
    expect(r).toMatchObject({ ok: true, blocks: 5, transactions: 20 });
  });

  it('catches a changed value, a forged signature, a reordered block and a dropped block', () => {
    const blocks = smallChain();
    const lines = blocks.map((b) => serializeBlock(b));
    const changed = [...lines];
    changed[2] = changed[2].replace('"complexity":1.5', '"complexity":1');
    expect(verifyLedger(changed)).toMatchObject({ ok: false, firstBadHeight: 2 });

    const forged = { ...blocks[3], signature: deriveValidatorKeys(99, 1) && blocks[2].signature };
    const l2 = [...lines];
    l2[3] = serializeBlock(forged);
    expect(verifyLedger(l2)).toMatchObject({ ok: false, firstBadHeight: 3 });
    expect(verifyLedger(l2).reason).toMatch(/signature/);

    // a real signature, but by another validator than the proposer
    const keys = deriveValidatorKeys(7, 4);
    const other = { ...blocks[1], signature: signDigest(Buffer.from(blocks[1].hash, 'hex'), keys[1].privateKey) };
    const l3 = [...lines];
    l3[1] = serializeBlock(other);
    expect(verifyLedger(l3)).toMatchObject({ ok: false, firstBadHeight: 1 });

    const swapped = [lines[0], lines[2], lines[1], lines[3], lines[4]];
    expect(verifyLedger(swapped)).toMatchObject({ ok: false, firstBadHeight: 1 });
    expect(verifyLedger([lines[0], lines[1], lines[3]])).toMatchObject({ ok: false, firstBadHeight: 2 });
  });

  it('rejects a block whose header was re-hashed but not re-signed', async () => {
    const { hashHeaderBytes } = await import('../../src/ledger/hash.js');
    const blocks = smallChain();
    const b = { ...blocks[1], t_s: 11 };
    b.hash = hashHeaderBytes(b).toString('hex');
    const lines = blocks.map((x) => serializeBlock(x));
    lines[1] = serializeBlock(b);
    const r = verifyLedger(lines);
    expect(r.ok).toBe(false);
    expect(r.firstBadHeight).toBe(1);
  });
});
