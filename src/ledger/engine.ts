// PoaEngine: the PoA consensus model shared by the kernel agents and the fast batch path.
// Pure and deterministic: every timing (gateway checks, gossip, block assembly, validation on each
// B/A's CPU, acknowledgements, quorum finality) is computed arithmetically when a block is built,
// so a driver needs one event per block, while each transaction's delay is still its own.
// Callers must submit in non-decreasing time and build at nextBuild().t (see fastnet.ts, agents/validator.ts).
import { ChainBuilder } from './chain.js';
import { hashTransaction } from './hash.js';
import { FaultSchedule, LinkModel } from './network.js';
import { haversineKm, type ResolvedPoa } from './params.js';
import type { Block, Transaction } from './types.js';

export interface SubmitOptions {
  /** Force this gateway B/A (otherwise the routing policy picks one). */
  gateway?: number;
  /** Site index of the submitter (for 'nearest' routing); default hash of the sender. */
  origin?: number;
  /** Opaque reply address kept with the transaction (agent index in the kernel path). */
  client?: number;
}

/** What submit() returns for an accepted transaction. */
export interface Admission {
  tx: Transaction;
  /** Engine time of the submit call. */
  at: number;
  /** Gateway B/A. */
  gw: number;
  /** Time the gateway finished checking it. */
  ready: number;
  client: number;
}

export interface PendingTx {
  tx: Transaction;
  /** Hex SHA-256 transaction hash. */
  digest: string;
  /** Engine time of the submit call. */
  at: number;
  gw: number;
  /** Time the gateway finished checking it. */
  ready: number;
  /** Per-B/A availability when links are degraded, else null (ready + latency). */
  avail: Float64Array | null;
  /** CPU seconds this transaction adds to a block's validation. */
  cost: number;
  client: number;
}

export interface BlockOutcome {
  /** The sealed block; null when the step only expired transactions. */
  block: Block | null;
  proposer: number;
  /** Step time at which the build was due. */
  stepT: number;
  buildStart: number;
  buildDone: number;
  /** Quorum finality at the proposer. */
  finalT: number;
  /** Validation time of the block: execution + state commit (CPU seconds at speed 1). */
  validation_s: number;
  /** finalT - buildDone: dissemination, validation by the quorum and acknowledgement. */
  consensus_s: number;
  included: PendingTx[];
  expired: PendingTx[];
}

export interface EngineOptions {
  seed: number | string;
  /** Horizon for random crash schedules, s. */
  horizon_s: number;
  chain?: ChainBuilder;
}

const ACK_BYTES = 200;
const SCAN_AVAIL = 64;

export class PoaEngine {
  readonly chain: ChainBuilder;
  readonly faults: FaultSchedule;
  readonly links: LinkModel;
  readonly cpuFree: Float64Array;
  readonly parentImported: Float64Array;
  /** CPU seconds spent per B/A (gateway checks + block work). */
  readonly cpuBusy: Float64Array;
  /** Transactions routed to each B/A as gateway. */
  readonly routed: Float64Array;
  protected readonly speed: Float64Array;
  // The pending queue, entries [head, len) in submission order, held as a struct of arrays (one
  // slot per transaction in typed arrays, the transaction itself in ptx) instead of one object per
  // transaction: a queue of 10,000 transactions then holds no objects of its own for the garbage
  // collector to copy and promote. The transaction hash is computed when a block takes the
  // transaction (it is only needed in the block), so no digest strings are held either.
  private ptx: (Transaction | undefined)[] = [];
  private pAt = new Float64Array(1024);
  private pGw = new Int32Array(1024);
  private pReady = new Float64Array(1024);
  private pCost = new Float64Array(1024);
  private pSize = new Float64Array(1024);
  private pDeadline = new Float64Array(1024);
  private pClient = new Int32Array(1024);
  /** Per-B/A availability of an entry when links are degraded, else null. */
  private pAvail: (Float64Array | null)[] = [];
  protected head = 0;
  private len = 0;
  protected lastBlockT = -Infinity;
  private lastSubmitT = -Infinity;
  private rr = 0;
  private nearestByOrigin: number[][];
  protected cached: { t: number; proposer: number } | null | undefined = undefined;
  // minAvail cache: per-B/A minimum of availAt over pending[availHead .. availEnd); valid while the
  // window's head is unchanged (submissions only append; build() resets it)
  private readonly availMin: Float64Array;
  private availHead = -1;
  private availEnd = 0;

