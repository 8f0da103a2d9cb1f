// ForkingPoaEngine: the PoaEngine with real PoA client rules (consensus: clique | aura). Each
// height is a contest: every signer the rules allow schedules a seal (Clique: the in-turn signer at
// the header time, out-of-turn signers after a random wiggle; Aura: the primary of its step, and the
// primaries of the following steps when they have not yet imported the block), and a signer seals
// unless it already imported a competing block of this height. Sealed blocks propagate; each node
// executes a block only when it is heavier (total difficulty) than its head, so a node that first
// imported a loser executes the winner too and reorganizes. The winner (heaviest; first sealed on a
// tie) goes on the chain; losers are orphaned (their transactions stay pending). Finality is
// rolling: Clique after `confirmations` blocks on top, Aura once more than half of the validators
// sealed blocks on the chain from it on. Outcomes are handed out by takeFinal() once final.
// Simplifications (docs/ledger.md): all nodes build the next height on the winner once imported
// (contests resolve per height, so reorganizations are one block deep); an Aura primary that has
// not yet imported the parent by its step skips it; a sibling sealed after the first seal sees the
// transactions submitted up to the first seal.
import { createRng, type Rng } from '../sim/rng.js';
import { auraDifficulty, auraPrimary, auraStep, RollingFinality } from './consensus/aura.js';
import { cliqueDifficulty, cliqueInTurn, CliqueRecents, isCheckpoint, wiggleMax_s } from './consensus/clique.js';
import { BlockTree } from './consensus/fork-choice.js';
import { blockValidationTime, PoaEngine, type BlockOutcome, type EngineOptions } from './engine.js';
import type { ResolvedPoa } from './params.js';

/** Fork and reorganization counts of a Clique/Aura run. */
export interface ForkStats {
  /** Heights at which more than one block was sealed. */
  forks: number;
  /** Sealed blocks that lost the fork choice. */
  orphaned: number;
  /** Node head switches to a block not extending the old head. */
  reorgs: number;
  maxReorgDepth: number;
  /** Canonical Clique blocks sealed by a signer out of turn. */
  outOfTurn: number;
  /** Aura steps whose primary was down or had not imported the parent. */
  skippedSteps: number;
  /** Clique epoch checkpoints on the chain. */
  checkpoints: number;
  emptyBlocks: number;
  /** True when the run ended with blocks whose finality never came (finality stalled on empty blocks). */
  stalled: boolean;
  /** CPU seconds spent building and executing orphaned blocks. */
  wastedCpu_s: number;
}

interface Seal {
  id: number;
  signer: number;
  sealT: number;
  /** Aura step (Clique: -1). */
  step: number;
  difficulty: number;
  buildStart: number;
  buildDone: number;
  exec: number;
  V: number;
  bytes: number;
  /** Arrival time at each node (sealer: buildDone). */
  arrive: Float64Array;
}

const ADDRESS_BYTES = 20;

export class ForkingPoaEngine extends PoaEngine {
  readonly stats: ForkStats = { forks: 0, orphaned: 0, reorgs: 0, maxReorgDepth: 0, outOfTurn: 0, skippedSteps: 0, checkpoints: 0, emptyBlocks: 0, stalled: false, wastedCpu_s: 0 };
  readonly tree: BlockTree;
  readonly recents: CliqueRecents;
  private readonly finality: RollingFinality;
  private readonly wiggleRng: Rng[];
  private wiggles: { height: number; draw: number[] } = { height: -1, draw: [] };
  private readonly unfinal = new Map<number, BlockOutcome>();
  private readonly order: number[] = [];
  private unfinalTx = 0;
  private finalQ: BlockOutcome[] = [];
  private nextId = 1;
  private headId = 0;
  private headNumber = 0;
  private headerT = -Infinity;
  private lastStep = -1;
  private readonly confirmations: number;

