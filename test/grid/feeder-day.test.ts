import { describe, expect, it } from 'vitest';
import { buildFeederDay, feederFlow } from '../../src/grid/feeder-day.js';
import { loadPreparedFeeder } from '../../src/grid/load-feeder.js';
import { solvePowerFlow } from '../../src/grid/powerflow.js';

const prep = loadPreparedFeeder('case33bw');
const T = 4;
const make = (sensitivity: 'lindistflow' | 'secant') =>
  buildFeederDay({
    name: 'Test', prep, slackVmPu: 1, vMinPu: 0.95, vMaxPu: 1.05,
    loadScale: Float64Array.from({ length: T }, (_, k) => 0.4 + 0.05 * k),
    res: [{ bus: prep.indexOfBus.get(30)!, capacityKw: 200, profile: Float64Array.of(0, 0.5, 1, 0) }],
    cevs: [0, 1], cevBus: [prep.indexOfBus.get(18)!, prep.indexOfBus.get(25)!], sensitivity,
  });

describe('feeder day model (DF and VP view of a feeder)', () => {
  const sec = make('secant');
  const lin = make('lindistflow');

  it('base voltages are the exact power flow of base load net of RES', () => {
    const k = 2;
    const pKw = Float64Array.from(prep.feeder.buses, (b) => b.pKw * 0.5);
    const qKvar = Float64Array.from(prep.feeder.buses, (b) => b.qKvar * 0.5);
    pKw[prep.indexOfBus.get(30)!] -= 200;
    const pf = solvePowerFlow(prep, { loads: { pKw, qKvar }, slackVmPu: 1 });
    for (let j = 0; j < prep.n; j++) expect(sec.v0[k][j]).toBeCloseTo(pf.vmPu[j], 12);
    // no flexible load: feederFlow is the base point
    const f = feederFlow(sec, k, [0, 0]);
    for (let j = 0; j < prep.n; j++) expect(f.vmPu[j]).toBeCloseTo(sec.v0[k][j], 12);
  });

  it('secant sensitivities include losses: larger drops than LinDistFlow at the weak end', () => {
    const j = prep.indexOfBus.get(18)!;
    for (let k = 0; k < T; k++) expect(sec.sens[k][0][j]).toBeGreaterThan(lin.sens[k][0][j]);
    // and predict the exact drop of a 300 kW step much better
    const exact = sec.v0[3][j] - feederFlow(sec, 3, [300, 0]).vmPu[j];
    expect(Math.abs(sec.sens[3][0][j] * 300 - exact)).toBeLessThan(Math.abs(lin.sens[3][0][j] * 300 - exact));
  });
});
