import { describe, expect, it } from 'vitest';
import { solvePowerFlow } from '../../src/grid/powerflow.js';
import { bundled } from './helpers.js';

describe('mv40 stand-in feeder', () => {
  const prep = bundled('mv40');
  const r = solvePowerFlow(prep);
  const total = (name: 'mv40' | 'case33bw') => bundled(name).feeder.buses.reduce((s, b) => s + b.pKw, 0);

  it('is a 40-bus radial 20 kV feeder with normally-open ties', () => {
    expect(prep.n).toBe(40);
    expect(prep.feeder.baseKV).toBe(20);
    expect(prep.feeder.branches.filter((b) => b.inService)).toHaveLength(39);
    expect(prep.feeder.branches.filter((b) => !b.inService).length).toBeGreaterThan(0);
    expect(prep.feeder.branches.every((b) => b.maxCurrentA! > 0 && b.lengthKm! > 0)).toBe(true);
  });
  it('has a minimum voltage in [0.92, 0.97] p.u. at nominal load', () => {
    expect(r.converged).toBe(true);
    expect(r.vmin).toBeGreaterThanOrEqual(0.92);
    expect(r.vmin).toBeLessThanOrEqual(0.97);
  });
  it('carries clearly more load than case33bw, within its thermal limits', () => {
    expect(total('mv40')).toBeGreaterThan(1.5 * total('case33bw'));
    expect(r.violations.filter((v) => v.kind === 'overload')).toEqual([]);
    expect(r.pLossKw / total('mv40')).toBeLessThan(0.03);
  });
  it('leaves the voltage band at 130% load (room for the DF agent to act)', () => {
    expect(solvePowerFlow(prep, { loadScale: 1.3 }).violations.some((v) => v.kind === 'undervoltage')).toBe(true);
  });
});
