import { describe, expect, it } from 'vitest';
import { buildFeederDay } from '../../src/grid/feeder-day.js';
import { loadPreparedFeeder } from '../../src/grid/load-feeder.js';
import { voltageRows } from '../../src/greek/network.js';

const prep = loadPreparedFeeder('case33bw');
const T = 4;
const sec = buildFeederDay({
  name: 'Test', prep, slackVmPu: 1, vMinPu: 0.95, vMaxPu: 1.05,
  loadScale: Float64Array.from({ length: T }, (_, k) => 0.4 + 0.05 * k),
  res: [], cevs: [0, 1], cevBus: [prep.indexOfBus.get(18)!, prep.indexOfBus.get(25)!], sensitivity: 'secant',
});

describe('voltage rows of the VP', () => {
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
