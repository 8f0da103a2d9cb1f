import { describe, expect, it } from 'vitest';
import { generateClusterFleet, validateFleetInput, type BatteryType, type UserType } from '../../src/greek/fleet.js';
import { obligationArrays, priceCurve } from '../../src/greek/market.js';
import { makeHorizon, parseClock } from '../../src/greek/time.js';
import { createRng } from '../../src/sim/rng.js';
import { InputError } from '../../src/util/errors.js';

const day = makeHorizon(3600, 24 * 3600, 300);

describe('horizon, prices and obligations', () => {
  it('has 276 five-minute intervals and 15:30-18:30 is intervals 175-210 (1-based)', () => {
    expect(day.T).toBe(276);
    const o = obligationArrays(day, [{ start: '15:30', end: '18:30', pMinKw: 2000, pMaxKw: 3000 }]);
    const ks = [...o.inWindow.keys()].filter((k) => o.inWindow[k]);
    expect(ks.length).toBe(36);
    expect(ks[0] + 1).toBe(175);
    expect(ks[35] + 1).toBe(210);
    expect(o.pMinKw[ks[0]]).toBe(2000);
    expect(o.pMaxKw[0]).toBe(Infinity);
  });

  it('builds the piecewise price curve with its scale', () => {
    const p = priceCurve(day, [{ from: '01:00', priceMuPerKwh: 0.1 }, { from: '07:30', priceMuPerKwh: 0.3 }], 2);
    expect(p[0]).toBeCloseTo(0.2, 12);
    expect(p[77]).toBeCloseTo(0.2, 12); // 07:25
    expect(p[78]).toBeCloseTo(0.6, 12); // 07:30
  });

  it('rejects bad windows and clocks with InputError', () => {
    expect(() => obligationArrays(day, [{ start: '15:30', end: '18:30', pMinKw: 3000, pMaxKw: 2000 }])).toThrow(InputError);
    expect(() => obligationArrays(day, [{ start: '18:30', end: '15:30', pMinKw: 0, pMaxKw: 1 }])).toThrow(InputError);
    expect(() => priceCurve(day, [{ from: '25:00', priceMuPerKwh: 0.1 }], 1)).toThrow(InputError);
    expect(() => priceCurve(day, [{ from: '02:00', priceMuPerKwh: 0.1 }], 1)).toThrow(InputError);
    expect(parseClock('24:00')).toBe(86400);
    expect(parseClock('7:61')).toBeNull();
  });
});

describe('fleet generation', () => {
  const batteries: BatteryType[] = [
    { name: 'small', capacityKwh: 40, maxChargeKw: 7.4, maxDischargeKw: 7.4, efficiency: 0.93, share: 0.5 },
    { name: 'large', capacityKwh: 80, maxChargeKw: 22, maxDischargeKw: 11, efficiency: 0.91, share: 0.5 },
  ];
  const soc = { socInit: 0.3, socTarget: 0.9, socFloor: 0.2, socMax: 1 };
  const home: UserType = {
    overnightShare: 0.4,
    overnightDeparture: { meanH: 7.5, sdH: 0.75, minH: 6, maxH: 9.5 },
    arrival: { meanH: 18, sdH: 1.5, minH: 15, maxH: 23 },
    departure: { meanH: 31.5, sdH: 1, minH: 30, maxH: 33 },
  };

  it('draws plausible, reproducible vehicles per user type', () => {
    const a = generateClusterFleet(createRng(3, 'fleet:C'), day, 0, { id: 'C', userType: 'home', evs: 400 }, home, batteries, soc);
    const b = generateClusterFleet(createRng(3, 'fleet:C'), day, 0, { id: 'C', userType: 'home', evs: 400 }, home, batteries, soc);
    expect(a).toEqual(b);
    const overnight = a.filter((e) => e.arrivalS === day.startS);
    expect(overnight.length / a.length).toBeGreaterThan(0.3);
    expect(overnight.length / a.length).toBeLessThan(0.5);
    for (const e of a) {
      expect(e.departureS).toBeGreaterThan(e.arrivalS);
      expect(e.deadlineS).toBeLessThanOrEqual(day.endS);
      expect(['small', 'large']).toContain(e.battery);
    }
    for (const e of overnight) expect(e.departureS).toBeLessThanOrEqual(9.5 * 3600);
    const evening = a.filter((e) => e.arrivalS > day.startS);
    expect(evening.every((e) => e.deadlineS === day.endS)).toBe(true);
  });

  it('rejects a target below the initial SoC and inverted distributions', () => {
    expect(() => validateFleetInput('f', { ...soc, socTarget: 0.2 }, { home }, batteries)).toThrow(InputError);
    expect(() => validateFleetInput('f', soc, { home: { ...home, arrival: { meanH: 18, sdH: 1, minH: 20, maxH: 15 } } }, batteries)).toThrow(/arrival\.maxH/);
    expect(() => validateFleetInput('f', soc, { home }, batteries)).not.toThrow();
  });
});
