import { describe, expect, it } from 'vitest';
import { CITIES, STEPS_PER_DAY, loadProfile, pvProfile, turbinePower, windProfile, windSpeedSeries } from '../../src/grid/profiles/index.js';
import { createRng } from '../../src/sim/rng.js';

const athens = CITIES.athens;
const hourOf = (i: number) => ((i % STEPS_PER_DAY) + 0.5) / 12;
const mean = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
};

describe('load profiles', () => {
  it('have 288 steps a day, peak at 1.0 in the evening, and a night valley', () => {
    for (const type of ['metro', 'island', 'residential', 'commercial'] as const) {
      const p = loadProfile({ type, noiseSd: 0 });
      expect(p).toHaveLength(288);
      const max = Math.max(...p);
      expect(max).toBeGreaterThan(0.99);
      expect(max).toBeLessThan(1.02);
      expect(Math.min(...p)).toBeGreaterThan(0.25);
    }
    const metro = loadProfile({ type: 'metro', noiseSd: 0 });
    const peak = metro.indexOf(Math.max(...metro));
    expect(hourOf(peak)).toBeGreaterThan(19);
    expect(hourOf(peak)).toBeLessThan(22);
    expect(metro[4 * 12]).toBeLessThan(0.6);
  });
  it('are reproducible from (seed, stream) and differ between streams', () => {
    const a = loadProfile({ type: 'metro', days: 7 }, { seed: 1, streamId: 'load:athens' });
    const b = loadProfile({ type: 'metro', days: 7 }, { seed: 1, streamId: 'load:athens' });
    const c = loadProfile({ type: 'metro', days: 7 }, { seed: 1, streamId: 'load:thessaloniki' });
    expect(a).toHaveLength(7 * 288);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const smooth = loadProfile({ type: 'metro', days: 7, noiseSd: 0 });
    const rel = Array.from(a, (v, i) => v / smooth[i] - 1);
    expect(Math.sqrt(mean(rel.map((v) => v * v)))).toBeLessThan(0.04);
  });
  it('are lower on weekends for metropolitan load', () => {
    const week = loadProfile({ type: 'metro', days: 7, noiseSd: 0, firstWeekday: 0 });
    const day = (d: number) => mean(week.subarray(d * 288, (d + 1) * 288));
    expect(day(6)).toBeLessThan(0.85 * day(2));
    expect(day(1)).toBeCloseTo(day(2), 12);
  });
  it('need a random source when noisy', () => {
    expect(() => loadProfile({ type: 'metro' })).toThrow(/RandomSource/);
  });
});

describe('PV', () => {
  it('is zero at night, at most 1, and peaks near solar noon (about 13:25 summer time in Athens)', () => {
    const p = pvProfile({ ...athens, cloudiness: 0 });
    expect(Math.max(...p)).toBeLessThanOrEqual(1);
    expect(Math.max(...p)).toBeGreaterThan(0.75);
    expect(p[2 * 12]).toBe(0);
    expect(p[23 * 12]).toBe(0);
    const peak = hourOf(p.indexOf(Math.max(...p)));
    expect(peak).toBeGreaterThan(13);
    expect(peak).toBeLessThan(14);
    const winter = pvProfile({ ...athens, cloudiness: 0, dayOfYear: 355, utcOffsetH: 2 });
    expect(mean(winter)).toBeLessThan(0.6 * mean(p));
  });
  it('loses energy under clouds, reproducibly', () => {
    const clear = pvProfile({ ...athens, cloudiness: 0 });
    const cloudy = pvProfile({ ...athens, cloudiness: 0.6, days: 1 }, { seed: 5, streamId: 'pv:athens' });
    const again = pvProfile({ ...athens, cloudiness: 0.6, days: 1 }, { rng: createRng(5, 'pv:athens') });
    expect(Array.from(cloudy)).toEqual(Array.from(again));
    expect(mean(cloudy)).toBeLessThan(0.9 * mean(clear));
    cloudy.forEach((v, i) => expect(v).toBeLessThanOrEqual(clear[i] + 1e-15));
  });
});

describe('wind', () => {
  it('has Weibull speeds with the configured mean and strong step-to-step correlation', () => {
    const v = windSpeedSeries({ days: 365, shape: 2, scaleMs: 8 }, { seed: 11, streamId: 'wind' });
    const m = mean(v);
    expect(Math.abs(m - 8 * 0.886227) / (8 * 0.886227)).toBeLessThan(0.08); // scale * Gamma(1.5)
    let num = 0, den = 0;
    for (let i = 1; i < v.length; i++) {
      num += (v[i] - m) * (v[i - 1] - m);
      den += (v[i] - m) ** 2;
    }
    expect(num / den).toBeGreaterThan(0.95);
  });
  it('maps speeds through the turbine curve into [0, 1]', () => {
    expect(turbinePower(2)).toBe(0);
    expect(turbinePower(12)).toBe(1);
    expect(turbinePower(26)).toBe(0);
    expect(turbinePower(7.5)).toBeCloseTo((7.5 ** 3 - 27) / (1728 - 27), 12);
    const p = windProfile({ days: 7 }, { seed: 2, streamId: 'wind:chania' });
    expect(p).toHaveLength(7 * 288);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p)).toBeLessThanOrEqual(1);
  });
});
