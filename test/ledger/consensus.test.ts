// Clique and Aura rules on constructed cases, and the forking engine that applies them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auraDifficulty, auraPrimary, auraStep, RollingFinality } from '../../src/ledger/consensus/aura.js';
import { cliqueDifficulty, cliqueInTurn, CliqueRecents, isCheckpoint, signerLimit, wiggleMax_s } from '../../src/ledger/consensus/clique.js';
import { BlockTree } from '../../src/ledger/consensus/fork-choice.js';
import type { BlockOutcome } from '../../src/ledger/engine.js';
import { FastPoaNetwork } from '../../src/ledger/fastnet.js';
import type { ForkingPoaEngine } from '../../src/ledger/fork-engine.js';
import { sha256Hex } from '../../src/ledger/hash.js';
import { resolvePoa, type PoaParamsInput } from '../../src/ledger/params.js';
import type { Transaction } from '../../src/ledger/types.js';

const PH = sha256Hex('p');
const tx = (i: number, t: number): Transaction => ({ id: `t${i}`, type: 'setpoint', sender: `agg:${i % 8}`, payloadHash: PH, size_bytes: 250, complexity: 1, submit_t_s: t, deadline_t_s: null });

function run(params: PoaParamsInput, n: number, every: number, seed = 5): { outs: BlockOutcome[]; engine: ForkingPoaEngine } {
  const outs: BlockOutcome[] = [];
  const net = new FastPoaNetwork(resolvePoa(params), { seed, onBlock: (o) => outs.push(o) });
  for (let i = 0; i < n; i++) net.submit(tx(i, i * every), i * every);
  net.drain();
  return { outs, engine: net.engine as ForkingPoaEngine };
}

const blocks = (outs: BlockOutcome[]) => outs.filter((o) => o.block).map((o) => o.block!);

