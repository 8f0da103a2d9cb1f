// The tamper suite: every edit of a run's records is caught (exit 3 from `ledger verify` and
// `kpi`): byte flips, deleted / inserted / reordered / altered lines of events.jsonl and
// ledger.jsonl, truncation, a chain re-signed with keys derived from anything in the run
// directory, swapped authorities, a forged anchor (caught with --trust), altered sweep records.
import { createHash, createHmac, createPrivateKey } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/ledger/hash.js';
import { keyPairFromSeed } from '../../src/ledger/keys.js';
import { readTrust, verifyRecords } from '../../src/kpi/verify-records.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';
import { createRng } from '../../src/sim/rng.js';
import { ROOT, vpsim } from '../helpers/cli.js';
import { doublePayment, forgeAnchor, lines, resign, writeLines, type Signer } from '../helpers/forge.js';
import { TEST_KEYSTORE } from '../setup-keys.js';

const work = mkdtempSync(join(tmpdir(), 'vpsim-tamper-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let run: string; // a GVP run with signed events (s1)
let mm1: string; // a run without a ledger
let n = 0;

beforeAll(async () => {
  run = join(work, 'gvp');
  await runScenarioFile(join(ROOT, 'scenarios/gvp/s1.yaml'), { out: run, quiet: true });
  mm1 = join(work, 'mm1');
  await runScenarioFile(join(ROOT, 'scenarios/demo/mm1.yaml'), { out: mm1, quiet: true, set: ['mm1.customers=500'] });
}, 120_000);

function copy(from = run): string {
  const d = join(work, `t${n++}`);
  cpSync(from, d, { recursive: true });
  return d;
}
function caught(dir: string, file?: string, line?: number, trust?: string) {
  const v = verifyRecords(dir, trust ? readTrust(trust) : undefined);
  expect(v.ok, `not caught: ${dir}`).toBe(false);
  if (file) expect(v.file?.endsWith(file), `${v.file}: ${v.reason}`).toBe(true);
  if (line !== undefined) expect(v.line, `${v.file}:${v.line}: ${v.reason}`).toBe(line);
  return v;
}

describe('tamper suite: events.jsonl', () => {
  it('the untouched run verifies (so every failure below is the edit)', () => {
    expect(verifyRecords(run).ok).toBe(true);
    expect(verifyRecords(mm1).ok).toBe(true);
    expect(vpsim(['ledger', 'verify', run]).code).toBe(0);
    expect(vpsim(['kpi', run, '--json']).code).toBe(0);
  });

  it('deleting any one line is caught at that line (first, a settlement, middle, last)', () => {
    const ev = lines(run, 'events.jsonl');
    const settle = ev.findIndex((l) => l.includes('"SettlementSucceeded"'));
    for (const i of [0, settle, Math.floor(ev.length / 2), ev.length - 1]) {
      const d = copy();
      writeLines(d, 'events.jsonl', ev.filter((_, k) => k !== i));
      caught(d, 'events.jsonl', i + 1);
    }
  });

  it('inserting a line (a duplicate, a fabricated event) is caught at that line', () => {
    const ev = lines(run, 'events.jsonl');
    for (const [at, text] of [[5, ev[2]], [10, ev[3]], [ev.length, ev[ev.length - 1]], [0, '{"seq":9999,"block":1,"t":0,"type":"TradeRegistered","signer":"market"}']] as const) {
      const d = copy();
      writeLines(d, 'events.jsonl', [...ev.slice(0, at), text, ...ev.slice(at)]);
      caught(d, 'events.jsonl', at + 1);
    }
  });

  it('reordering lines is caught (20 random swaps, each at the first moved line)', () => {
    const ev = lines(run, 'events.jsonl');
    const rng = createRng(7, 'tamper:reorder');
    for (let k = 0; k < 20; k++) {
      const i = rng.int(ev.length - 1);
      const j = i + 1 + rng.int(Math.min(30, ev.length - i - 1));
      if (ev[i] === ev[j]) continue;
      const d = copy();
      const x = ev.slice();
      [x[i], x[j]] = [x[j], x[i]];
      writeLines(d, 'events.jsonl', x);
      caught(d, 'events.jsonl', i + 1);
    }
  });

  it('altering a value, a signature, or removing a signature is caught at that line', () => {
    const d1 = copy();
    const at = doublePayment(d1);
    caught(d1, 'events.jsonl', at);
    const ev = lines(run, 'events.jsonl');
    const i = 40;
    const e = JSON.parse(ev[i]);
    expect(typeof e.sig).toBe('string');
    for (const edit of [(o: any) => (o.sig = o.sig.replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a'))), (o: any) => delete o.sig, (o: any) => (o.t += 1), (o: any) => (o.block += 1)]) {
      const d = copy();
      const o = JSON.parse(ev[i]);
      edit(o);
      writeLines(d, 'events.jsonl', ev.map((l, k) => (k === i ? JSON.stringify(o) : l)));
      caught(d, 'events.jsonl', i + 1);
    }
  });

  it('24 random byte flips are each caught; so is an emptied events.jsonl', () => {
    const bytes = readFileSync(join(run, 'events.jsonl'));
    const rng = createRng(11, 'tamper:flip');
    for (let k = 0; k < 24; k++) {
      const d = copy();
      const b = Buffer.from(bytes);
      const at = rng.int(b.length);
      b[at] ^= 1 << rng.int(8);
      writeFileSync(join(d, 'events.jsonl'), b);
      caught(d);
    }
    const d = copy();
    writeFileSync(join(d, 'events.jsonl'), '');
    caught(d, 'events.jsonl');
    const r = vpsim(['kpi', d]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^vpsim: records failed: .*events\.jsonl/);
  });

  it('an edited events.jsonl of a run without a ledger is caught by the anchor digest', () => {
    const d = copy(mm1);
    const ev = lines(d, 'events.jsonl');
    writeLines(d, 'events.jsonl', ev.slice(1));
    caught(d, 'events.jsonl');
    const d2 = copy(mm1);
    writeLines(d2, 'events.jsonl', ev.map((l, k) => (k === 3 ? l.replace(/"t":(\d)/, '"t":9$1') : l)));
    caught(d2, 'events.jsonl');
  });
});

describe('tamper suite: ledger.jsonl', () => {
  it('deleting, inserting, reordering or altering a block is caught at that line', () => {
    const led = lines(run, 'ledger.jsonl');
    const edits: [string, (x: string[]) => string[], number][] = [
      ['delete middle', (x) => x.filter((_, k) => k !== 50), 51],
      ['delete genesis', (x) => x.slice(1), 1],
      ['duplicate', (x) => [...x.slice(0, 20), x[19], ...x.slice(20)], 21],
      ['swap', (x) => [...x.slice(0, 30), x[31], x[30], ...x.slice(32)], 31],
      ['alter a tx', (x) => x.map((l, k) => (k === 60 ? l.replace(/"complexity":1/, '"complexity":2') : l)), 61],
    ];
    for (const [name, f, line] of edits) {
      const d = copy();
      writeLines(d, 'ledger.jsonl', f(led));
      const v = caught(d, 'ledger.jsonl');
      expect(v.line, `${name}: ${v.reason}`).toBe(line);
    }
  });

  it('truncating the chain (last blocks, and events with them) is caught', () => {
    const led = lines(run, 'ledger.jsonl');
    const d = copy();
    writeLines(d, 'ledger.jsonl', led.slice(0, -3));
    caught(d, 'ledger.jsonl', led.length - 2);
    // consistent truncation: the events of the removed blocks go too
    const d2 = copy();
    const keep = led.slice(0, -3);
    const maxH = JSON.parse(keep[keep.length - 1]).height;
    writeLines(d2, 'ledger.jsonl', keep);
    writeLines(d2, 'events.jsonl', lines(run, 'events.jsonl').filter((l) => JSON.parse(l).block <= maxH));
    caught(d2, 'ledger.jsonl');
  });

  it('20 random byte flips are each caught', () => {
    const bytes = readFileSync(join(run, 'ledger.jsonl'));
    const rng = createRng(13, 'tamper:ledger-flip');
    for (let k = 0; k < 20; k++) {
      const d = copy();
      const b = Buffer.from(bytes);
      b[rng.int(b.length)] ^= 1 << rng.int(8);
      writeFileSync(join(d, 'ledger.jsonl'), b);
      caught(d);
    }
  });
});

describe('ledger.jsonl of an older vpsim (snake_case block fields)', () => {
  // what vpsim wrote before the JSON key rule: the same values under t_s, size_bytes, submit_t_s, deadline_t_s
  const toOld = (l: string) => l.replace(/"timeS":/g, '"t_s":').replace(/"sizeBytes":/g, '"size_bytes":').replace(/"submitTimeS":/g, '"submit_t_s":').replace(/"deadlineTimeS":/g, '"deadline_t_s":');
  it('today\'s lines carry the camelCase keys and none of the old ones', () => {
    const led = lines(run, 'ledger.jsonl');
    for (const l of [led[0], led[1]]) {
      expect(l).toMatch(/"timeS":/);
      expect(l).toMatch(/"sizeBytes":/);
      expect(l).not.toMatch(/"(t_s|size_bytes|submit_t_s|deadline_t_s)":/);
    }
    expect(led[1]).toMatch(/"submitTimeS":[0-9.]+,"deadlineTimeS":/);
  });
  it('is refused with one line naming the file (exit 2) by ledger verify (directory and file) and kpi, not mis-verified', () => {
    const d = copy();
    writeLines(d, 'ledger.jsonl', lines(run, 'ledger.jsonl').map(toOld));
    for (const args of [['ledger', 'verify', d], ['ledger', 'verify', join(d, 'ledger.jsonl')], ['kpi', d], ['kpi', d, '--json']]) {
      const r = vpsim(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      const errLines = r.stderr.trim().split('\n');
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toContain(join(d, 'ledger.jsonl'));
      expect(errLines[0]).toMatch(/line 1: .*older vpsim \(t_s, size_bytes\)/);
    }
  });
  it('only line 1 decides the format: one later block in the old spelling is an altered block (exit 3 at its line)', () => {
    const d = copy();
    writeLines(d, 'ledger.jsonl', lines(run, 'ledger.jsonl').map((l, k) => (k === 5 ? toOld(l) : l)));
    const v = caught(d, 'ledger.jsonl', 6);
    expect(v.reason).toMatch(/is not a block: .*(timeS|sizeBytes) is not a number/);
    expect(vpsim(['ledger', 'verify', d]).code).toBe(3);
  });
});

describe('tamper suite: forgery', () => {
  const seedOf = () => JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')).seed as number;
  /** Every secret a forger could take from the run directory. */
  function candidateSecrets(): Buffer[] {
    const s = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    const texts = [String(s.seed), s.scenarioHash, s.anchor.keystorePublicKey, s.anchor.signature, s.anchor.genesisHash, s.anchor.headHash, ...s.anchor.authorities.map((a: { publicKey: string }) => a.publicKey)];
    const files = readdirSync(run).filter((f) => !f.startsWith('.vpsim-tmp'));
    return [...texts.map((t) => Buffer.from(String(t))), ...texts.map((t) => createHash('sha256').update(String(t)).digest()), ...files.map((f) => createHash('sha256').update(readFileSync(join(run, f))).digest())];
  }

  it('re-signing with keys derived from the run directory fails verify (old seed-derived scheme and every file-derived secret)', () => {
    const seed = seedOf();
    // the scheme of earlier vpsim versions: sha256(constant | seed | index)
    const oldScheme: Signer = (_h, i) => keyPairFromSeed(createHash('sha256').update(`vpsim-validator-key\u0000${seed}\u0000${i}`).digest());
    const schemes: Signer[] = [oldScheme, ...candidateSecrets().map((sec): Signer => (_h, i) => keyPairFromSeed(createHmac('sha256', sec).update(`vpsim-validator-key\u0000${seed}\u0000${i}`).digest()))];
    expect(schemes.length).toBeGreaterThan(20);
    schemes.forEach((signer, k) => {
      const d = copy();
      doublePayment(d);
      resign(d, signer);
      caught(d, 'ledger.jsonl', 1);
      if (k < 2) {
        expect(vpsim(['ledger', 'verify', d]).code).toBe(3);
        expect(vpsim(['kpi', d]).code).toBe(3);
      }
      rmSync(d, { recursive: true, force: true });
    });
  });

  it('control: the forger\'s tool works — with the real keystore secret the re-signed forgery passes verify', () => {
    const secret = Buffer.from(JSON.parse(readFileSync(TEST_KEYSTORE, 'utf8')).secret, 'hex');
    const seed = seedOf();
    const real: Signer = (_h, i) => keyPairFromSeed(createHmac('sha256', secret).update(`vpsim-validator-key\u0000${seed}\u0000${i}`).digest());
    const d = copy();
    doublePayment(d);
    // a doubled payment re-signed with the real keys still differs from the anchored digests...
    resign(d, real);
    caught(d);
    // ...and only re-anchoring with the real anchor key makes it pass: the secret is what protects a run
    forgeAnchor(d, keyPairFromSeed(createHmac('sha256', secret).update('vpsim-anchor-key/1').digest()));
    expect(verifyRecords(d).ok).toBe(true);
  });

  it('swapped authorities are caught; a forged anchor is caught with --trust (keys or anchor)', () => {
    const attacker: Signer = (_h, i) => keyPairFromSeed(createHash('sha256').update(`attacker-${i}`).digest());
    const d = copy();
    doublePayment(d);
    resign(d, attacker, true);
    caught(d, 'ledger.jsonl', 1); // genesis authorities differ from the anchor
    // the forger also rewrites the anchor with a key of his own: self-consistent now...
    forgeAnchor(d, attacker(0, 99));
    expect(verifyRecords(d).ok).toBe(true);
    // ...but not what the verifier trusts
    const keysFile = join(work, 'trusted-keys.json');
    writeFileSync(keysFile, vpsim(['keys', 'public', '--json']).stdout);
    caught(d, 'summary.json', undefined, keysFile);
    const anchorFile = join(work, 'trusted-summary.json');
    cpSync(join(run, 'summary.json'), anchorFile);
    caught(d, 'summary.json', undefined, anchorFile);
    const r = vpsim(['ledger', 'verify', d, '--trust', keysFile]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^vpsim: .*summary\.json: anchor signed by key [0-9a-f]{16}\.\.\., which .* does not trust\n$/);
    // and the genuine run passes both trust checks
    expect(verifyRecords(run, readTrust(keysFile)).ok).toBe(true);
    expect(verifyRecords(run, readTrust(anchorFile)).ok).toBe(true);
  });

  it('a truncated chain with a forged anchor is caught by a trusted anchor', () => {
    const d = copy();
    const led = lines(run, 'ledger.jsonl').slice(0, -2);
    writeLines(d, 'ledger.jsonl', led);
    const maxH = JSON.parse(led[led.length - 1]).height;
    writeLines(d, 'events.jsonl', lines(run, 'events.jsonl').filter((l) => JSON.parse(l).block <= maxH));
    forgeAnchor(d, keyPairFromSeed(createHash('sha256').update('attacker').digest()));
    const anchorFile = join(work, 'trusted-anchor.json');
    writeFileSync(anchorFile, JSON.stringify(JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')).anchor));
    caught(d, 'summary.json', undefined, anchorFile);
  });

  it('the private keys are nowhere in the run directory', () => {
    const secret = JSON.parse(readFileSync(TEST_KEYSTORE, 'utf8')).secret as string;
    for (const f of readdirSync(run)) expect(readFileSync(join(run, f), 'utf8').includes(secret), f).toBe(false);
    // a derived private key would sign like this one; its seed bytes are not in any file either
    const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), createHmac('sha256', Buffer.from(secret, 'hex')).update(`vpsim-validator-key\u00001\u00000`).digest()]), format: 'der', type: 'pkcs8' });
    const raw = (priv.export({ format: 'der', type: 'pkcs8' }) as Buffer).subarray(16).toString('hex');
    for (const f of readdirSync(run)) expect(readFileSync(join(run, f), 'utf8').includes(raw), f).toBe(false);
    expect(sha256Hex('')).toMatch(/^[0-9a-f]{64}$/);
  });
});
