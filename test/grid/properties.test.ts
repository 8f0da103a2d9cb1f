// Property tests: the answer must not depend on how a feeder is written down (bus numbering, bus and
// branch order, branch direction), and power must balance in every case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linDistFlowSensitivities, predictVoltages } from '../../src/grid/lindistflow.js';
import { nominalLoads, solvePowerFlow } from '../../src/grid/powerflow.js';
import { prepareFeeder } from '../../src/grid/topology.js';
import type { Feeder } from '../../src/grid/types.js';
import { bundled } from './helpers.js';

interface Tree {
  parent: number[];
  r: number[];
  x: number[];
  p: number[];
  q: number[];
}

const treeArb = fc.integer({ min: 2, max: 30 }).chain((n) =>
  fc.record({
    parent: fc.tuple(...Array.from({ length: n - 1 }, (_, i) => fc.integer({ min: 0, max: i }))).map((a) => [-1, ...a]),
    r: fc.array(fc.double({ min: 0.01, max: 0.5, noNaN: true }), { minLength: n, maxLength: n }),
    x: fc.array(fc.double({ min: 0.01, max: 0.5, noNaN: true }), { minLength: n, maxLength: n }),
    p: fc.array(fc.double({ min: -100, max: 150, noNaN: true }), { minLength: n, maxLength: n }),
    q: fc.array(fc.double({ min: -50, max: 80, noNaN: true }), { minLength: n, maxLength: n }),
  })
);

/** Writes the tree as a feeder: bus k gets id ids[k]; buses and branches listed in the given orders. */
function write(t: Tree, ids: number[], busOrder: number[], branchOrder: number[], flip: boolean[]): Feeder {
  const n = t.parent.length;
  const branches = branchOrder.map((k) => {
    const a = ids[t.parent[k + 1]];
    const b = ids[k + 1];
    const [from, to] = flip[k] ? [b, a] : [a, b];
    return { from, to, rOhm: t.r[k + 1], xOhm: t.x[k + 1], inService: true };
  });
  return {
    name: 'random', baseKV: 12.66, baseMVA: 10, slackBus: ids[0], slackVmPu: 1, vMinPu: 0.95, vMaxPu: 1.05,
    buses: busOrder.map((k) => ({ id: ids[k], pKw: k === 0 ? 0 : t.p[k], qKvar: k === 0 ? 0 : t.q[k] })),
    branches, file: 'random.json', format: 'json',
  };
}

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

const caseArb = treeArb.chain((t) => {
  const n = t.parent.length;
  return fc.record({
    t: fc.constant(t),
    ids: fc.shuffledSubarray(identity(500).map((i) => i + 1), { minLength: n, maxLength: n }),
    busOrder: fc.shuffledSubarray(identity(n), { minLength: n, maxLength: n }),
    branchOrder: fc.shuffledSubarray(identity(n - 1), { minLength: n - 1, maxLength: n - 1 }),
    flip: fc.array(fc.boolean(), { minLength: n - 1, maxLength: n - 1 }),
  });
});