  constructor(readonly p: ResolvedPoa, opts: EngineOptions) {
    const M = p.M;
    this.chain = opts.chain ?? new ChainBuilder({ seed: opts.seed, validators: M, headerBytes: p.headerBytes });
    this.faults = new FaultSchedule(p, opts.seed, opts.horizon_s);
    this.links = new LinkModel(p, opts.seed);
    this.cpuFree = new Float64Array(M);
    this.parentImported = new Float64Array(M);
    this.cpuBusy = new Float64Array(M);
    this.routed = new Float64Array(M);
    this.availMin = new Float64Array(M);
    this.speed = Float64Array.from({ length: M }, (_, i) => (p.speed ? p.speed[i % p.speed.length] : 1));
    this.nearestByOrigin = p.locations.map((a, o) => {
      const d = (i: number) => {
        const b = p.locations[i % p.locations.length];
        return i % p.locations.length === o ? 0 : haversineKm(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
      };
      let best = Infinity;
      for (let i = 0; i < M; i++) best = Math.min(best, d(i));
      return Array.from({ length: M }, (_, i) => i).filter((i) => d(i) === best);
    });
  }

  get pendingCount(): number {
    return this.len - this.head;
  }

  // txCost cache: the last few (complexity, size) pairs and their cost (a workload has a few classes)
  private readonly costC = new Float64Array(8).fill(NaN);
  private readonly costS = new Float64Array(8).fill(NaN);
  private readonly costV = new Float64Array(8);
  private costNext = 0;

  /** Per-transaction validation cost on one B/A (see txValidationCost; recent values are reused). */
  txCost(tx: Transaction): number {
    const c = tx.complexity, s = tx.size_bytes;
    for (let i = 0; i < 8; i++) if (this.costC[i] === c && this.costS[i] === s) return this.costV[i];
    const v = txValidationCost(this.p, c, s);
    const i = this.costNext;
    this.costNext = (i + 1) & 7;
    this.costC[i] = c;
    this.costS[i] = s;
    this.costV[i] = v;
    return v;
  }

  /** Accepts a transaction at time t; returns a rejection reason or where it went. */
  submit(tx: Transaction, t: number, opts?: SubmitOptions): Admission | string {
    if (t < this.lastSubmitT) throw new RangeError(`submissions must come in time order (${t} < ${this.lastSubmitT})`);
    this.lastSubmitT = t;
    if (!(tx.size_bytes > 0) || tx.size_bytes > this.p.maxBlockBytes - this.p.headerBytes) return 'tooLarge';
    if (!(tx.complexity > 0)) return 'invalid';
    const arr = t + this.p.clientLatency_s;
    const g = opts?.gateway ?? this.route(tx, arr, opts?.origin);
    const work = this.p.preValidate_s / this.speed[g];
    const start = Math.max(arr, this.cpuFree[g]);
    const ready = this.faults.run(g, start, work);
    this.cpuFree[g] = ready;
    this.cpuBusy[g] += work;
    this.routed[g]++;
    let avail: Float64Array | null = null;
    if (this.links.anyDegradedFrom(g, ready)) {
      avail = new Float64Array(this.p.M);
      for (let j = 0; j < this.p.M; j++) avail[j] = ready + this.links.delay(g, j, tx.size_bytes, ready);
    }
    const client = opts?.client ?? -1;
    const k = this.len++;
    if (k === this.pAt.length) this.grow();
    this.ptx[k] = tx;
    this.pAt[k] = t;
    this.pGw[k] = g;
    this.pReady[k] = ready;
    this.pCost[k] = this.txCost(tx);
    this.pSize[k] = tx.size_bytes;
    const dl = tx.deadline_t_s;
    this.pDeadline[k] = dl === null || dl === undefined ? Infinity : dl;
    this.pClient[k] = client;
    this.pAvail[k] = avail;
    // nextBuild() reads the pending queue only through its first SCAN_AVAIL entries (minAvail) and
    // whether it is empty: an entry appended behind them leaves the next build as it was
    if (k < this.head + SCAN_AVAIL) this.cached = undefined;
    return { tx, at: t, gw: g, ready, client };
  }

  private grow(): void {
    const cap = 2 * this.pAt.length;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.pAt = f64(this.pAt);
    this.pReady = f64(this.pReady);
    this.pCost = f64(this.pCost);
    this.pSize = f64(this.pSize);
    this.pDeadline = f64(this.pDeadline);
    this.pGw = i32(this.pGw);
    this.pClient = i32(this.pClient);
  }

  /** Moves entry `from` to slot `to` of the pending queue. */
  private move(from: number, to: number): void {
    this.ptx[to] = this.ptx[from];
    this.pAt[to] = this.pAt[from];
    this.pGw[to] = this.pGw[from];
    this.pReady[to] = this.pReady[from];
    this.pCost[to] = this.pCost[from];
    this.pSize[to] = this.pSize[from];
    this.pDeadline[to] = this.pDeadline[from];
    this.pClient[to] = this.pClient[from];
    this.pAvail[to] = this.pAvail[from];
  }

  /** The entry in slot k as an object (with its transaction hash), for a block outcome. */
  private entry(k: number): PendingTx {
    const tx = this.ptx[k]!;
    return { tx, digest: hashTransaction(tx), at: this.pAt[k], gw: this.pGw[k], ready: this.pReady[k], avail: this.pAvail[k], cost: this.pCost[k], client: this.pClient[k] };
  }

  /** Time B/A j has pending entry k. */
  protected availAt(k: number, j: number): number {
    const av = this.pAvail[k];
    return av !== null ? av[j] : this.pReady[k] + this.p.lat[this.pGw[k]][j] + (this.pSize[k] * 8) / this.p.bandwidth_bps;
  }

  private route(tx: Transaction, t: number, origin?: number): number {
    const M = this.p.M;
    let g: number;
    switch (this.p.routing) {
      case 'round-robin':
        g = this.rr++ % M;
        break;
      case 'hash':
        g = fnv1a(tx.sender) % M;
        break;
      case 'nearest': {
        const o = origin ?? fnv1a(tx.sender) % this.p.locations.length;
        g = this.leastLoaded(this.nearestByOrigin[o % this.nearestByOrigin.length], t);
        break;
      }
      default:
        g = this.leastLoaded(null, t);
    }
    if (!this.faults.isUp(g, t)) {
      for (let i = 1; i < M; i++) {
        const h = (g + i) % M;
        if (this.faults.isUp(h, t)) return h;
      }
    }
    return g;
  }

  private leastLoaded(cands: number[] | null, t: number): number {
    // earliest free CPU; ties (e.g. all idle) are broken in rotation
    let best = -1, bestFree = Infinity;
    const n = cands ? cands.length : this.p.M;
    const off = this.rr++ % n;
    for (let k0 = 0; k0 < n; k0++) {
      const k = (k0 + off) % n;
      const i = cands ? cands[k] : k;
      const free = Math.max(this.cpuFree[i], t);
      if (free < bestFree) {
        bestFree = free;
        best = i;
      }
    }
    return best;
  }

  /** Earliest time B/A j has any of the first SCAN_AVAIL pending transactions (incremental). */
  protected minAvail(j: number): number {
    const end = Math.min(this.len, this.head + SCAN_AVAIL);
    const mins = this.availMin;
    if (this.availHead !== this.head) {
      mins.fill(Infinity);
      this.availHead = this.head;
      this.availEnd = this.head;
    }
    if (this.availEnd < end) {
      const M = this.p.M;
      for (let k = this.availEnd; k < end; k++) {
        for (let q = 0; q < M; q++) {
          const a = this.availAt(k, q);
          if (a < mins[q]) mins[q] = a;
        }
      }
      this.availEnd = end;
    }
    return mins[j];
  }

  /** Earliest time B/A q can propose: not before `notBefore`, its parent imported, a transaction there. */
  private readyAt(q: number, notBefore: number): number {
    return Math.max(notBefore, this.parentImported[q], this.minAvail(q));
  }

  /** When and by whom the next block is due, or null with nothing pending. */
  nextBuild(): { t: number; proposer: number } | null {
    if (this.cached !== undefined) return this.cached;
    if (this.pendingCount === 0) return (this.cached = null);
    const { M, blockPeriod_s: T, proposerTimeout_s } = this.p;
    const p0 = this.chain.height % M;
    const since = Number.isFinite(this.lastBlockT) ? this.lastBlockT : 0;
    const due = Math.max(this.lastBlockT + T, this.minAvail(p0));
    // The in-turn proposer, unless it went down since the last block; then the next B/As in turn,
    // each after one more proposerTimeout_s, provided they stayed up.
    let proposer = p0, t = this.readyAt(p0, due);
    for (let i = 0; i < M; i++) {
      const q = (p0 + i) % M;
      const tq = this.readyAt(q, due + i * proposerTimeout_s);
      if (!this.faults.downDuring(q, since, tq)) {
        proposer = q;
        t = tq;
        break;
      }
      if (i === M - 1) t = this.faults.nextUp(p0, t);
    }
    t = Math.ceil(t / T - 1e-9) * T;
    return (this.cached = { t, proposer });
  }

  /** Builds the block due at nextBuild().t; returns its outcome, or null when nothing could be included. */
  build(): BlockOutcome | null {
    const nb = this.nextBuild();
    if (!nb) return null;
    const { t: stepT, proposer: pr } = nb;
    const p = this.p;
    this.cached = undefined;
    this.availHead = -1;
    // A proposer busy at its step (or down) proposes at the next step boundary where it is free.
    let buildStart = this.faults.nextUp(pr, Math.max(stepT, this.cpuFree[pr]));
    if (buildStart > stepT) buildStart = Math.ceil(buildStart / p.blockPeriod_s - 1e-9) * p.blockPeriod_s;
    const { included, expired, cost } = this.take(pr, buildStart);
    if (included.length === 0) {
      this.lastBlockT = Math.max(this.lastBlockT, stepT - p.blockPeriod_s + 1e-9);
      return expired.length > 0 ? { block: null, proposer: pr, stepT, buildStart, buildDone: buildStart, finalT: buildStart, validation_s: 0, consensus_s: 0, included, expired } : null;
    }
    // Validation = execution (transactions + coordination) then the state commit (blockBase_s).
    // A B/A acknowledges once it has executed the block; the commit follows on its CPU before it
    // can build on the block or do other work.
    const V = blockValidationTime(p, cost);
    const exec = V - p.blockBase_s;
    const buildDone = this.faults.run(pr, buildStart, exec / this.speed[pr]);
    const prCommit = this.faults.run(pr, buildDone, p.blockBase_s / this.speed[pr]);
    this.cpuBusy[pr] += V / this.speed[pr];
    this.cpuFree[pr] = prCommit;
    this.parentImported[pr] = prCommit;
    for (const e of included) this.chain.append(e.tx, e.digest);
    const block = this.chain.seal(pr, buildStart);
    const acks: number[] = [buildDone];
    for (let j = 0; j < p.M; j++) {
      if (j === pr) continue;
      const arr = buildDone + this.links.delay(pr, j, block.size_bytes, buildDone);
      const executed = this.faults.run(j, Math.max(arr, this.cpuFree[j]), exec / this.speed[j]);
      const committed = this.faults.run(j, executed, p.blockBase_s / this.speed[j]);
      this.cpuBusy[j] += V / this.speed[j];
      this.cpuFree[j] = committed;
      this.parentImported[j] = committed;
      acks.push(executed + this.links.delay(j, pr, ACK_BYTES, executed));
    }
    acks.sort((a, b) => a - b);
    const finalT = acks[p.q - 1];
    this.lastBlockT = buildStart;
    return { block, proposer: pr, stepT, buildStart, buildDone, finalT, validation_s: V, consensus_s: finalT - buildDone, included, expired };
  }

  /** What B/A `pr` would put in a block assembled at `t` (pending queue unchanged). */
  protected peek(pr: number, t: number): { count: number; bytes: number; cost: number } {
    const room = this.p.maxBlockBytes - this.p.headerBytes;
    let bytes = 0, cost = 0, count = 0;
    for (let k = this.head; k < this.len; k++) {
      if (this.pAt[k] > t) break;
      if (this.pDeadline[k] < t || this.availAt(k, pr) > t) continue;
      const size = this.pSize[k];
      if (bytes + size > room) break;
      count++;
      bytes += size;
      cost += this.pCost[k];
    }
    return { count, bytes, cost };
  }

  /** Takes the transactions B/A `pr` puts in a block assembled at `buildStart`, and the expired ones, off the queue. */
  protected take(pr: number, buildStart: number): { included: PendingTx[]; expired: PendingTx[]; cost: number } {
    const included: PendingTx[] = [];
    const expired: PendingTx[] = [];
    const kept: number[] = [];
    this.availHead = -1; // the queue changes: the minAvail cache is rebuilt
    const room = this.p.maxBlockBytes - this.p.headerBytes;
    const pAt = this.pAt, pDeadline = this.pDeadline, pSize = this.pSize, pCost = this.pCost;
    const pReady = this.pReady, pGw = this.pGw, pAvail = this.pAvail, bw = this.p.bandwidth_bps;
    const latTo = this.p.lat.map((row) => row[pr]);
    let bytes = 0, cost = 0, k = this.head;
    for (; k < this.len; k++) {
      if (pAt[k] > buildStart) break;
      const av = pAvail[k];
      // availAt(k, pr), with the latency column of pr looked up once
      const at = av !== null ? av[pr] : pReady[k] + latTo[pGw[k]] + (pSize[k] * 8) / bw;
      if (pDeadline[k] < buildStart) expired.push(this.entry(k));
      else if (at > buildStart) kept.push(k);
      else if (bytes + pSize[k] > room) break;
      else {
        included.push(this.entry(k));
        bytes += pSize[k];
        cost += pCost[k];
      }
    }
    // the kept entries close up in front of slot k, in order (copied last first: a slot is never
    // overwritten before it was read)
    for (let i = kept.length - 1; i >= 0; i--) this.move(kept[i], k - kept.length + i);
    this.head = k - kept.length;
    for (let i = k - kept.length - included.length - expired.length; i < this.head; i++) {
      this.ptx[i] = undefined;
      this.pAvail[i] = null;
    }
    if (this.head > 4096 && this.head * 2 > this.len) this.compact();
    return { included, expired, cost };
  }

  /** Drops the taken slots [0, head) from the front of the queue. */
  private compact(): void {
    const h = this.head, n = this.len - h;
    this.ptx = this.ptx.slice(h, this.len);
    this.pAvail = this.pAvail.slice(h, this.len);
    for (const a of [this.pAt, this.pReady, this.pCost, this.pSize, this.pDeadline]) a.copyWithin(0, h, this.len);
    for (const a of [this.pGw, this.pClient]) a.copyWithin(0, h, this.len);
    this.head = 0;
    this.len = n;
  }

  /** Outcomes whose finality was settled after their block was built (Clique/Aura; basic: none). */
  takeFinal(): BlockOutcome[] {
    return [];
  }
}

/** CPU seconds one transaction adds to a block's validation: C x exec + (M-1) x C^k x sync + bytes x perByte. */
export function txValidationCost(p: ResolvedPoa, complexity: number, size_bytes: number): number {
  return complexity * p.txExec_s + (p.M - 1) * Math.pow(complexity, p.syncExponent) * p.syncPerPeer_s + size_bytes * p.perByte_s;
}

/** Validation time of a block with n transactions of the given total cost, CPU seconds. */
export function blockValidationTime(p: ResolvedPoa, txCostSum: number): number {
  return p.blockBase_s + txCostSum + (p.M - 1) * p.coordPerPeer_s;
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
