// Checks a run directory's records: the ledger chain (every hash, link and signature), the chain
// against the run's anchor (summary.json `anchor`: authorities, genesis, head, block count,
// digests; signed with the keystore's anchor key) and against what the verifier trusts (`--trust`:
// an anchor, a summary.json, or public keys), and events.jsonl against the chain: every line whose
// event the ledger commits must be, in order, exactly the committed event (transaction id, type,
// sender, payload hash, time and block), in canonical form, with a valid signature where it carries
// one. The first failure is named by file and line.
import { createHash, createPublicKey, verify as edVerify, type KeyObject } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eventPayload, eventTransaction } from '../contracts/chain.js';
import { anchorShapeProblem, anchorSignatureValid, type Anchor } from '../ledger/anchor.js';
import type { Block, Transaction } from '../ledger/types.js';
import { refuseOlderLedgerFormat } from '../ledger/serialize.js';
import { LedgerVerifier } from '../ledger/verify.js';
import { readJsonBounded, readLinesBounded, readTextBounded } from '../util/bounded-read.js';
import { InputError } from '../util/errors.js';

export type Trust = { kind: 'anchor'; anchor: Anchor; file: string } | { kind: 'keys'; keys: Set<string>; file: string };

export interface RecordsVerdict {
  ok: boolean;
  /** The file and (1-based) line of the first failure. */
  file: string | null;
  line: number | null;
  reason: string | null;
  blocks: number;
  transactions: number;
  headHash: string | null;
  eventLines: number;
  /** Whether an anchor was checked (a run directory), and whether it is trusted (--trust). */
  anchored: boolean;
  trusted: boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads a trust file: an anchor, a summary.json holding one, or public keys (JSON list / object, or one hex key per line). */
export function readTrust(file: string): Trust {
  const text = readTextBounded(file, file, 'trust file');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const keys = text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter((l) => l !== '');
    if (keys.length === 0 || !keys.every((k) => HEX64.test(k))) throw new InputError(file, '', 'an anchor (JSON), a summary.json, or public keys (64 hex digits, one a line)', 'neither');
    return { kind: 'keys', keys: new Set(keys), file };
  }
  const o = doc as Record<string, unknown>;
  const anchor = (o && typeof o === 'object' && 'anchor' in o ? o.anchor : o) as Anchor;
  if (anchor && typeof anchor === 'object' && (anchor as { format?: unknown }).format === 'vpsim-anchor/1') {
    const p = anchorShapeProblem(anchor);
    if (p) throw new InputError(file, 'anchor', 'a well-formed vpsim anchor', p);
    return { kind: 'anchor', anchor, file };
  }
  const list = Array.isArray(doc) ? doc : Array.isArray(o?.publicKeys) ? o.publicKeys : typeof o?.keystorePublicKey === 'string' ? [o.keystorePublicKey] : null;
  if (!list || list.length === 0 || !list.every((k) => typeof k === 'string' && HEX64.test(k))) {
    throw new InputError(file, '', 'an anchor, a summary.json with an anchor, or public keys ({"publicKeys": [hex, ...]})', 'none of these');
  }
  return { kind: 'keys', keys: new Set(list as string[]), file };
}

interface EventTx {
  tx: Transaction;
  height: number;
}

