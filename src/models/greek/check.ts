// Every cross-field check of a Greek scenario that the schema cannot express (times, feeders,
// buses, cities, user types, the fleet, each city's base power flow), collected so `vpsim
// validate`, `sweep --dry-run` and `run` report all problems at once before anything is
// simulated. buildWorld repeats the same checks as it builds (it throws at the first); this file
// builds nothing big: the base case is the city's load and RES profiles at the scenario's seed,
// solved by the same function the run uses (src/grid/feeder-day.ts baseFlowAt).
import { checkBaseCase } from '../../grid/feeder-day.js';
import { loadPreparedFeeder } from '../../grid/load-feeder.js';
import { busIndex } from '../../grid/topology.js';
import type { PreparedFeeder } from '../../grid/topology.js';
import { explicitEvs, validateFleetInput, type SocSettings } from '../../greek/fleet.js';
import { obligationArrays, priceCurve } from '../../greek/market.js';
import { makeHorizon, parseClock } from '../../greek/time.js';
import { InputError, collectInputErrors } from '../../util/errors.js';
import type { GreekConfig } from './schema.js';
import { cityBaseCase } from './world.js';

export function checkGreek(g: GreekConfig, file: string, seed: number): InputError[] {
  const checks: (() => void)[] = [];
  const start = parseClock(g.horizon.start)!;
  const end = parseClock(g.horizon.end)!;
  const h = end > start ? makeHorizon(start, end, g.horizon.stepMin * 60) : undefined;
  if (!h) checks.push(() => { throw new InputError(file, 'greek.horizon.end', `a time after ${g.horizon.start}`, JSON.stringify(g.horizon.end)); });
  else {
    checks.push(() => void priceCurve(h, g.prices.steps, g.prices.scale, file, 'greek.prices.steps'));
    checks.push(() => void obligationArrays(h, g.obligations, file, 'greek.obligations'));
  }
  const cityNames = g.cities.map((c) => c.name);
  g.cities.forEach((c, i) => {
    if (cityNames.indexOf(c.name) !== i) checks.push(() => { throw new InputError(file, `greek.cities[${i}].name`, 'a unique city name', JSON.stringify(c.name)); });
  });
  const ids = new Set<string>();
  g.cevs.forEach((c, i) => {
    const dup = ids.has(c.id);
    ids.add(c.id);
    if (dup) checks.push(() => { throw new InputError(file, `greek.cevs[${i}].id`, 'a unique CEV id', JSON.stringify(c.id)); });
    if (!cityNames.includes(c.city)) checks.push(() => { throw new InputError(file, `greek.cevs[${i}].city`, `one of ${cityNames.join(', ')}`, JSON.stringify(c.city)); });
    if (!(c.userType in g.fleet.userTypes)) checks.push(() => { throw new InputError(file, `greek.cevs[${i}].userType`, `one of ${Object.keys(g.fleet.userTypes).join(', ')}`, JSON.stringify(c.userType)); });
  });
  const totalCh = g.cevs.reduce((s, c) => s + c.pChMaxKw, 0);
  g.obligations.forEach((w, i) => {
    if (w.pMinKw > totalCh) checks.push(() => { throw new InputError(file, `greek.obligations[${i}].pMinKw`, `at most the CEVs' total charging limit (${totalCh} kW), or the obligation cannot be met`, String(w.pMinKw)); });
  });
  if (!cityNames.includes(g.latency.vpCity)) checks.push(() => { throw new InputError(file, 'greek.latency.vpCity', `one of ${cityNames.join(', ')}`, JSON.stringify(g.latency.vpCity)); });

  // feeders and buses: each city's feeder must load; each CEV and RES bus must be on it
  g.cities.forEach((city, ci) => {
    let prep: PreparedFeeder | undefined;
    checks.push(() => {
      try {
        prep = loadPreparedFeeder(city.feeder);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        throw new InputError(file, `greek.cities[${ci}].feeder`, err.expected, `${JSON.stringify(city.feeder)} (${err.found})`);
      }
    });
    g.cevs.forEach((c, i) => {
      if (c.city === city.name) checks.push(() => prep && void busIndex(prep, c.bus, file, `greek.cevs[${i}].bus`));
    });
    city.res.forEach((r, m) => checks.push(() => prep && void busIndex(prep, r.bus, file, `greek.cities[${ci}].res[${m}].bus`)));
    // the base case (no EVs) must have a power flow at every interval, as the run needs
    if (h) {
      checks.push(() => {
        if (!prep) return;
        let base;
        try {
          base = cityBaseCase(g, ci, prep, h, seed, file);
        } catch (err) {
          if (err instanceof InputError) return; // a RES bus off the feeder, reported above
          throw err;
        }
        try {
          checkBaseCase(base);
        } catch (err) {
          if (err instanceof InputError && err.file === '') throw new InputError(file, err.path, err.expected, err.found);
          throw err;
        }
      });
    }
  });

  const soc: SocSettings = { socInit: g.fleet.socInit, socTarget: g.fleet.socTarget, socFloor: g.fleet.socFloor, socMax: g.fleet.socMax };
  checks.push(() => validateFleetInput(file, soc, g.fleet.userTypes, g.fleet.batteryTypes));
  if (h) checks.push(() => void explicitEvs(file, g.fleet.vehicles, g.cevs.map((c) => c.id), g.fleet.batteryTypes, h, soc, (ci) => g.cevs[ci].userType));
  return collectInputErrors(checks);
}
