// Builds the Greek world from a validated scenario: horizon, prices, obligations, the EV fleet,
// the city grids (base load and RES profiles from src/grid/profiles, base power flows) and the
// checks that turn bad input into InputError (exit 2).
import { buildFeederDay, type BaseCaseInput, type FeederDay } from '../../grid/feeder-day.js';
import { loadPreparedFeeder } from '../../grid/load-feeder.js';
import { loadProfile, pvProfile, windProfile } from '../../grid/profiles/index.js';
import { busIndex, type PreparedFeeder } from '../../grid/topology.js';
import type { EvSpec } from '../../greek/battery.js';
import { explicitEvs, generateClusterFleet, validateFleetInput, type SocSettings } from '../../greek/fleet.js';
import { obligationArrays, priceCurve, type ObligationArrays } from '../../greek/market.js';
import { makeHorizon, parseClock, type Horizon } from '../../greek/time.js';
import { createRng } from '../../sim/rng.js';
import { InputError } from '../../util/errors.js';
import type { GreekConfig } from './schema.js';

export interface GreekWorld {
  h: Horizon;
  price: Float64Array;
  obl: ObligationArrays;
  evs: EvSpec[];
  grids: FeederDay[];
  /** City index per CEV. */
  cevCity: number[];
  soc: SocSettings;
}

/** Maps a profile sampled at 5-minute steps from 00:00 onto the horizon's intervals. */
function onHorizon(h: Horizon, series: Float64Array): Float64Array {
  return Float64Array.from({ length: h.T }, (_, k) => series[Math.min(series.length - 1, Math.floor((h.startS + (k + 0.5) * h.stepS) / 300))]);
}

/**
 * City ci's base case over the horizon: its feeder, slack voltage, base load scale and RES
 * injections (the seeded profiles of the run). buildWorld builds the feeder day from it; the
 * scenario check (check.ts) solves its power flows before anything runs.
 */
export function cityBaseCase(g: GreekConfig, ci: number, prep: PreparedFeeder, h: Horizon, seed: number, file: string): BaseCaseInput {
  const city = g.cities[ci];
  const load = loadProfile({ type: city.loadType, noiseSd: city.loadNoiseSd }, { seed, streamId: `load:${city.name}` });
  const res = city.res.map((r, m) => {
    const profile =
      r.kind === 'pv'
        ? pvProfile({ latitudeDeg: city.latitudeDeg, longitudeDeg: city.longitudeDeg, cloudiness: city.cloudiness }, { seed, streamId: `pv:${city.name}:${m}` })
        : windProfile({ scaleMs: city.windScaleMs }, { seed, streamId: `wind:${city.name}:${m}` });
    return { bus: busIndex(prep, r.bus, file, `greek.cities[${ci}].res[${m}].bus`), capacityKw: r.capacityKw, profile: onHorizon(h, profile) };
  });
  const loadScale = onHorizon(h, load).map((v) => v * city.peakLoadScale);
  return { name: city.name, prep, slackVmPu: city.slackVmPu, loadScale, res };
}

export function buildWorld(g: GreekConfig, seed: number, file: string): GreekWorld {
  const start = parseClock(g.horizon.start)!, end = parseClock(g.horizon.end)!;
  if (!(end > start)) throw new InputError(file, 'greek.horizon.end', `a time after ${g.horizon.start}`, JSON.stringify(g.horizon.end));
  const h = makeHorizon(start, end, g.horizon.stepMin * 60);
  const price = priceCurve(h, g.prices.steps, g.prices.scale, file, 'greek.prices.steps');
  const obl = obligationArrays(h, g.obligations, file, 'greek.obligations');

  // CEVs: city and bus must exist
  const cityNames = g.cities.map((c) => c.name);
  const ids = new Set<string>();
  const cevCity = g.cevs.map((c, i) => {
    if (ids.has(c.id)) throw new InputError(file, `greek.cevs[${i}].id`, 'a unique CEV id', JSON.stringify(c.id));
    ids.add(c.id);
    const ci = cityNames.indexOf(c.city);
    if (ci < 0) throw new InputError(file, `greek.cevs[${i}].city`, `one of ${cityNames.join(', ')}`, JSON.stringify(c.city));
    if (!(c.userType in g.fleet.userTypes)) throw new InputError(file, `greek.cevs[${i}].userType`, `one of ${Object.keys(g.fleet.userTypes).join(', ')}`, JSON.stringify(c.userType));
    return ci;
  });
  const totalCh = g.cevs.reduce((s, c) => s + c.pChMaxKw, 0);
  g.obligations.forEach((w, i) => {
    if (w.pMinKw > totalCh) {
      throw new InputError(file, `greek.obligations[${i}].pMinKw`, `at most the CEVs' total charging limit (${totalCh} kW), or the obligation cannot be met`, String(w.pMinKw));
    }
  });

  const soc: SocSettings = { socInit: g.fleet.socInit, socTarget: g.fleet.socTarget, socFloor: g.fleet.socFloor, socMax: g.fleet.socMax };
  validateFleetInput(file, soc, g.fleet.userTypes, g.fleet.batteryTypes);

  const grids = g.cities.map((city, ci) => {
    const prep = loadPreparedFeeder(city.feeder);
    const cevs: number[] = [], cevBus: number[] = [];
    g.cevs.forEach((c, i) => {
      if (cevCity[i] !== ci) return;
      cevs.push(i);
      cevBus.push(busIndex(prep, c.bus, file, `greek.cevs[${i}].bus`));
    });
    return buildFeederDay({
      ...cityBaseCase(g, ci, prep, h, seed, file), vMinPu: g.grid.vMinPu, vMaxPu: g.grid.vMaxPu, cevs, cevBus,
      sensitivity: g.grid.sensitivity, secantKw: g.grid.secantKw,
    });
  });

  const evs: EvSpec[] = [];
  g.cevs.forEach((c, i) => {
    const rng = createRng(seed, `fleet:${c.id}`);
    evs.push(...generateClusterFleet(rng, h, i, { id: c.id, userType: c.userType, evs: c.evs }, g.fleet.userTypes[c.userType], g.fleet.batteryTypes, soc));
  });
  evs.push(...explicitEvs(file, g.fleet.vehicles, g.cevs.map((c) => c.id), g.fleet.batteryTypes, h, soc, (ci) => g.cevs[ci].userType));
  return { h, price, obl, evs, grids, cevCity, soc };
}
