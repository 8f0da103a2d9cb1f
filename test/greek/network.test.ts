import { describe, expect, it } from 'vitest';
import { loadPreparedFeeder } from '../../src/grid/load-feeder.js';
import { buildCityGrid, cityFlow, curtailToLimits, voltageRows } from '../../src/greek/network.js';

const prep = loadPreparedFeeder('case33bw');
const T = 4;
const make = (sensitivity: 'lindistflow' | 'secant') =>
  buildCityGrid({
    city: 'Test', prep, slackVmPu: 1, vMinPu: 0.95, vMaxPu: 1.05,
    loadScale: Float64Array.from({ length: T }, (_, k) => 0.4 + 0.05 * k),
    res: [], cevs: [0, 1], cevBus: [prep.indexOfBus.get(18)!, prep.indexOfBus.get(25)!], sensitivity,
  });

describe('city grid (VP and DF view of a feeder)', () => {
  const sec = make('secant');
  const lin = make('lindistflow');

  it('secant sensitivities include losses: larger drops than LinDistFlow at the weak end', () => {
    const j = prep.indexOfBus.get(18)!;
    for (let k = 0; k < T; k++) expect(sec.sens[k][0][j]).toBeGreaterThan(lin.sens[k][0][j]);
    // and predict the exact drop of a 300 kW step much better
    const exact = sec.v0[3][j] - cityFlow(sec, 3, [300, 0]).vmPu[j];
    expect(Math.abs(sec.sens[3][0][j] * 300 - exact)).toBeLessThan(Math.abs(lin.sens[3][0][j] * 300 - exact));
  });

  it('curtailment brings a violated feeder back into the band', () => {
    const before = cityFlow(sec, 3, [1200, 400]);
    expect(before.vmin).toBeLessThan(0.95);
    const r = curtailToLimits(sec, 3, [1200, 400]);
    expect(r.curtailed).toBe(true);
    expect(r.flow.vmin).toBeGreaterThanOrEqual(0.95);
    expect(r.powerKw[0]).toBeLessThan(1200);
    expect(r.powerKw[0]).toBeGreaterThanOrEqual(0);
    // nothing to do when in band
    expect(curtailToLimits(sec, 0, [10, 10]).curtailed).toBe(false);
  });

  it('keeps only voltage rows that could bind', () => {
    const small = [new Float64Array(T).fill(5), new Float64Array(T).fill(5)];
    const big = [new Float64Array(T).fill(1500), new Float64Array(T).fill(800)];
    const none = [new Float64Array(T), new Float64Array(T)];
    expect(voltageRows(sec, 0, T, 2, small, none, 0.003).length).toBe(0);
    const rows = voltageRows(sec, 0, T, 2, big, none, 0.003);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.v0Pu - r.sensPuPerKw[0] * 1500 - r.sensPuPerKw[1] * 800).toBeLessThan(r.vMinPu);
  });
});