describe('Clique rules', () => {
  it('signer limit: a signer seals at most one of any floor(N/2)+1 consecutive blocks', () => {
    expect(signerLimit(4)).toBe(3);
    expect(signerLimit(5)).toBe(3);
    expect(signerLimit(1)).toBe(1);
    const r = new CliqueRecents(4);
    r.record(0, 1);
    expect(r.maySeal(0, 2)).toBe(false);
    expect(r.maySeal(0, 3)).toBe(false);
    expect(r.maySeal(0, 4)).toBe(true);
    expect(r.allowed(2)).toEqual([1, 2, 3]);
    r.record(1, 2);
    expect(r.allowed(3)).toEqual([2, 3]);
    expect(() => r.record(1, 3)).toThrow(/signed recently/);
    // a single signer may seal every block
    const one = new CliqueRecents(1);
    one.record(0, 1);
    expect(one.maySeal(0, 2)).toBe(true);
  });

  it('difficulty is 2 in turn (number mod N) and 1 out of turn; wiggle and checkpoints', () => {
    expect(cliqueInTurn(5, 4)).toBe(1);
    expect(cliqueDifficulty(5, 1, 4)).toBe(2);
    expect(cliqueDifficulty(5, 2, 4)).toBe(1);
    expect(cliqueDifficulty(8, 0, 4)).toBe(2);
    expect(wiggleMax_s(4, 0.5)).toBe(1.5);
    expect(isCheckpoint(30_000, 30_000)).toBe(true);
    expect(isCheckpoint(29_999, 30_000)).toBe(false);
  });

  it('fork choice by total difficulty, with reorganizations of depth 1 and 2', () => {
    const t = new BlockTree(3);
    t.add({ id: 1, parent: 0, number: 1, difficulty: 1 }); // B: out of turn
    t.add({ id: 2, parent: 0, number: 1, difficulty: 2 }); // A: in turn
    expect(t.offer(0, 1)).toEqual({ switched: true, reorgDepth: 0 });
    expect(t.offer(0, 2)).toEqual({ switched: true, reorgDepth: 1 }); // heavier in-turn sibling: reorg
    expect(t.offer(1, 2)).toEqual({ switched: true, reorgDepth: 0 });
    expect(t.offer(1, 1)).toEqual({ switched: false, reorgDepth: 0 }); // lighter: ignored
    // equal weight keeps the first seen
    t.add({ id: 3, parent: 0, number: 1, difficulty: 2 });
    expect(t.offer(1, 3).switched).toBe(false);
    // B -> C -> D (1 + 2 + 2 = 5) beats A -> A2 (2 + 2 = 4): the node on A2 reorganizes two blocks deep
    t.add({ id: 4, parent: 2, number: 2, difficulty: 2 });
    t.add({ id: 5, parent: 1, number: 2, difficulty: 2 });
    t.add({ id: 6, parent: 5, number: 3, difficulty: 2 });
    expect(t.offer(2, 4).reorgDepth).toBe(0);
    expect(t.td(4)).toBe(4);
    expect(t.td(6)).toBe(5);
    expect(t.offer(2, 6)).toEqual({ switched: true, reorgDepth: 2 });
    expect(() => t.add({ id: 7, parent: 99, number: 1, difficulty: 1 })).toThrow(/unknown parent/);
  });

  const clique = (extra: Partial<PoaParamsInput> = {}): PoaParamsInput => ({ validators: 4, consensus: 'clique', blockPeriod_s: 2, blockBase_s: 0.05, ...extra });

  it('engine: canonical chain respects the signer limit (property over M and seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, 0.5), (M, seed, wiggle) => {
        const { outs } = run(clique({ validators: M, clique: { wiggleUnit_s: wiggle }, faults: { crashes: [{ validator: 0, at_s: 3, duration_s: 20 }] } }), 300, 0.1, seed);
        const bs = blocks(outs);
        const lim = signerLimit(M);
        for (let i = 0; i < bs.length; i++) for (let k = 1; k < lim && i + k < bs.length; k++) if (bs[i + k].height - bs[i].height < lim) expect(bs[i + k].proposer).not.toBe(bs[i].proposer);
        // heights are consecutive
        bs.forEach((b, i) => expect(b.height).toBe(i + 1));
      }),
      { numRuns: 25 }
    );
  });

  it('engine: in-turn signers win; an out-of-turn signer seals when the in-turn one is down', () => {
    const ok = run(clique({ clique: { wiggleUnit_s: 5 } }), 200, 0.1);
    for (const b of blocks(ok.outs)) expect(b.proposer).toBe(cliqueInTurn(b.height, 4));
    expect(ok.engine.stats.forks).toBe(0); // a wiggle far above the block import time: out-of-turn signers always abort
    const down = run(clique({ faults: { crashes: [{ validator: 2, at_s: 0, duration_s: 1000 }] } }), 200, 0.1);
    const bs = blocks(down.outs);
    expect(bs.some((b) => cliqueInTurn(b.height, 4) === 2)).toBe(true);
    for (const b of bs) expect(b.proposer).not.toBe(2);
    expect(down.engine.stats.outOfTurn).toBeGreaterThan(0);
  });

  it('engine: a zero wiggle makes out-of-turn signers fork every height; the in-turn block wins and nodes reorganize', () => {
    const { outs, engine } = run(clique({ clique: { wiggleUnit_s: 0 } }), 400, 0.05);
    const s = engine.stats;
    const bs = blocks(outs);
    expect(s.forks).toBe(bs.length + s.emptyBlocks - bs.filter((b) => b.txCount === 0).length);
    expect(s.reorgs).toBeGreaterThan(0);
    expect(s.maxReorgDepth).toBe(1);
    expect(s.wastedCpu_s).toBeGreaterThan(0);
    for (const b of bs) expect(b.proposer).toBe(cliqueInTurn(b.height, 4));
    // the wasted block executions delay settlement
    const loaded = (wiggleUnit_s: number) => run(clique({ clique: { wiggleUnit_s }, blockPeriod_s: 1, blockBase_s: 0.4 }), 3000, 1 / 300);
    const calm = loaded(5);
    const forky = loaded(0);
    const meanD = (o: BlockOutcome[]) => { let s = 0, n = 0; for (const x of o) for (const e of x.included) { s += x.finalT - e.tx.submit_t_s; n++; } return s / n; };
    expect(forky.engine.stats.forks).toBeGreaterThan(0);
    expect(meanD(forky.outs)).toBeGreaterThan(meanD(calm.outs));
  });

  it('engine: settled after `confirmations` blocks on top; every transaction settles once; same seed, same chain', () => {
    const a = run(clique({ clique: { confirmations: 3, wiggleUnit_s: 0.5 } }), 300, 0.1, 9);
    const bs = blocks(a.outs);
    const byH = new Map(bs.map((b, i) => [b.height, a.outs.filter((o) => o.block)[i]]));
    for (const o of a.outs.filter((x) => x.block)) {
      const conf = byH.get(o.block!.height + 3);
      if (conf) expect(o.finalT).toBe(conf.buildDone);
    }
    expect(a.outs.reduce((n, o) => n + o.included.length, 0)).toBe(300);
    const b = run(clique({ clique: { confirmations: 3, wiggleUnit_s: 0.5 } }), 300, 0.1, 9);
    expect(blocks(b.outs).map((x) => x.hash)).toEqual(bs.map((x) => x.hash));
    expect(b.engine.stats).toEqual(a.engine.stats);
  });
});