  constructor(p: ResolvedPoa, opts: EngineOptions) {
    super(p, opts);
    if (p.consensus !== 'clique' && p.consensus !== 'aura') throw new RangeError(`ForkingPoaEngine needs consensus clique or aura, got ${p.consensus ?? 'basic'}`);
    this.tree = new BlockTree(p.M);
    this.recents = new CliqueRecents(p.M);
    this.finality = new RollingFinality(p.M);
    this.wiggleRng = Array.from({ length: p.M }, (_, j) => createRng(opts.seed, `clique-wiggle:${j}`));
    this.confirmations = p.clique?.confirmations ?? Math.floor(p.M / 2);
  }

  private get kind(): 'clique' | 'aura' {
    return this.p.consensus as 'clique' | 'aura';
  }

  /** Empty blocks sealed in a row without any block becoming final. */
  private stallRun = 0;

  private idle(): boolean {
    return this.unfinalTx === 0;
  }

  private earliestAvail(): number {
    let m = Infinity;
    for (let j = 0; j < this.p.M; j++) m = Math.min(m, this.minAvail(j));
    return m;
  }

  /** Clique: the header time of the next block. */
  private cliqueHeaderT(): number {
    const T = this.p.blockPeriod_s;
    const t = Number.isFinite(this.headerT) ? this.headerT + T : T;
    return this.idle() ? Math.max(t, this.earliestAvail()) : t;
  }

  private wiggle(height: number, j: number): number {
    if (this.wiggles.height !== height) {
      const max = wiggleMax_s(this.p.M, this.p.clique?.wiggleUnit_s ?? 0.5);
      this.wiggles = { height, draw: this.wiggleRng.map((r) => r.next() * max) };
    }
    return this.wiggles.draw[j];
  }

  /** Clique candidates of the next height: allowed signers with their seal times, earliest first. */
  private cliqueCandidates(): { signer: number; sealT: number; wasDown: boolean }[] {
    const h = this.headNumber + 1, M = this.p.M;
    const tH = this.cliqueHeaderT();
    const s0 = cliqueInTurn(h, M);
    const out: { signer: number; sealT: number; wasDown: boolean }[] = [];
    for (const j of this.recents.allowed(h)) {
      const ready = Math.max(tH, this.parentImported[j]);
      const base = this.faults.nextUp(j, ready);
      out.push({ signer: j, sealT: base + (j === s0 ? 0 : this.wiggle(h, j)), wasDown: base > ready || this.faults.downDuring(j, tH, base) });
    }
    return out.sort((a, b) => a.sealT - b.sealT || a.signer - b.signer);
  }

  /** Aura: the first step from `from` whose primary is up and has imported the head. */
  private auraFirst(from: number): { signer: number; sealT: number; step: number; skipped: number } {
    const D = this.p.blockPeriod_s, M = this.p.M;
    for (let s = from, skipped = 0; ; s++, skipped++) {
      const pr = auraPrimary(s, M), t = s * D;
      if (this.faults.isUp(pr, t) && this.parentImported[pr] <= t + 1e-12) return { signer: pr, sealT: t, step: s, skipped };
      if (skipped > 1e6) throw new RangeError('aura: no primary can seal (all validators down?)');
    }
  }

  private auraFrom(): number {
    const D = this.p.blockPeriod_s;
    const s = this.lastStep + 1;
    return this.idle() ? Math.max(s, Math.ceil(this.earliestAvail() / D - 1e-9)) : s;
  }

  override nextBuild(): { t: number; proposer: number } | null {
    if (this.cached !== undefined) return this.cached;
    if (this.pendingCount === 0 && this.idle()) return (this.cached = null);
    // finality that does not progress over 8 rotations of empty blocks will not come (e.g. Aura
    // steps shorter than a block import, so only some validators' blocks win): stop, leave them unfinal
    if (this.pendingCount === 0 && this.stallRun > 8 * this.p.M) {
      this.stats.stalled = true;
      return (this.cached = null);
    }
    if (this.kind === 'clique') {
      const c = this.cliqueCandidates();
      return (this.cached = c.length ? { t: c[0].sealT, proposer: c[0].signer } : null);
    }
    const a = this.auraFirst(this.auraFrom());
    return (this.cached = { t: a.sealT, proposer: a.signer });
  }

