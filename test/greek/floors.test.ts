// The must-run floors the VP uses to decide which rows it does not fight (src/greek/envelope.ts
// envelopeFloorKw) and the obligation band with its margin (src/greek/market.ts obligationBand).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeFloorKw } from '../../src/greek/envelope.js';
import { obligationBand } from '../../src/greek/market.js';
import type { ClusterEnvelope } from '../../src/optim/schedule.js';

const dtH = 1 / 12;

describe('envelope floors', () => {
  it('no schedule inside the envelope charges less than the floor in any interval', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ p: fc.double({ min: 0, max: 100, noNaN: true }), u: fc.double({ min: 0, max: 1, noNaN: true }), lo: fc.double({ min: 0, max: 20, noNaN: true }), hi: fc.double({ min: 0, max: 20, noNaN: true }) }), { minLength: 1, maxLength: 30 }), (xs) => {
        // a schedule ch (below the limits) and an envelope around its cumulative energy
        const T = xs.length, eta = 0.92;
        const pCh = Float64Array.from(xs, (x) => x.p);
        const ch = xs.map((x) => x.p * x.u);
        const eLow = new Float64Array(T), eHigh = new Float64Array(T);
        let e = 0;
        for (let t = 0; t < T; t++) {
          e += dtH * eta * ch[t];
          eLow[t] = e - xs[t].lo;
          eHigh[t] = e + xs[t].hi;
        }
        const cl: ClusterEnvelope = { id: 'c', pChMaxKw: pCh, pDisMaxKw: new Float64Array(T), eLowKwh: eLow, eHighKwh: eHigh, etaCh: eta, etaDis: eta };
        const f = envelopeFloorKw(cl, dtH);
        for (let t = 0; t < T; t++) {
          expect(f[t]).toBeGreaterThanOrEqual(0);
          expect(f[t]).toBeLessThanOrEqual(ch[t] + 1e-9);
        }
      }),
    );
  });

  it('a cluster that must charge at full power from now has its full power as floor', () => {
    const T = 6, p = 50, eta = 0.9;
    const eLow = Float64Array.from({ length: T }, (_, t) => (t + 1) * dtH * eta * p);
    const cl: ClusterEnvelope = { id: 'c', pChMaxKw: new Float64Array(T).fill(p), pDisMaxKw: new Float64Array(T), eLowKwh: eLow, eHighKwh: eLow.map((x) => x + 100), etaCh: eta, etaDis: eta };
    for (const x of envelopeFloorKw(cl, dtH)) expect(x).toBeCloseTo(p, 9);
    // with laxity (the energy due only at the end, one interval of slack) the early floors are 0
    const lax = { ...cl, eLowKwh: Float64Array.from({ length: T }, (_, t) => Math.max(0, (t - 0) * dtH * eta * p)) };
    expect(envelopeFloorKw(lax, dtH)[0]).toBe(0);
    // the executed interval uses the vehicles' exact must-run charging when reported
    expect(envelopeFloorKw({ ...lax, p0ChMinKw: 12 }, dtH)[0]).toBe(12);
  });
});

describe('obligation band with margin', () => {
  it('keeps the margin where the vehicles can; relaxes pMax only to must-run charging that exceeds it, pMin never', () => {
    expect(obligationBand(2000, 3000, 25, 0, 5000)).toEqual([2025, 2975]);
    // must-run charging fills the upper margin: it stops there
    expect(obligationBand(2000, 3000, 25, 2990, 5000)).toEqual([2025, 2990]);
    // must-run charging above the obligation: the interval is lost whatever the plan does; the plan
    // adds nothing to the excess but buys no V2G to shave it
    expect(obligationBand(2000, 3000, 25, 3100, 5000)).toEqual([2025, 3100]);
    // the vehicles cannot charge the lower margin
    expect(obligationBand(2000, 3000, 25, 0, 2010)).toEqual([2010, 2975]);
    expect(obligationBand(2000, 3000, 25, 0, 1500)).toEqual([2000, 2975]);
    expect(obligationBand(-Infinity, Infinity, 25, 100, 200)).toEqual([-Infinity, Infinity]);
  });
});
