import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FastPoaNetwork } from '../../src/ledger/fastnet.js';
import { sha256Hex } from '../../src/ledger/hash.js';
import { deriveValidatorKeys, signDigest } from '../../src/ledger/keys.js';
import { resolvePoa } from '../../src/ledger/params.js';
import { serializeBlock, toJsonl } from '../../src/ledger/serialize.js';
import type { Block } from '../../src/ledger/types.js';
import { verifyLedgerText } from '../../src/ledger/verify.js';

/** A ledger exported from the PoA engine: 6 blocks, about 120 transactions, one with a payload. */
function exportedLedger(): { text: string; blocks: Block[] } {
  const net = new FastPoaNetwork(resolvePoa({ validators: 4, blockBase_s: 0.2 }), { seed: 11, onBlock: (o) => o.block && blocks.push(o.block) });
  const blocks: Block[] = [net.engine.chain.genesis];
  for (let i = 0; i < 120; i++) {
    const payload = i === 7 ? '{"event":"register","contract":"c1"}' : undefined;
    const t = Math.floor(i / 20) * 1.7;
    net.submit({ id: `tx${i}`, type: i % 2 ? 'charge' : 'setpoint', sender: `cev:${i % 5}`, payloadHash: sha256Hex(payload ?? `p${i}`), size_bytes: 300 + (i % 7), complexity: 1 + (i % 3) / 2, submit_t_s: t, deadline_t_s: i % 4 ? null : t + 90, ...(payload ? { payload } : {}) }, t);
  }
  net.drain();
  return { text: toJsonl(blocks), blocks };
}

async function cli(...argv: string[]): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  const errWrite = process.stderr.write;
  const outWrite = process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await main(argv);
    return (process.exitCode as number | undefined) ?? 0;
  } finally {
    process.stderr.write = errWrite;
    process.stdout.write = outWrite;
    process.exitCode = before;
  }
}

describe('ledger integrity', () => {
  const { text, blocks } = exportedLedger();
  const bytes = Buffer.from(text, 'utf8');
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('the exported ledger verifies, from a directory and from a file', async () => {
    expect(blocks.length).toBeGreaterThan(3);
    expect(verifyLedgerText(text)).toMatchObject({ ok: true, transactions: 120 });
    const dir = mkdtempSync(join(tmpdir(), 'vpsim-ledger-'));
    writeFileSync(join(dir, 'ledger.jsonl'), text);
    expect(await cli('ledger', 'verify', dir)).toBe(0);
    expect(await cli('ledger', 'verify', join(dir, 'ledger.jsonl'))).toBe(0);
    expect(await cli('ledger', 'verify', join(dir, 'missing.jsonl'))).toBe(2);
  });

  it('any single changed byte of ledger.jsonl is caught', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (pos, x) => {
        const b = Buffer.from(bytes);
        b[pos] ^= x;
        const r = verifyLedgerText(b.toString('utf8'));
        expect(r.ok).toBe(false);
      }),
      { numRuns: 250, seed: 4242 }
    );
  });

  it('the CLI exits 3 for single changed bytes at random positions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsim-ledger-'));
    const file = join(dir, 'ledger.jsonl');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (pos, x) => {
        const b = Buffer.from(bytes);
        b[pos] ^= x;
        writeFileSync(file, b);
        expect(await cli('ledger', 'verify', file)).toBe(3);
      }),
      { numRuns: 40, seed: 99 }
    );
  });

  it('any single changed byte inside one transaction is caught, in the block that holds it', () => {
    const lines = text.split('\n').slice(0, -1);
    const spans: { line: number; from: number; to: number }[] = [];
    lines.forEach((l, i) => {
      for (const tx of blocks[i].txs) {
        const from = l.indexOf(`{"id":"${tx.id}"`);
        spans.push({ line: i, from, to: l.indexOf('}', from + 1) + 1 });
      }
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: spans.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 127 }), (k, u, x) => {
        const s = spans[k];
        const pos = s.from + Math.floor(u * (s.to - s.from));
        const chars = lines[s.line].split('');
        chars[pos] = String.fromCharCode(chars[pos].charCodeAt(0) ^ x);
        const altered = [...lines];
        altered[s.line] = chars.join('');
        const r = verifyLedgerText(altered.join('\n') + '\n');
        expect(r.ok).toBe(false);
        expect(r.firstBadHeight).toBe(s.line);
      }),
      { numRuns: 300, seed: 77 }
    );
  });

  it('the CLI exits 3 naming the first bad block for a flipped byte, a forged signature and a reordered block', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpsim-ledger-'));
    const file = join(dir, 'ledger.jsonl');
    const lines = text.split('\n').slice(0, -1);

    const flipped = Buffer.from(bytes);
    flipped[bytes.indexOf('"complexity":', bytes.indexOf('\n') + 1) + 13] ^= 1;
    writeFileSync(file, flipped);
    expect(await cli('ledger', 'verify', file)).toBe(3);

    const keys = deriveValidatorKeys(999, 4);
    const forged = { ...blocks[2], signature: signDigest(Buffer.from(blocks[2].hash, 'hex'), keys[blocks[2].proposer].privateKey) };
    const l2 = [...lines];
    l2[2] = serializeBlock(forged);
    writeFileSync(file, l2.join('\n') + '\n');
    expect(await cli('ledger', 'verify', file)).toBe(3);
    expect(verifyLedgerText(readFileSync(file, 'utf8'))).toMatchObject({ ok: false, firstBadHeight: 2 });

    const l3 = [lines[0], lines[1], lines[3], lines[2], ...lines.slice(4)];
    writeFileSync(file, l3.join('\n') + '\n');
    expect(await cli('ledger', 'verify', file)).toBe(3);
    expect(verifyLedgerText(l3.join('\n') + '\n').firstBadHeight).toBe(2);
  });
});