  /** Time node j would have imported (executed and committed) seal b, starting no earlier than its arrival. */
  private importAt(j: number, b: Seal): number {
    if (j === b.signer) return b.buildDone;
    const start = Math.max(b.arrive[j], this.cpuFree[j]);
    return this.faults.run(j, this.faults.run(j, start, b.exec / this.speedOf(j)), this.p.blockBase_s / this.speedOf(j));
  }

  private speedOf(j: number): number {
    return this.speed[j];
  }

  private seal(signer: number, sealT: number, step: number, difficulty: number): Seal {
    const p = this.p;
    const buildStart = this.faults.nextUp(signer, Math.max(sealT, this.cpuFree[signer]));
    const pk = this.peek(signer, buildStart);
    const V = blockValidationTime(p, pk.cost);
    const exec = V - p.blockBase_s;
    const buildDone = this.faults.run(signer, buildStart, exec / this.speed[signer]);
    const committed = this.faults.run(signer, buildDone, p.blockBase_s / this.speed[signer]);
    this.cpuBusy[signer] += V / this.speed[signer];
    this.cpuFree[signer] = committed;
    const h = this.headNumber + 1;
    const extra = this.kind === 'clique' && isCheckpoint(h, p.clique?.epoch ?? 30_000) ? p.M * ADDRESS_BYTES : 0;
    const bytes = p.headerBytes + pk.bytes + extra;
    const arrive = new Float64Array(p.M);
    for (let j = 0; j < p.M; j++) arrive[j] = j === signer ? buildDone : buildDone + this.links.delay(signer, j, bytes, buildDone);
    const id = this.nextId++;
    this.tree.add({ id, parent: this.headId, number: h, difficulty });
    this.tree.offer(signer, id);
    return { id, signer, sealT, step, difficulty, buildStart, buildDone, exec, V, bytes, arrive };
  }

