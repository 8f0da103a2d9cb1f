import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nominalLoads, solvePowerFlow } from '../../src/grid/powerflow.js';
import { bundled, sharedData } from './helpers.js';

const ref = JSON.parse(readFileSync(sharedData('reference/case33bw-base.json'), 'utf8'));

describe('case33bw base case against the MATPOWER/pandapower reference', () => {
  const prep = bundled('case33bw');
  const r = solvePowerFlow(prep);

  it('converges to a mismatch of at most 1e-8 p.u.', () => {
    expect(r.status).toBe('converged');
    expect(r.mismatchPu).toBeLessThanOrEqual(1e-8);
  });
  it('matches every bus voltage within 1e-5 p.u.', () => {
    expect(ref.vm).toHaveLength(prep.n);
    for (let i = 0; i < prep.n; i++) expect(Math.abs(r.vmPu[i] - ref.vm[i])).toBeLessThan(ref.tolerance.vm);
  });
  it('matches losses within 0.05 kW and the slack injection', () => {
    expect(Math.abs(r.pLossKw - ref.pLossKw)).toBeLessThan(ref.tolerance.lossKw);
    expect(Math.abs(r.qLossKvar - ref.qLossKvar)).toBeLessThan(0.05);
    expect(Math.abs(r.slackPKw - ref.slackPKw)).toBeLessThan(0.05);
    expect(Math.abs(r.slackQKvar - ref.slackQKvar)).toBeLessThan(0.05);
  });
  it('finds the minimum voltage at bus 18', () => {
    expect(r.vminBus).toBe(ref.vminBus);
    expect(Math.abs(r.vmin - ref.vmin)).toBeLessThan(1e-5);
    expect(r.vmaxBus).toBe(1);
  });
  it('lists every bus below 0.95 p.u. as an undervoltage', () => {
    const below = prep.busIds.filter((_, i) => ref.vm[i] < 0.95);
    const listed = r.violations.filter((v) => v.kind === 'undervoltage').map((v) => (v.kind === 'undervoltage' ? v.busId : -1));
    expect(listed).toEqual(below);
  });
});

describe('case69', () => {
  it('has its published base case: losses about 225 kW, minimum voltage 0.9092 at bus 65', () => {
    const r = solvePowerFlow(bundled('case69'));
    expect(r.converged).toBe(true);
    expect(r.pLossKw).toBeCloseTo(224.99, 1);
    expect(r.vminBus).toBe(65);
    expect(r.vmin).toBeCloseTo(0.9092, 4);
  });
});

describe('branch flows and balance', () => {
  for (const name of ['case33bw', 'case69', 'mv40'] as const) {
    it(`${name}: each branch's end powers differ by its losses, and slack = loads + losses`, () => {
      const prep = bundled(name);
      const r = solvePowerFlow(prep, { loadScale: 0.8 });
      const f = r.branches;
      prep.feeder.branches.forEach((b, e) => {
        expect(f.pFromKw[e] + f.pToKw[e]).toBeCloseTo(f.pLossKw[e], 6);
        expect(f.qFromKvar[e] + f.qToKvar[e]).toBeCloseTo(f.qLossKvar[e], 6);
        if (!b.inService) expect(f.currentA[e]).toBe(0);
      });
      const loads = prep.feeder.buses.reduce((s, b) => s + 0.8 * b.pKw, 0);
      expect(Math.abs(r.slackPKw - loads - r.pLossKw)).toBeLessThan(1e-5);
    });
  }
  it('reports branch current in amperes: the 1-2 branch of case33bw carries |S|/(sqrt3 V)', () => {
    const prep = bundled('case33bw');
    const r = solvePowerFlow(prep);
    const sKva = Math.hypot(r.branches.pFromKw[0], r.branches.qFromKvar[0]);
    expect(r.branches.currentA[0]).toBeCloseTo(sKva / (Math.sqrt(3) * 12.66), 6);
  });
});