describe('invariance under rewriting the feeder', () => {
  it('renumbering buses, permuting buses and branches and flipping branches changes nothing', () => {
    fc.assert(
      fc.property(caseArb, ({ t, ids, busOrder, branchOrder, flip }) => {
        const n = t.parent.length;
        const plain = prepareFeeder(write(t, identity(n).map((i) => i + 1), identity(n), identity(n - 1), new Array(n - 1).fill(false)));
        const other = prepareFeeder(write(t, ids, busOrder, branchOrder, flip));
        const a = solvePowerFlow(plain);
        const b = solvePowerFlow(other);
        expect(a.status).toBe('converged');
        expect(b.status).toBe('converged');
        // same voltage at the same physical bus
        for (let k = 0; k < n; k++) {
          const vb = b.vmPu[other.indexOfBus.get(ids[k])!];
          expect(Math.abs(a.vmPu[k] - vb)).toBeLessThan(1e-9);
          expect(Math.abs(a.vaDeg[k] - b.vaDeg[other.indexOfBus.get(ids[k])!])).toBeLessThan(1e-6);
        }
        expect(Math.abs(a.pLossKw - b.pLossKw)).toBeLessThan(1e-7);
        expect(Math.abs(a.slackQKvar - b.slackQKvar)).toBeLessThan(1e-7);
        // branch k + 1 of the tree: its position in the rewritten file, flows swapped when flipped
        branchOrder.forEach((k, e) => {
          const pFromA = a.branches.pFromKw[k];
          const pB = flip[k] ? b.branches.pToKw[e] : b.branches.pFromKw[e];
          expect(Math.abs(pFromA - pB)).toBeLessThan(1e-6);
        });
        expect(b.vmin).toBeCloseTo(a.vmin, 12);
        // the same physical bus is lowest (ties may pick any of the tied buses)
        expect(Math.abs(a.vmPu[ids.indexOf(b.vminBus)] - a.vmin)).toBeLessThan(1e-9);
      }),
      { numRuns: 60, seed: 20260411 }
    );
  });
});

describe('power balance', () => {
  it('slack injection = loads + losses on random radial feeders with loads and injections', () => {
    fc.assert(
      fc.property(caseArb, ({ t, ids, busOrder, branchOrder, flip }) => {
        const prep = prepareFeeder(write(t, ids, busOrder, branchOrder, flip));
        const r = solvePowerFlow(prep);
        expect(r.converged).toBe(true);
        const loadP = prep.feeder.buses.reduce((s, b) => s + b.pKw, 0);
        const loadQ = prep.feeder.buses.reduce((s, b) => s + b.qKvar, 0);
        expect(Math.abs(r.slackPKw - loadP - r.pLossKw)).toBeLessThan(1e-6 * Math.max(1, Math.abs(loadP)));
        expect(Math.abs(r.slackQKvar - loadQ - r.qLossKvar)).toBeLessThan(1e-6 * Math.max(1, Math.abs(loadQ)));
        expect(r.pLossKw).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60, seed: 7 }
    );
  });

  it('holds on the bundled feeders at any load scale up to 1.5 and any slack voltage in [0.95, 1.05]', () => {
    const feeders = [bundled('case33bw'), bundled('case69'), bundled('mv40')];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 1.5, noNaN: true }), fc.double({ min: 0.95, max: 1.05, noNaN: true }), (f, scale, v0) => {
        const prep = feeders[f];
        const r = solvePowerFlow(prep, { loadScale: scale, slackVmPu: v0 });
        expect(r.converged).toBe(true);
        const loadP = scale * prep.feeder.buses.reduce((s, b) => s + b.pKw, 0);
        expect(Math.abs(r.slackPKw - loadP - r.pLossKw)).toBeLessThan(1e-5);
        // constant-power loads: voltages never rise above the slack without injections
        expect(r.vmax).toBeCloseTo(v0, 12);
      }),
      { numRuns: 60, seed: 3 }
    );
  });
});

describe('LinDistFlow on random feeders', () => {
  it('stays within 1% of the exact voltages whenever the exact minimum is at least 0.95 p.u.', () => {
    fc.assert(
      fc.property(caseArb, ({ t, ids, busOrder, branchOrder, flip }) => {
        const prep = prepareFeeder(write(t, ids, busOrder, branchOrder, flip));
        const exact = solvePowerFlow(prep);
        fc.pre(exact.converged && exact.vmin >= 0.95);
        const lin = predictVoltages(linDistFlowSensitivities(prep), nominalLoads(prep));
        for (let i = 0; i < prep.n; i++) expect(Math.abs(lin[i] - exact.vmPu[i]) / exact.vmPu[i]).toBeLessThan(0.01);
      }),
      { numRuns: 60, seed: 99 }
    );
  });
});