/** Verifies a run directory (or, with `ledgerOnly`, a single ledger.jsonl file). */
export function verifyRecords(path: string, trust?: Trust): RecordsVerdict {
  const isDir = existsSync(path) && statSync(path).isDirectory();
  // a directory without summary.json (a ledger exported by hand) is checked as its ledger.jsonl alone: not anchored
  const dir = isDir && existsSync(join(path, 'summary.json')) ? path : null;
  const ledgerFile = isDir ? join(path, 'ledger.jsonl') : path;
  const v: RecordsVerdict = { ok: true, file: null, line: null, reason: null, blocks: 0, transactions: 0, headHash: null, eventLines: 0, anchored: false, trusted: false };
  const fail = (file: string, line: number | null, reason: string): RecordsVerdict => Object.assign(v, { ok: false, file, line, reason });

  // 1. the anchor: in summary.json (a run directory) and/or the trusted one
  let anchor: Anchor | null = null;
  if (dir) {
    const sp = join(dir, 'summary.json');
    if (!existsSync(sp)) return fail(sp, null, 'no summary.json (not a run directory)');
    const s = readJsonBounded(sp, sp, 'summary.json', 'record') as { anchor?: unknown };
    if (!s || typeof s !== 'object' || s.anchor === undefined) return fail(sp, null, 'no anchor (a run written by an older vpsim, or the anchor was removed)');
    const p = anchorShapeProblem(s.anchor);
    if (p) return fail(sp, null, `anchor malformed: ${p}`);
    anchor = s.anchor as Anchor;
    if (!anchorSignatureValid(anchor)) return fail(sp, null, 'anchor signature does not verify (the anchor was altered)');
    v.anchored = true;
  }
  if (trust?.kind === 'anchor') {
    if (anchor) {
      const diff = anchorDifference(anchor, trust.anchor);
      if (diff) return fail(join(dir!, 'summary.json'), null, `anchor differs from the trusted anchor in ${trust.file}: ${diff}`);
    }
    if (!anchorSignatureValid(trust.anchor)) return fail(trust.file, null, 'the trusted anchor signature does not verify');
    anchor = trust.anchor;
    v.trusted = true;
  } else if (trust?.kind === 'keys') {
    if (!anchor) return fail(ledgerFile, null, `a ledger file alone has no anchor; give the run directory (or --trust an anchor) to check it against keys in ${trust.file}`);
    if (!trust.keys.has(anchor.keystorePublicKey)) return fail(join(dir!, 'summary.json'), null, `anchor signed by key ${anchor.keystorePublicKey.slice(0, 16)}..., which ${trust.file} does not trust`);
    v.trusted = true;
  }

  // 2. the chain
  const eventTxs: EventTx[] = [];
  let genesis: Block | null = null;
  const lv = new LedgerVerifier((b) => {
    if (b.height === 0) genesis = b;
    for (const tx of b.txs) if (tx.id.startsWith('gvp:')) eventTxs.push({ tx, height: b.height });
  });
  const hasLedger = existsSync(ledgerFile);
  if (anchor && anchor.blocks > 0 && !hasLedger) return fail(ledgerFile, null, `missing; the anchor records ${anchor.blocks} blocks`);
  if (!dir && !hasLedger) throw new InputError(ledgerFile, '', 'a ledger.jsonl file', 'no such file');
  if (hasLedger) {
    const h = createHash('sha256');
    for (const { line, lineNo } of readLinesBounded(ledgerFile, ledgerFile, 'ledger file', h)) {
      if (lineNo === 1) refuseOlderLedgerFormat(ledgerFile, line);
      if (!lv.push(line)) break;
      if (anchor && lv.result().blocks === 1) {
        const g = genesis as Block | null;
        const diff = authoritiesDifference(g?.validators ?? [], anchor.authorities ?? []);
        if (diff) return fail(ledgerFile, 1, `genesis authorities differ from the ${v.trusted ? 'trusted ' : ''}anchor: ${diff}`);
        if (g && g.hash !== anchor.genesisHash) return fail(ledgerFile, 1, 'genesis hash differs from the anchor');
      }
    }
    const r = lv.result();
    v.blocks = r.blocks;
    v.transactions = r.transactions;
    v.headHash = r.headHash;
    if (!r.ok) return fail(ledgerFile, r.firstBadLine, `block ${r.firstBadHeight} is invalid: ${r.reason}`);
    if (anchor) {
      if (anchor.blocks !== r.blocks || anchor.headHash !== r.headHash) {
        return fail(ledgerFile, Math.min(r.blocks, anchor.blocks) + 1, `the chain has ${r.blocks} blocks (head ${String(r.headHash).slice(0, 16)}), the anchor ${anchor.blocks} (head ${String(anchor.headHash).slice(0, 16)}): blocks removed or added`);
      }
      if (anchor.ledgerSha256 !== h.digest('hex')) return fail(ledgerFile, null, 'file digest differs from the anchor');
    }
  }
  if (!dir) return v;

  // 3. events.jsonl against the chain and the anchor
  const evFile = join(dir, 'events.jsonl');
  if (!existsSync(evFile)) return fail(evFile, null, 'missing');
  const signerKeys = readIdentities(dir, anchor);
  if (typeof signerKeys === 'string') return fail(join(dir, 'identities.csv'), null, signerKeys);
  const committed = new Set(eventTxs.map((e) => e.tx.id));
  const bound = hasLedger && eventTxs.length > 0;
  let next = 0;
  let signed = 0;
  const h = createHash('sha256');
  for (const { line, lineNo } of readLinesBounded(evFile, evFile, 'events file', h)) {
    v.eventLines = lineNo;
    const why = checkEventLine(line, bound, () => eventTxs[next], committed, signerKeys, anchor);
    if (why === 'consumed') {
      next++;
      if (line.includes('"sig":')) signed++;
      continue;
    }
    if (why !== null) return fail(evFile, lineNo, why);
    if (line.includes('"sig":')) signed++;
  }
  if (bound && next < eventTxs.length) {
    const m = eventTxs[next];
    return fail(evFile, v.eventLines + 1, `missing: the ledger commits ${eventTxs.length - next} more event(s), the first ${m.tx.id} in block ${m.height} (lines deleted?)`);
  }
  if (anchor) {
    const e = anchor.eventLog;
    if (e.lines !== v.eventLines) return fail(evFile, Math.min(e.lines, v.eventLines) + 1, `${v.eventLines} lines, the anchor records ${e.lines}`);
    if (e.signed !== signed) return fail(evFile, null, `${signed} signed lines, the anchor records ${e.signed} (signatures removed or added)`);
    if (e.sha256 !== h.digest('hex')) return fail(evFile, null, 'file digest differs from the anchor (an altered line)');
  }
  return v;
}

