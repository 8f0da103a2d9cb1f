// Forecasters on the synthetic community profiles: the ridge regression beats persistence.
import { describe, expect, it } from 'vitest';
import { errorStats, Persistence, RidgeForecaster, SeasonalNaive, skill } from '../../src/community/forecast.js';
import { communityPv, participantSeries, toIntervals } from '../../src/community/history.js';

const W = { latitudeDeg: 37.98, longitudeDeg: 23.73, dayOfYear: 172, utcOffsetH: 3, cloudiness: 0.3 };

function evaluate(seed: number, loadType: 'residential' | 'commercial', h: number) {
  const days = 15, I = 96;
  const { pv, clearSky } = communityPv(seed, W, days);
  const s = participantSeries(seed, { id: 'x', loadType, loadPeak_kw: 3, loadNoiseSd: 0.15, loadNoiseTau_s: 1800, dayLevelSd: 0.08, pv_kwp: 4 }, pv, days, 0);
  const out: Record<string, { ridge: number; persistence: number; seasonal: number }> = {};
  for (const [name, series, exog] of [['load', toIntervals(s.load_kw, 900), undefined], ['pv', toIntervals(s.pv_kw, 900), [toIntervals(clearSky, 900)]]] as const) {
    const fit = (days - 1) * I;
    const ridge = new RidgeForecaster({ h, perDay: I, firstWeekday: 0, exog: exog as Float64Array[] | undefined, clearSkyIndex: name === 'pv' });
    ridge.fit(series, fit);
    const per = new Persistence(h), sea = new SeasonalNaive(I, h);
    const act: number[] = [], pr: number[] = [], pp: number[] = [], ps: number[] = [];
    for (let k = fit; k < days * I; k++) {
      act.push(series[k]);
      pr.push(ridge.predict(series, k));
      pp.push(per.predict(series, k));
      ps.push(sea.predict(series, k));
    }
    out[name] = { ridge: errorStats(act, pr).rmse, persistence: errorStats(act, pp).rmse, seasonal: errorStats(act, ps).rmse };
  }
  return out;
}

describe('forecasting', () => {
  it('ridge regression beats persistence for load and PV (several seeds, both load types)', () => {
    for (const seed of [1, 2, 3]) {
      for (const lt of ['residential', 'commercial'] as const) {
        const r = evaluate(seed, lt, 2);
        expect(skill(r.load.ridge, r.load.persistence)!).toBeGreaterThan(0);
        expect(skill(r.pv.ridge, r.pv.persistence)!).toBeGreaterThan(0);
      }
    }
  });

  it('uses only values known at gate closure (changing y[k-h+1..] does not change the forecast of k)', () => {
    const y = Float64Array.from({ length: 96 * 4 }, (_, i) => 1 + Math.sin(i / 7) + (i % 5) * 0.1);
    const f = new RidgeForecaster({ h: 2, perDay: 96 });
    f.fit(y, 96 * 3);
    const k = 96 * 3 + 10;
    const before = f.predict(y, k);
    const z = Float64Array.from(y);
    z[k] = 100;
    z[k - 1] = 100;
    expect(f.predict(z, k)).toBe(before);
  });

  it('error statistics', () => {
    expect(errorStats([1, 2, 3], [1, 3, 1])).toEqual({ n: 3, mae: 1, rmse: Math.sqrt(5 / 3) });
    expect(skill(1, 2)).toBe(0.5);
  });
});