describe('Aura rules', () => {
  it('primary rotation: step mod N', () => {
    expect(auraStep(10.0, 5)).toBe(2);
    expect(auraStep(9.999, 5)).toBe(1);
    expect([0, 1, 2, 3, 4, 5].map((s) => auraPrimary(s, 4))).toEqual([0, 1, 2, 3, 0, 1]);
    expect(auraDifficulty(3, 4)).toBeGreaterThan(auraDifficulty(3, 5)); // fewer skipped steps is heavier
  });

  it('finality: a block is final once more than half of the validators sealed on the chain from it on', () => {
    const f = new RollingFinality(4);
    expect(f.push(1, 0)).toEqual([]);
    expect(f.push(2, 0)).toEqual([]);
    expect(f.push(3, 1)).toEqual([]); // 2 of 4 is not more than half
    expect(f.push(4, 2)).toEqual([1, 2]); // {0, 1, 2}: blocks 1 and 2 final; {1, 2} left is not a majority
    expect(f.unfinalized).toBe(2);
    expect(f.push(5, 2)).toEqual([]);
    expect(f.push(6, 3)).toEqual([3]);
    const solo = new RollingFinality(1);
    expect(solo.push(1, 0)).toEqual([1]);
  });

  const aura = (extra: Partial<PoaParamsInput> = {}): PoaParamsInput => ({ validators: 4, consensus: 'aura', blockPeriod_s: 2, blockBase_s: 0.05, ...extra });

  it('engine: blocks are sealed by the primary of their step; finality comes from the third distinct signer', () => {
    const { outs, engine } = run(aura(), 300, 0.1);
    const fin = outs.filter((o) => o.block);
    for (const o of fin) expect(o.block!.proposer).toBe(auraPrimary(auraStep(o.block!.t_s, 2), 4));
    expect(engine.stats.forks).toBe(0);
    for (let i = 0; i + 2 < fin.length; i++) expect(fin[i].finalT).toBe(fin[i + 2].buildDone); // round robin: blocks i, i+1, i+2 have 3 signers
    expect(fin.reduce((n, o) => n + o.included.length, 0)).toBe(300);
  });

  it('engine: a down primary skips its steps; a primary that has not imported the block of the last step seals a sibling that loses', () => {
    const down = run(aura({ faults: { crashes: [{ validator: 1, at_s: 0, duration_s: 1000 }] } }), 300, 0.1);
    expect(down.engine.stats.skippedSteps).toBeGreaterThan(0);
    for (const o of down.outs) if (o.block) expect(o.block.proposer).not.toBe(1);
    // block import (1.2 s commit + execution) longer than a 1 s step minus latency: siblings
    const slow = run(aura({ blockPeriod_s: 1, blockBase_s: 1.2 }), 600, 0.05);
    expect(slow.engine.stats.forks).toBeGreaterThan(0);
    expect(slow.engine.stats.reorgs).toBeGreaterThan(0);
  });
});