describe('options and status', () => {
  const prep = bundled('case33bw');
  it('scales with the slack voltage: higher slack, higher minimum', () => {
    const lo = solvePowerFlow(prep, { slackVmPu: 1.0 });
    const hi = solvePowerFlow(prep, { slackVmPu: 1.05 });
    expect(hi.vmPu[0]).toBe(1.05);
    expect(hi.vmin).toBeGreaterThan(lo.vmin + 0.04);
    expect(hi.pLossKw).toBeLessThan(lo.pLossKw);
  });
  it('gives identical answers when a previous result is reused', () => {
    const fresh = solvePowerFlow(prep, { loadScale: 0.7 });
    let out = solvePowerFlow(prep, { loadScale: 1.3 });
    out = solvePowerFlow(prep, { loadScale: 0.7, out });
    expect(Array.from(out.vmPu)).toEqual(Array.from(fresh.vmPu));
    expect(Array.from(out.branches.pFromKw)).toEqual(Array.from(fresh.branches.pFromKw));
    expect(out.pLossKw).toBe(fresh.pLossKw);
    expect(() => solvePowerFlow(bundled('case69'), { out })).toThrow(/different feeder/);
  });
  it('gives the angles of the latest solve when a reused result is read only afterwards', () => {
    // reading the angles after two solves into one result gives the second solve's angles, and
    // copies of the result carry them
    const first = solvePowerFlow(prep, { loadScale: 0.5 });
    const second = solvePowerFlow(prep, { loadScale: 1.2 });
    let out = solvePowerFlow(prep, { loadScale: 0.5 });
    out = solvePowerFlow(prep, { loadScale: 1.2, out });
    const angles = Array.from(second.vaDeg);
    expect(Array.from(out.vaDeg)).toEqual(angles);
    expect(Array.from(first.vaDeg)).not.toEqual(angles);
    // the slack is the angle reference; with loads only, angles fall along the feeder
    expect(out.vaDeg[prep.indexOfBus.get(1)!]).toBe(0);
    expect(out.vaDeg[prep.indexOfBus.get(18)!]).toBeLessThan(out.vaDeg[prep.indexOfBus.get(2)!]);
    expect(Object.keys(out)).toContain('vaDeg');
    expect(Array.from(({ ...out }).vaDeg)).toEqual(angles);
    expect((JSON.parse(JSON.stringify(out)) as { vaDeg: Record<string, number> }).vaDeg['17']).toBe(angles[17]);
    // a copy of a result as `out`
    const copy = { ...out, vaDeg: new Float64Array(prep.n), vmPu: new Float64Array(prep.n) };
    const again = solvePowerFlow(prep, { loadScale: 0.5, out: copy });
    expect(Array.from(again.vaDeg)).toEqual(Array.from(first.vaDeg));
  });
  it('reports hitting the iteration limit as a status, not as an answer', () => {
    const r = solvePowerFlow(prep, { maxIterations: 2 });
    expect(r.status).toBe('max-iterations');
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/no convergence in 2 iterations/);
  });
  it('reports voltage collapse under an impossible load as diverged', () => {
    const r = solvePowerFlow(prep, { loadScale: 8 });
    expect(r.converged).toBe(false);
    expect(['diverged', 'max-iterations']).toContain(r.status);
    expect(r.message).toBeTruthy();
  });
  it('converges close to the loadability limit with more iterations', () => {
    const r = solvePowerFlow(prep, { loadScale: 3 });
    expect(r.status).toBe('converged');
    expect(r.vmin).toBeLessThan(0.75);
  });
  it('treats negative loads as injections that raise voltages', () => {
    const loads = nominalLoads(prep, 0);
    loads.pKw[prep.indexOfBus.get(18)!] = -1500;
    const r = solvePowerFlow(prep, { loads });
    expect(r.vmaxBus).toBe(18);
    expect(r.vmax).toBeGreaterThan(1.05);
    expect(r.violations.some((v) => v.kind === 'overvoltage')).toBe(true);
    expect(r.slackPKw).toBeLessThan(0);
  });
  it('flags overloads and losses against the given limits', () => {
    const mv = bundled('mv40');
    const r = solvePowerFlow(mv, { limits: { maxLoadingPct: 30, maxLossKw: 50 } });
    expect(r.violations.some((v) => v.kind === 'overload' && v.from === 1 && v.to === 2)).toBe(true);
    expect(r.violations.some((v) => v.kind === 'losses')).toBe(true);
    expect(r.branches.loadingPct[0]).toBeGreaterThan(30);
  });
  it('rejects a load vector of the wrong length', () => {
    expect(() => solvePowerFlow(prep, { loads: { pKw: new Float64Array(3), qKvar: new Float64Array(3) } })).toThrow(/33 entries/);
  });
});

describe('programming errors', () => {
  it('refuses a non-finite load instead of reporting a fake voltage collapse', () => {
    const prep = bundled('case33bw');
    const loads = nominalLoads(prep);
    loads.qKvar[5] = NaN;
    expect(() => solvePowerFlow(prep, { loads })).toThrow(/load at bus 6 is not a finite number/);
  });
});
