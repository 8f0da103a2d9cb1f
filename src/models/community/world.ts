// Builds the community world from a scenario: participants on feeder buses with their devices,
// seeded synthetic histories and fitted forecasters, identities and registered limits, tariffs,
// the spot feed and the grid carbon intensity. Every random draw comes from a stream named after
// what it decides (layout, a participant's devices, its load noise, the weather, the spot feed).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Persistence, RidgeForecaster, SeasonalNaive, type Forecaster } from '../../community/forecast.js';
import { communityPv, participantSeries, STEP_S, STEPS_PER_DAY, toIntervals } from '../../community/history.js';
import type { BatterySpec, EvSpec } from '../../community/devices.js';
import { isBundledFeeder, loadPreparedFeeder, type PreparedFeeder } from '../../grid/index.js';
import { deriveKeyPair, type KeyPair } from '../../contracts/identity.js';
import { createRng } from '../../sim/rng.js';
import { InputError, collectInputErrors } from '../../util/errors.js';
import { busIndex } from '../../grid/topology.js';
import { intervalCount, participantIds, type CommunityParams } from './schema.js';

export interface WorldParticipant {
  id: string;
  kind: 'household' | 'commercial' | 'fleet';
  bus: number;
  pv_kwp: number;
  battery: BatterySpec | null;
  ev: (EvSpec & { v2gFromHour: number; v2gToHour: number; wear_mu_per_kwh: number; count: number }) | null;
  maxExport_kw: number;
  maxImport_kw: number;
  thetaBuy: number;
  thetaSell: number;
  wallet_mu: number;
  posted_mu: number;
  topsUp: boolean;
  kycUntil_s: number;
  /** Simulated day(s): powers per 5-min step; history + day: energies per interval. */
  load_kw: Float64Array;
  pv_kw: Float64Array;
  loadSeries: Float64Array;
  pvSeries: Float64Array;
  forecast: { load: { model: Forecaster; persistence: Forecaster; seasonal: Forecaster }; pv: { model: Forecaster; persistence: Forecaster; seasonal: Forecaster } };
}

export interface World {
  prep: PreparedFeeder;
  participants: WorldParticipant[];
  intervals: number;
  perDay: number;
  dayOffset: number;
  /** Forecast horizon at gate closure, intervals. */
  h: number;
  t0_s: number;
  retail: number[];
  spotRaw: number[];
  gridIntensity: number[];
  /** Ed25519 identities (derived from the seed) of the participants and of the aggregator. */
  keys: Map<string, KeyPair>;
  aggregatorKey: KeyPair;
}

const feederFile = (c: CommunityParams, scenarioFile: string) => (isAbsolute(c.feeder) ? c.feeder : resolve(dirname(resolve(scenarioFile)), c.feeder));

/** A feeder that is neither bundled nor an existing file (checked when the scenario is loaded). */
export function feederProblem(c: CommunityParams, scenarioFile: string): InputError[] {
  if (isBundledFeeder(c.feeder) || existsSync(feederFile(c, scenarioFile))) return [];
  return [new InputError(scenarioFile, 'community.feeder', 'a bundled feeder (case33bw, case69, mv40) or an existing .json or .m file', JSON.stringify(c.feeder))];
}

/** Every check the run makes on the feeder before it simulates: the feeder loads, the fleet depot bus is a load bus on it. */
export function feederChecks(c: CommunityParams, scenarioFile: string): InputError[] {
  const problems = feederProblem(c, scenarioFile);
  if (problems.length > 0) return problems;
  return collectInputErrors([() => void fleetBus(c, feederOf(c, scenarioFile), scenarioFile)]);
}

/** The fleet depot's bus id: the scenario's, checked against the feeder (not its slack bus), else the last load bus. */
function fleetBus(c: CommunityParams, prep: PreparedFeeder, scenarioFile: string): number | undefined {
  const f = c.participants.fleet;
  if (!f) return undefined;
  const buses = prep.busIds.filter((b) => b !== prep.feeder.slackBus);
  if (f.bus === null) return buses[buses.length - 1];
  busIndex(prep, f.bus, scenarioFile, 'community.participants.fleet.bus');
  if (f.bus === prep.feeder.slackBus) throw new InputError(scenarioFile, 'community.participants.fleet.bus', `a load bus of ${c.feeder}, not its slack bus ${prep.feeder.slackBus}`, String(f.bus));
  return f.bus;
}