/** Returns 'consumed' when the line is the next committed event, null when it is a fine uncommitted line, else the reason. */
function checkEventLine(line: string, bound: boolean, nextTx: () => EventTx | undefined, committed: Set<string>, keys: Map<string, KeyObject> | null, anchor: Anchor | null): string | null | 'consumed' {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return 'not a JSON object';
  if (JSON.stringify(rec) !== line) return 'not in canonical form (altered bytes)';
  if (typeof rec.sig === 'string') {
    const key = keys?.get(String(rec.signer));
    if (!key) return `signed by '${String(rec.signer)}', whose public key is not in identities.csv`;
    let ok = false;
    try {
      ok = edVerify(null, Buffer.from(eventPayload(rec)), key, Buffer.from(rec.sig, 'hex'));
    } catch {
      ok = false;
    }
    if (!ok) return `invalid signature of ${String(rec.signer)}`;
  } else if (rec.sig !== undefined) return 'sig is not a string';
  else if (anchor && anchor.eventLog.signed > 0 && anchor.eventLog.signed === anchor.eventLog.lines) return 'signature missing (every event of this run is signed)';
  if (!bound) return null;
  if (!Number.isInteger(rec.seq) || !Number.isInteger(rec.block)) return 'no integer seq and block (every event of this run is committed on the ledger)';
  const id = `gvp:${rec.seq as number}`;
  if (rec.block === -1) return committed.has(id) ? `says not committed (block -1), but the ledger commits ${id}` : null;
  const want = nextTx();
  if (!want) return `event ${id} in block ${rec.block as number} is not committed on the ledger (inserted?)`;
  if (want.tx.id !== id) return `the ledger commits ${want.tx.id} next, this line is ${id} (lines deleted, inserted or reordered)`;
  if (want.height !== rec.block) return `block ${rec.block as number}, but the ledger commits ${id} in block ${want.height}`;
  let mine: Transaction;
  try {
    mine = eventTransaction(rec);
  } catch {
    return 'not an event record';
  }
  const t = want.tx;
  if (mine.type !== t.type || mine.sender !== t.sender || mine.payloadHash !== t.payloadHash || mine.submit_t_s !== t.submit_t_s) return `differs from the committed event ${id} (altered)`;
  return 'consumed';
}

/** Public keys of event signers (identities.csv: identity, public_key_spki_hex), checked against the anchor digest. */
function readIdentities(dir: string, anchor: Anchor | null): Map<string, KeyObject> | null | string {
  const p = join(dir, 'identities.csv');
  const want = anchor?.identitiesSha256 ?? null;
  if (!existsSync(p)) return want ? 'missing; the anchor records its digest' : null;
  const text = readTextBounded(p, p, 'identities file', 'record');
  if (anchor && createHash('sha256').update(text).digest('hex') !== want) return 'digest differs from the anchor (keys swapped?)';
  const keys = new Map<string, KeyObject>();
  const [head, ...rows] = text.split('\n').filter((l) => l !== '');
  const cols = head.split(',');
  const ci = cols.indexOf('identity');
  const ck = cols.indexOf('public_key_spki_hex');
  if (ci < 0 || ck < 0) return 'no identity and public_key_spki_hex columns';
  for (const r of rows) {
    const c = r.split(',');
    try {
      keys.set(c[ci], createPublicKey({ key: Buffer.from(c[ck], 'hex'), format: 'der', type: 'spki' }));
    } catch {
      return `malformed public key of ${c[ci]}`;
    }
  }
  return keys;
}

function authoritiesDifference(got: readonly { id: string; publicKey: string }[], want: readonly { id: string; publicKey: string }[]): string | null {
  if (got.length !== want.length) return `${got.length} validators, the anchor ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    if (got[i].id !== want[i].id || got[i].publicKey !== want[i].publicKey) return `validator ${i} (${got[i].id}) has key ${got[i].publicKey.slice(0, 16)}..., the anchor ${want[i].publicKey.slice(0, 16)}...`;
  }
  return null;
}

function anchorDifference(a: Anchor, b: Anchor): string | null {
  const fields: (keyof Anchor)[] = ['keystorePublicKey', 'authorities', 'genesisHash', 'headHash', 'blocks', 'ledgerSha256', 'eventLog', 'identitiesSha256'];
  for (const f of fields) if (JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null)) return f;
  return null;
}
