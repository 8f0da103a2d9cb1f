import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPower, effectiveTargetKwh, laxityH, powerLimits, uncoordinatedPowerKw, type EvSpec } from '../../src/greek/battery.js';

const ev = (over: Partial<EvSpec> = {}): EvSpec => ({
  id: 'e', cev: 0, userType: 'home', battery: 'medium', capacityKwh: 60, maxChargeKw: 11, maxDischargeKw: 11, efficiency: 0.92,
  arrivalS: 8 * 3600, departureS: 17 * 3600, deadlineS: 17 * 3600, socInit: 0.3, socTarget: 0.9, socFloor: 0.2, socMax: 1, ...over,
});

describe('EV battery', () => {
  it('energy balance: SoC change = charged x eta - discharged / eta, SoC stays in [floor, max]', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true })), { maxLength: 40 }), (steps) => {
        const s = ev();
        let e = s.socInit * s.capacityKwh, ch = 0, dis = 0;
        for (const [p, h] of steps) {
          const r = applyPower(s, e, p, h);
          e = r.eKwh;
          ch += r.chargedKwh;
          dis += r.dischargedKwh;
          expect(e).toBeLessThanOrEqual(s.socMax * s.capacityKwh + 1e-9);
          expect(e).toBeGreaterThanOrEqual(s.socFloor * s.capacityKwh - 1e-9);
        }
        expect(e - s.socInit * s.capacityKwh).toBeCloseTo(ch * s.efficiency - dis / s.efficiency, 9);
      })
    );
  });

  it('power limits keep one interval inside the SoC band', () => {
    fc.assert(
      fc.property(fc.double({ min: 12, max: 60, noNaN: true }), fc.boolean(), (e, v2g) => {
        const s = ev();
        const { lo, hi } = powerLimits(s, e, 5 / 60, v2g);
        expect(hi).toBeLessThanOrEqual(s.maxChargeKw);
        expect(e + hi * s.efficiency * (5 / 60)).toBeLessThanOrEqual(s.capacityKwh + 1e-9);
        if (!v2g) expect(lo).toBe(0);
        else expect(e + (lo * (5 / 60)) / s.efficiency).toBeGreaterThanOrEqual(Math.min(e, s.socFloor * s.capacityKwh) - 1e-9);
      })
    );
  });

  it('SC2 power reaches the target exactly at the deadline when it can', () => {
    const s = ev();
    const p = uncoordinatedPowerKw(s);
    const r = applyPower(s, s.socInit * s.capacityKwh, p, (s.deadlineS - s.arrivalS) / 3600);
    expect(r.eKwh / s.capacityKwh).toBeCloseTo(0.9, 9);
    // a short stay is capped at max power and misses the target
    const short = ev({ departureS: 9 * 3600, deadlineS: 9 * 3600 });
    expect(uncoordinatedPowerKw(short)).toBe(short.maxChargeKw);
    expect(effectiveTargetKwh(short, 18, short.arrivalS)).toBeCloseTo(18 + 11 * 0.92, 9);
  });

  it('laxity is the slack time before full-power charging must start', () => {
    const s = ev();
    expect(laxityH(s, 18, 8 * 3600)).toBeCloseTo(9 - 36 / (11 * 0.92), 9);
  });
});