function feederOf(c: CommunityParams, scenarioFile: string): PreparedFeeder {
  if (isBundledFeeder(c.feeder)) return loadPreparedFeeder(c.feeder);
  const [problem] = feederProblem(c, scenarioFile);
  if (problem) throw problem;
  return loadPreparedFeeder(feederFile(c, scenarioFile));
}

const uni = (rng: { uniform(a: number, b: number): number }, r: readonly [number, number]) => rng.uniform(r[0], r[1]);

export function buildWorld(c: CommunityParams, seed: number, scenarioFile: string): World {
  const prep = feederOf(c, scenarioFile);
  const I = c.time.interval_s;
  const perDay = Math.round(86400 / I);
  const intervals = intervalCount(c);
  const simDays = Math.ceil(intervals / perDay);
  const days = c.time.historyDays + simDays;
  const dayOffset = c.time.historyDays * perDay;
  const h = 1 + Math.ceil((c.market.gateLead_s + c.market.orderLead_s) / I);
  const t0_s = I * Math.ceil((c.market.gateLead_s + c.market.orderLead_s + 120) / I);
  const firstWeekday = (((c.time.firstWeekday - c.time.historyDays) % 7) + 7) % 7;
  const { pv: pvNorm, clearSky } = communityPv(seed, c.weather, days);
  const csIntervals = toIntervals(clearSky, I);
  const buses = prep.busIds.filter((b) => b !== prep.feeder.slackBus);
  const layout = createRng(seed, 'community:layout');
  const shortfall = new Map(c.faults.collateralShortfall.map((x) => [x.participant, x]));
  const kyc = new Map(c.faults.kycExpiry.map((x) => [x.participant, x.atHour]));
  const P = c.participants;
  const participants: WorldParticipant[] = participantIds(c).map((id) => {
    const kind = id === 'fleet' ? 'fleet' : id.startsWith('h') ? 'household' : 'commercial';
    const rng = createRng(seed, `community:participant:${id}`);
    let bus: number;
    if (kind === 'fleet') bus = fleetBus(c, prep, scenarioFile)!;
    else bus = buses[layout.int(buses.length)];
    let pv = 0, battery: BatterySpec | null = null, ev: WorldParticipant['ev'] = null, loadPeak: number, maxExport = 0, maxImport: number, wallet: number, posted: number;
    if (kind === 'household') {
      const hh = P.households;
      loadPeak = uni(rng, hh.loadPeak_kw);
      if (rng.bernoulli(hh.pvShare)) pv = uni(rng, hh.pv_kwp);
      if (rng.bernoulli(hh.batteryShare)) battery = { ...hh.battery };
      if (rng.bernoulli(hh.evShare)) {
        const { registeredShare, ...e } = hh.ev;
        ev = { ...e, count: 1 };
        if (rng.bernoulli(registeredShare)) maxExport += e.power_kw;
      }
      maxExport += pv;
      maxImport = hh.maxImport_kw;
      wallet = hh.wallet_mu;
      posted = hh.posted_mu;
    } else if (kind === 'commercial') {
      const cc = P.commercial;
      loadPeak = uni(rng, cc.loadPeak_kw);
      pv = uni(rng, cc.pv_kwp);
      if (rng.bernoulli(cc.batteryShare)) battery = { ...cc.battery };
      maxExport = pv;
      maxImport = cc.maxImport_kw;
      wallet = cc.wallet_mu;
      posted = cc.posted_mu;
    } else {
      const f = P.fleet!;
      loadPeak = 5;
      const n = f.vehicles;
      ev = {
        capacity_kwh: f.capacity_kwh * n, power_kw: f.power_kw * n, roundTripEfficiency: f.roundTripEfficiency, socMin: 0.05, socMax: 0.95,
        arriveHour: f.arriveHour, departHour: f.departHour, arriveSoc: f.arriveSoc, departSoc: f.departSoc, reserveSoc: f.reserveSoc,
        v2gFromHour: f.v2gFromHour, v2gToHour: f.v2gToHour, wear_mu_per_kwh: f.wear_mu_per_kwh, count: n,
      };
      maxExport = f.registeredExport_kw ?? f.power_kw * n;
      maxImport = f.power_kw * n + 20;
      wallet = f.wallet_mu;
      posted = f.posted_mu;
    }
    const s = participantSeries(seed, { id, loadType: kind === 'household' ? 'residential' : 'commercial', loadPeak_kw: loadPeak, loadNoiseSd: P.loadNoiseSd, loadNoiseTau_s: 1800, dayLevelSd: P.dayLevelSd, pv_kwp: pv }, pvNorm, days, firstWeekday);
    const loadSeries = toIntervals(s.load_kw, I);
    const pvSeries = toIntervals(s.pv_kw, I);
    const mk = (exog: boolean) => {
      const model = c.forecast.model === 'persistence' ? new Persistence(h) : c.forecast.model === 'seasonal-naive' ? new SeasonalNaive(perDay, h) : new RidgeForecaster({ h, perDay, lambda: c.forecast.lambda, firstWeekday, ...(exog ? { exog: [csIntervals], clearSkyIndex: true } : {}) });
      return { model, persistence: new Persistence(h), seasonal: new SeasonalNaive(perDay, h) };
    };
    const fl = mk(false), fp = mk(true);
    fl.model.fit(loadSeries, dayOffset);
    fp.model.fit(pvSeries, dayOffset);
    const sf = shortfall.get(id);
    const start = c.time.historyDays * STEPS_PER_DAY;
    const end = start + Math.ceil((intervals * I) / STEP_S);
    const at = kyc.get(id);
    return {
      id, kind, bus, pv_kwp: pv, battery, ev, maxExport_kw: maxExport, maxImport_kw: maxImport,
      thetaBuy: uni(rng, c.market.thetaBuy), thetaSell: uni(rng, c.market.thetaSell),
      wallet_mu: sf ? sf.wallet_mu : wallet, posted_mu: sf ? sf.posted_mu : posted, topsUp: sf ? sf.topsUp : true,
      kycUntil_s: at === undefined ? Number.MAX_SAFE_INTEGER : t0_s + at * 3600,
      load_kw: s.load_kw.slice(start, end), pv_kw: s.pv_kw.slice(start, end), loadSeries, pvSeries, forecast: { load: fl, pv: fp },
    };
  });
  const hourOf = (k: number) => ((k % perDay) * I) / 3600;
  const retail = Array.from({ length: intervals }, (_, k) => {
    const hr = hourOf(k);
    let p = c.tariffs.retail[0].price_mu_per_kwh;
    for (const x of c.tariffs.retail) if (hr >= x.fromHour) p = x.price_mu_per_kwh;
    return p;
  });
  const csDay = Array.from({ length: intervals }, (_, k) => csIntervals[dayOffset + k] ?? 0);
  const csMax = Math.max(1e-9, ...csDay);
  const bump = (hr: number) => Math.exp(-0.5 * ((hr - 19.5) / 1.8) ** 2);
  const sp = c.tariffs.spot;
  const spotRng = createRng(seed, 'community:spot');
  let z = 0;
  const spikes = new Map(c.faults.priceSpikes.map((x) => [x.interval, x.factor]));
  const spotRaw = Array.from({ length: intervals }, (_, k) => {
    z = 0.8 * z + 0.6 * spotRng.normal();
    const v = sp.base_mu_per_kwh + sp.eveningPeak_mu_per_kwh * bump(hourOf(k)) - sp.solarDip_mu_per_kwh * (csDay[k] / csMax) + sp.noiseSd_mu_per_kwh * z;
    return v * (spikes.get(k) ?? 1);
  });
  const cb = c.carbon;
  const gridIntensity = cb.gridIntensity_kg_per_mwh
    ? cb.gridIntensity_kg_per_mwh.slice(0, intervals)
    : Array.from({ length: intervals }, (_, k) => cb.gridMean_kg_per_mwh * (1 - cb.solarDipShare * (csDay[k] / csMax) + 0.15 * bump(hourOf(k))));
  const keys = new Map(participants.map((p) => [p.id, deriveKeyPair(seed, p.id)]));
  return { prep, participants, intervals, perDay, dayOffset, h, t0_s, retail, spotRaw, gridIntensity, keys, aggregatorKey: deriveKeyPair(seed, 'aggregator') };
}
