import { describe, expect, it } from 'vitest';
import { buildFeederDay } from '../../src/grid/feeder-day.js';
import { loadPreparedFeeder } from '../../src/grid/load-feeder.js';
import { exactFirstIntervalRows, rowsWithinFloors, voltageRows } from '../../src/greek/network.js';
import { feederFlow } from '../../src/grid/feeder-day.js';

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

  it('exact check of the executed interval: a corrected row where the linear rows are optimistic, none where the floors already break the band', () => {
    // both CEVs at once drop the far buses further than the sum of their secants says
    const net = Float64Array.from([1400, 1200]);
    const f = feederFlow(sec, 0, net);
    const rows = exactFirstIntervalRows(sec, 0, net, new Float64Array(2), 2, 0.003);
    if (f.vmin < 0.95 + 5e-4) {
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.t).toBe(0);
        // the corrected bound is at least the plain LP bound (vMin + margin)
        expect(r.vMinPu).toBeGreaterThanOrEqual(0.953 - 1e-12);
      }
    }
    // with floors at the planned powers the band cannot be kept: no corrected row
    expect(exactFirstIntervalRows(sec, 0, net, net, 2, 0.003).filter((r) => r.vMinPu > -Infinity).length).toBe(0);
    // rows the floors already break are dropped; those the floors keep in band but inside the
    // margin relax to the floors' voltage; the others stay as they are
    const r0 = voltageRows(sec, 0, 1, 2, [Float64Array.of(1400), Float64Array.of(1200)], [new Float64Array(1), new Float64Array(1)], 0.003);
    expect(r0.length).toBeGreaterThan(0);
    const vAt = (r: (typeof r0)[number], a: number, b: number) => r.v0Pu - r.sensPuPerKw[0] * a - r.sensPuPerKw[1] * b;
    for (const [a, b] of [[1400, 1200], [700, 600], [0, 0]]) {
      const rows = voltageRows(sec, 0, 1, 2, [Float64Array.of(1400), Float64Array.of(1200)], [new Float64Array(1), new Float64Array(1)], 0.003);
      const before = rows.map((r) => r.vMinPu);
      const kept = rowsWithinFloors(rows, [Float64Array.of(a), Float64Array.of(b)], 0.003);
      rows.forEach((r, i) => {
        const v = vAt(r, a, b);
        if (v < 0.95) expect(kept).not.toContain(r);
        else {
          expect(kept).toContain(r);
          expect(v).toBeGreaterThanOrEqual(r.vMinPu);
          expect(r.vMinPu).toBe(v >= before[i] ? before[i] : v - 1e-6);
        }
      });
      if (a === 0) expect(kept.length).toBe(rows.length);
    }
  });
});