describe('ledger verify: duplicate transactions', () => {
  it('rejects a transaction repeated inside one (validly signed) block', async () => {
    const { ChainBuilder } = await import('../../src/ledger/chain.js');
    const cb = new ChainBuilder({ seed: 5, validators: 2 });
    const tx = { id: 'dup', type: 'charge', sender: 'cev:1', payloadHash: sha256Hex('p'), size_bytes: 300, complexity: 1, submit_t_s: 0, deadline_t_s: null };
    cb.append({ ...tx, id: 'other' });
    const ok = verifyLedgerText(toJsonl([cb.genesis, cb.seal(0, 1)]));
    expect(ok.ok).toBe(true);
    const cb2 = new ChainBuilder({ seed: 5, validators: 2 });
    cb2.append(tx);
    cb2.append(tx);
    const r = verifyLedgerText(toJsonl([cb2.genesis, cb2.seal(0, 1)]));
    expect(r.ok).toBe(false);
    expect(r.firstBadHeight).toBe(1);
    expect(r.reason).toMatch(/twice/);
  });
});

describe('ledger.jsonl key names (docs/outputs.md: camelCase with a unit suffix)', () => {
  it('a line carries timeS, sizeBytes, submitTimeS, deadlineTimeS in canonical order; parse(serialize(b)) is b', async () => {
    const { parseBlockLine } = await import('../../src/ledger/serialize.js');
    const { blocks } = exportedLedger();
    const b = blocks.find((x) => x.txs.some((t) => t.deadline_t_s !== null))!;
    const line = serializeBlock(b);
    const o = JSON.parse(line);
    expect(Object.keys(o)).toEqual(['height', 'parentHash', 'timeS', 'proposer', 'merkleRoot', 'txCount', 'sizeBytes', 'hash', 'signature', 'txs']);
    expect(Object.keys(o.txs[0])).toEqual(['id', 'type', 'sender', 'payloadHash', 'sizeBytes', 'complexity', 'submitTimeS', 'deadlineTimeS', 'hash']);
    expect(o.timeS).toBe(b.t_s);
    expect(o.sizeBytes).toBe(b.size_bytes);
    expect(o.txs.map((t: { deadlineTimeS: number | null }) => t.deadlineTimeS)).toEqual(b.txs.map((t) => t.deadline_t_s));
    const back = parseBlockLine(line);
    expect(serializeBlock(back.block, back.writtenTxHashes)).toBe(line);
  });

  it('the older snake_case format is named as such (not as a damaged block); a later old-format line is a damaged block', () => {
    const { text } = exportedLedger();
    const old = text.replace(/"timeS":/g, '"t_s":').replace(/"sizeBytes":/g, '"size_bytes":').replace(/"submitTimeS":/g, '"submit_t_s":').replace(/"deadlineTimeS":/g, '"deadline_t_s":');
    const r = verifyLedgerText(old);
    expect(r.ok).toBe(false);
    expect(r.firstBadLine).toBe(1);
    expect(r.reason).toMatch(/older vpsim \(t_s, size_bytes\)/);
    const lines = text.split('\n');
    lines[2] = old.split('\n')[2];
    const r2 = verifyLedgerText(lines.join('\n'));
    expect(r2.firstBadLine).toBe(3);
    expect(r2.reason).toMatch(/is not a block/);
  });
});