  override build(): BlockOutcome | null {
    const nb = this.nextBuild();
    if (!nb) return null;
    this.cached = undefined;
    const p = this.p, M = p.M, h = this.headNumber + 1;
    const tH = this.kind === 'clique' ? this.cliqueHeaderT() : NaN;
    const sealed: Seal[] = [];
    const blocked = (j: number, t: number) => sealed.some((b) => this.importAt(j, b) <= t);
    if (this.kind === 'clique') {
      for (const c of this.cliqueCandidates()) {
        // a signer that was down when its turn came syncs the chain on restart before it seals
        if ((c.wasDown && sealed.length > 0) || blocked(c.signer, c.sealT)) continue;
        sealed.push(this.seal(c.signer, c.sealT, -1, cliqueDifficulty(h, c.signer, M)));
      }
    } else {
      const first = this.auraFirst(this.auraFrom());
      this.stats.skippedSteps += first.skipped;
      const parentStep = this.lastStep;
      sealed.push(this.seal(first.signer, first.sealT, first.step, auraDifficulty(parentStep, first.step)));
      // primaries of the next steps seal siblings while they have not imported a block of this height
      for (let s = first.step + 1; s < first.step + M; s++) {
        const pr = auraPrimary(s, M), t = s * p.blockPeriod_s;
        if (sealed.some((b) => b.signer === pr) || !this.faults.isUp(pr, t) || this.parentImported[pr] > t + 1e-12) break;
        if (blocked(pr, t)) break;
        sealed.push(this.seal(pr, t, s, auraDifficulty(parentStep, s)));
      }
    }
    if (sealed.length === 0) throw new RangeError(`${this.kind}: no signer may seal block ${h}`);
    let win = sealed[0];
    for (const b of sealed) if (b.difficulty > win.difficulty || (b.difficulty === win.difficulty && b.buildDone < win.buildDone)) win = b;
    // propagation: each node executes, in arrival order, the blocks heavier than its head
    for (let j = 0; j < M; j++) {
      const arrivals = sealed.filter((b) => b.signer !== j).sort((a, b) => a.arrive[j] - b.arrive[j] || a.id - b.id);
      let hasWinner = win.signer === j;
      for (const b of arrivals) {
        const tie = !this.tree.heavier(j, b.id) && b === win && !hasWinner;
        if (!this.tree.heavier(j, b.id) && !tie) continue;
        const start = Math.max(b.arrive[j], this.cpuFree[j]);
        const executed = this.faults.run(j, start, b.exec / this.speed[j]);
        const committed = this.faults.run(j, executed, p.blockBase_s / this.speed[j]);
        this.cpuBusy[j] += b.V / this.speed[j];
        this.cpuFree[j] = committed;
        if (b !== win) this.stats.wastedCpu_s += b.V / this.speed[j];
        const old = this.tree.head(j);
        const depth = tie ? this.tree.depthOff(old, b.id) : this.tree.offer(j, b.id).reorgDepth;
        if (tie) this.tree.forceHead(j, b.id);
        if (depth > 0) {
          this.stats.reorgs++;
          this.stats.maxReorgDepth = Math.max(this.stats.maxReorgDepth, depth);
        }
        if (b === win) {
          hasWinner = true;
          this.parentImported[j] = committed;
        }
      }
      if (win.signer === j) this.parentImported[j] = this.cpuFree[j];
    }
    for (const b of sealed) {
      if (b === win) continue;
      this.stats.wastedCpu_s += b.V / this.speed[b.signer];
      // the loser's sealer switches to the winner (the first head change, counted above)
    }
    if (sealed.length > 1) {
      this.stats.forks++;
      this.stats.orphaned += sealed.length - 1;
    }
    // the winner's transactions leave the queue
    const { included, expired } = this.take(win.signer, win.buildStart);
    for (const e of included) this.chain.append(e.tx, e.digest);
    const block = this.chain.seal(win.signer, win.buildStart);
    this.headId = win.id;
    this.headNumber = h;
    if (this.kind === 'clique') {
      this.recents.record(win.signer, h);
      this.headerT = tH;
      if (win.signer !== cliqueInTurn(h, M)) this.stats.outOfTurn++;
      if (isCheckpoint(h, p.clique?.epoch ?? 30_000)) this.stats.checkpoints++;
    } else {
      this.lastStep = Math.max(...sealed.map((b) => b.step));
    }
    this.lastBlockT = win.buildStart;
    if (included.length === 0) this.stats.emptyBlocks++;
    if (expired.length > 0) this.finalQ.push({ block: null, proposer: win.signer, stepT: win.sealT, buildStart: win.buildStart, buildDone: win.buildStart, finalT: win.buildStart, validation_s: 0, consensus_s: 0, included: [], expired });
    const o: BlockOutcome = { block, proposer: win.signer, stepT: win.sealT, buildStart: win.buildStart, buildDone: win.buildDone, finalT: NaN, validation_s: win.V, consensus_s: NaN, included, expired: [] };
    this.unfinal.set(h, o);
    this.order.push(h);
    this.unfinalTx += included.length;
    const done = this.kind === 'aura' ? this.finality.push(h, win.signer) : this.order.filter((n) => h - n >= this.confirmations);
    this.stallRun = included.length === 0 && done.length === 0 ? this.stallRun + 1 : 0;
    for (const n of done) {
      const f = this.unfinal.get(n);
      if (!f) continue;
      f.finalT = win.buildDone;
      f.consensus_s = f.finalT - f.buildDone;
      this.unfinal.delete(n);
      this.unfinalTx -= f.included.length;
      this.finalQ.push(f);
    }
    while (this.order.length && !this.unfinal.has(this.order[0])) this.order.shift();
    return null;
  }

  override takeFinal(): BlockOutcome[] {
    const q = this.finalQ;
    this.finalQ = [];
    return q;
  }
}

/** The engine for the parameters' consensus rules: basic -> PoaEngine, clique | aura -> ForkingPoaEngine. */
export function createEngine(p: ResolvedPoa, opts: EngineOptions): PoaEngine {
  return p.consensus === 'clique' || p.consensus === 'aura' ? new ForkingPoaEngine(p, opts) : new PoaEngine(p, opts);
}
