import { describe, expect, it } from 'vitest';
import { linDistFlowError, linDistFlowSensitivities, predictVoltages, sensitivity } from '../../src/grid/lindistflow.js';
import { nominalLoads, solvePowerFlow } from '../../src/grid/powerflow.js';
import { bundled } from './helpers.js';

describe('LinDistFlow against the exact power flow', () => {
  const prep = bundled('case33bw');

  it('stays under 1% voltage error at half load on case33bw (classic, no-load base)', () => {
    const e = linDistFlowError(prep, 0.5);
    expect(e.maxRelPct).toBeLessThan(1);
    expect(e.maxAbsPu).toBeLessThan(0.002); // documented: 0.0015 p.u. at bus 18
  });

  it('has the documented error at full base load: about 0.0064 p.u. (0.70%) at bus 18', () => {
    const e = linDistFlowError(prep, 1);
    expect(e.busId).toBe(18);
    expect(e.maxAbsPu).toBeGreaterThan(0.006);
    expect(e.maxAbsPu).toBeLessThan(0.007);
  });

  it('overestimates voltages (it neglects losses)', () => {
    const loads = nominalLoads(prep);
    const lin = predictVoltages(linDistFlowSensitivities(prep), loads);
    const exact = solvePowerFlow(prep, { loads });
    for (let i = 0; i < prep.n; i++) expect(lin[i]).toBeGreaterThanOrEqual(exact.vmPu[i] - 1e-12);
  });

  it('is ten times more accurate when linearized around a nearby exact operating point', () => {
    const classic = linDistFlowError(prep, 1);
    const local = linDistFlowError(prep, 1, { base: nominalLoads(prep, 0.9) });
    expect(local.maxAbsPu).toBeLessThan(classic.maxAbsPu / 5);
    for (const name of ['case69', 'mv40'] as const) {
      const p = bundled(name);
      expect(linDistFlowError(p, 1).maxRelPct).toBeLessThan(1);
      expect(linDistFlowError(p, 0.5).maxRelPct).toBeLessThan(0.3);
    }
  });

  it('reproduces the base point exactly', () => {
    const base = nominalLoads(prep, 0.8);
    const model = linDistFlowSensitivities(prep, { base });
    const v = predictVoltages(model, base);
    const exact = solvePowerFlow(prep, { loads: base });
    for (let i = 0; i < prep.n; i++) expect(v[i]).toBeCloseTo(exact.vmPu[i], 12);
  });

  it('matches finite differences of the exact solver at light load within 3%', () => {
    const base = nominalLoads(prep, 0.1);
    const model = linDistFlowSensitivities(prep, { base });
    const v0 = solvePowerFlow(prep, { loads: base }).vmPu.slice();
    for (const at of [18, 25, 33]) {
      const i = prep.indexOfBus.get(at)!;
      const bumped = { pKw: base.pKw.slice(), qKvar: base.qKvar.slice() };
      bumped.pKw[i] += 10;
      const v1 = solvePowerFlow(prep, { loads: bumped }).vmPu;
      for (const j of [i, prep.indexOfBus.get(12)!]) {
        const fd = (v1[j] - v0[j]) / 10;
        const s = model.dvdpPuPerKw[j * prep.n + i];
        expect(s).toBeLessThan(0);
        expect(Math.abs(s - fd) / Math.abs(fd)).toBeLessThan(0.03);
      }
    }
  });

  it('gives zero sensitivity at the slack and symmetric no-load sensitivities', () => {
    const model = linDistFlowSensitivities(prep);
    const n = prep.n;
    for (let i = 0; i < n; i++) expect(model.dvdpPuPerKw[0 * n + i]).toBe(-0);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) expect(model.dvdqPuPerKvar[j * n + i]).toBe(model.dvdqPuPerKvar[i * n + j]);
    // buses on different laterals share only the trunk: 18 and 22 share the branch 1-2
    const s = sensitivity(prep, model, 18, 22);
    expect(s.dvdp).toBeCloseTo(-0.0922 / (12.66 ** 2 / 10) / 10000, 15);
  });
});

// Independent of the implementation (which forms A diag(r) A^T with ml-matrix over the prepared sweep):
// walk the in-service branch list of the feeder file from the slack, keep each bus's set of path
// branches, and sum resistance/reactance (ohm -> p.u.) over the branches two buses' paths share.
describe('LinDistFlow sensitivities against shared-path sums from the branch list', () => {
  for (const name of ['case33bw', 'case69', 'mv40'] as const) {
    it(`${name}: dV_j/dP_i = -R_shared(j,i) / (V_j S_base), likewise for Q, within 1e-12`, () => {
      const prep = bundled(name);
      const f = prep.feeder;
      const zBase = (f.baseKV * f.baseKV) / f.baseMVA;
      const sBaseKva = f.baseMVA * 1000;
      const paths = new Map<number, Set<number>>([[f.slackBus, new Set()]]);
      const queue = [f.slackBus];
      while (queue.length) {
        const bus = queue.shift()!;
        f.branches.forEach((br, idx) => {
          if (!br.inService) return;
          const other = br.from === bus ? br.to : br.to === bus ? br.from : undefined;
          if (other === undefined || paths.has(other)) return;
          paths.set(other, new Set([...paths.get(bus)!, idx]));
          queue.push(other);
        });
      }
      for (const opts of [{}, { base: nominalLoads(prep, 0.8) }]) {
        const m = linDistFlowSensitivities(prep, opts);
        let worst = 0;
        f.buses.forEach((bj, j) => {
          f.buses.forEach((bi, i) => {
            let r = 0;
            let x = 0;
            for (const e of paths.get(bj.id)!) if (paths.get(bi.id)!.has(e)) {
              r += f.branches[e].rOhm / zBase;
              x += f.branches[e].xOhm / zBase;
            }
            const scale = m.baseVmPu[j] * sBaseKva;
            worst = Math.max(worst, Math.abs(m.dvdpPuPerKw[j * prep.n + i] + r / scale), Math.abs(m.dvdqPuPerKvar[j * prep.n + i] + x / scale));
          });
        });
        expect(worst).toBeLessThan(1e-12);
      }
    });
  }
});
