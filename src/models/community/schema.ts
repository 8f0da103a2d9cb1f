// Scenario schema of the `community` model (docs/community.md explains every field and its default).
import { z } from 'zod';
import { MECHANISMS } from '../../community/types.js';
import { poaObject, checkPoa } from '../../ledger/params.js';
import { scenarioBase } from '../../scenarios/model.js';

const nonNeg = z.number().min(0);
const pos = z.number().positive();
const share = z.number().min(0).max(1);
const hour = z.number().min(0).max(24);
const range = (lo: number, hi: number) => z.tuple([z.number().min(lo).max(hi), z.number().min(lo).max(hi)]);
const d = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict().prefault({} as never);

const battery = d({
  capacity_kwh: pos.default(10),
  power_kw: pos.default(5),
  roundTripEfficiency: z.number().gt(0).max(1).default(0.9),
  socMin: share.default(0.1),
  socMax: share.default(0.95),
});

const ev = d({
  capacity_kwh: pos.default(60),
  power_kw: pos.default(7.4),
  roundTripEfficiency: z.number().gt(0).max(1).default(0.88),
  socMin: share.default(0.1),
  socMax: share.default(0.95),
  arriveHour: hour.default(18),
  departHour: hour.default(7.5),
  arriveSoc: share.default(0.6),
  departSoc: share.default(0.85),
  reserveSoc: share.default(0.35).describe('V2G never leaves the battery below this'),
  v2gFromHour: hour.default(17).describe('V2G is offered from this hour ...'),
  v2gToHour: hour.default(22).describe('... to this hour'),
  wear_mu_per_kwh: nonNeg.default(0.03).describe('battery wear a V2G sale must cover on top of the charging cost'),
  registeredShare: share.default(0.8).describe('share of V2G owners who registered the V2G export with the operator (others are rejected at the device limit)'),
});

const households = d({
  count: z.number().int().min(0).max(100000).default(30),
  loadPeak_kw: range(0.1, 1000).default([2, 4]).describe('peak of the load shape, kW (uniform range)'),
  pvShare: share.default(0.7),
  pv_kwp: range(0, 1000).default([3, 7]),
  batteryShare: share.default(0.3),
  battery,
  evShare: share.default(0.25),
  ev,
  maxImport_kw: pos.default(12).describe('registered import limit (connection)'),
  wallet_mu: nonNeg.default(20).describe('cash available for collateral top-ups'),
  posted_mu: nonNeg.default(2).describe('collateral posted in escrow at the start'),
});

const commercial = d({
  count: z.number().int().min(0).max(10000).default(3),
  loadPeak_kw: range(0.1, 10000).default([30, 80]),
  pv_kwp: range(0, 10000).default([20, 60]),
  batteryShare: share.default(0.5),
  battery: battery.default({ capacity_kwh: 60, power_kw: 30, roundTripEfficiency: 0.9, socMin: 0.1, socMax: 0.95 }),
  maxImport_kw: pos.default(150),
  wallet_mu: nonNeg.default(200),
  posted_mu: nonNeg.default(20),
});

const fleet = z
  .object({
    vehicles: z.number().int().min(1).max(100000).default(40),
    bus: z.number().int().nullable().default(null).describe('feeder bus of the depot (null = the last bus)'),
    capacity_kwh: pos.default(60).describe('per vehicle'),
    power_kw: pos.default(11).describe('per vehicle'),
    roundTripEfficiency: z.number().gt(0).max(1).default(0.88),
    arriveHour: hour.default(17),
    departHour: hour.default(7),
    arriveSoc: share.default(0.7),
    departSoc: share.default(0.9),
    reserveSoc: share.default(0.3),
    v2gFromHour: hour.default(17),
    v2gToHour: hour.default(21),
    wear_mu_per_kwh: nonNeg.default(0.03),
    registeredExport_kw: nonNeg.nullable().default(null).describe('registered V2G export limit of the depot, kW (null = the chargers\' power)'),
    wallet_mu: nonNeg.default(500),
    posted_mu: nonNeg.default(50),
  })
  .strict()
  .nullable()
  .default(null);

const window = z.object({ participant: z.string().min(1), fromInterval: z.number().int().min(0), toInterval: z.number().int().min(0) }).strict();

const faults = d({
  meterBlackouts: z.array(window).default([]).describe('a participant\'s meter sends nothing in [fromInterval, toInterval]'),
  aggregatorBlackouts: z.array(z.object({ fromInterval: z.number().int().min(0), toInterval: z.number().int().min(0) }).strict()).default([]),
  oracleDisagreement: z.array(window.extend({ bias: z.number().min(-0.9).max(10).default(0.05) })).default([]).describe('the DSO meter of a participant reads off by `bias` (relative)'),
  cheaters: z.array(z.object({ participant: z.string().min(1), interval: z.number().int().min(0), kind: z.enum(['stale', 'forged']).default('stale'), staleBy: z.number().int().min(1).default(4) }).strict()).default([]),
  lostChannelState: z.array(z.object({ participant: z.string().min(1), fromInterval: z.number().int().min(0) }).strict()).default([]).describe('the aggregator loses this channel\'s state (a dispute then finds no valid state)'),
  collateralShortfall: z.array(z.object({ participant: z.string().min(1), posted_mu: nonNeg.default(0.05), wallet_mu: nonNeg.default(0), topsUp: z.boolean().default(false) }).strict()).default([]),
  priceSpikes: z.array(z.object({ interval: z.number().int().min(0), factor: z.number().min(0).default(5) }).strict()).default([]),
  kycExpiry: z.array(z.object({ participant: z.string().min(1), atHour: nonNeg }).strict()).default([]),
});

export const communitySection = z
  .object({
    feeder: z.string().min(1).default('case33bw').describe('bundled feeder name or a .json/.m file'),
    backgroundLoadScale: nonNeg.default(0.3).describe('the feeder\'s own nominal loads x this (consumers outside the community)'),
    time: d({
      interval_s: z.number().int().min(300).max(3600).default(900).describe('settlement interval, s (5-60 min; a multiple of 300)'),
      meterStep_s: z.number().int().min(60).max(300).default(300).describe('metering step, s (1-5 min; divides 300)'),
      intervals: z.number().int().min(1).max(2016).nullable().default(null).describe('intervals simulated (null = one day)'),
      historyDays: z.number().int().min(2).max(60).default(14).describe('synthetic history the forecasters are fitted on'),
      firstWeekday: z.number().int().min(0).max(6).default(2).describe('weekday of the simulated day (0 = Monday)'),
    }),
    weather: d({
      latitudeDeg: z.number().min(-90).max(90).default(37.98),
      longitudeDeg: z.number().min(-180).max(180).default(23.73),
      dayOfYear: z.number().int().min(1).max(365).default(172),
      utcOffsetH: z.number().min(-12).max(14).default(3),
      cloudiness: share.default(0.3),
    }),
    participants: d({ households, commercial, fleet, loadNoiseSd: nonNeg.default(0.15), dayLevelSd: nonNeg.default(0.08) }),
    market: d({
      mechanism: z.enum(MECHANISMS as [string, ...string[]]).default('uniform'),
      gateLead_s: nonNeg.default(300).describe('orders for interval k close this long before k starts'),
      orderLead_s: pos.default(300).describe('participants submit within this window before the gate'),
      k: share.default(0.5).describe('k of the uniform k-double auction'),
      priceCap_mu_per_kwh: pos.nullable().default(null).describe('operator price cap (orders above are adjusted and flagged)'),
      feeShare: share.default(0.02).describe('operator fee per P2P kWh as a share of the spot price, paid by the buyer'),
      minOrder_kwh: nonNeg.default(0.01),
      thetaBuy: range(0, 1).default([0.4, 0.95]).describe('bid = feed-in + theta x (retail - fee - feed-in), theta per participant'),
      thetaSell: range(0, 1).default([0.05, 0.6]),
    }),
    tariffs: d({
      retail: z.array(z.object({ fromHour: hour, price_mu_per_kwh: nonNeg }).strict()).min(1).default([
        { fromHour: 0, price_mu_per_kwh: 0.12 }, { fromHour: 7, price_mu_per_kwh: 0.2 }, { fromHour: 17, price_mu_per_kwh: 0.3 }, { fromHour: 22, price_mu_per_kwh: 0.12 },
      ]).describe('time-of-use retail tariff, m.u./kWh'),
      feedIn_mu_per_kwh: nonNeg.default(0.05),
      spot: d({
        base_mu_per_kwh: nonNeg.default(0.1),
        eveningPeak_mu_per_kwh: z.number().default(0.05),
        solarDip_mu_per_kwh: z.number().default(0.03),
        noiseSd_mu_per_kwh: nonNeg.default(0.003),
      }),
    }),
    carbon: d({
      gridIntensity_kg_per_mwh: z.array(nonNeg).nullable().default(null).describe('grid carbon intensity per interval (null = a diurnal curve from the mean below)'),
      gridMean_kg_per_mwh: nonNeg.default(350),
      solarDipShare: share.default(0.4),
      pvIntensity_kg_per_mwh: nonNeg.default(0),
    }),
    collateral: d({
      base: share.default(0.15).describe('collateral ratio at reputation 0.5 (share of contract value)'),
      min: share.default(0.1),
      max: share.default(0.2),
      reputationSlope: nonNeg.default(0.1),
      marginCall: pos.default(1.5),
      marginDeadline_s: pos.default(1800),
      liquidationShare: share.default(0.2),
      topUpTarget: pos.default(2),
    }),
    penalties: d({ under: share.default(0.05), over: share.default(0.02), channelPenalty_mu: nonNeg.default(1) }),
    oracle: d({
      tolerance: share.default(0.02).describe('two readings further apart than this dispute the settlement'),
      meterNoiseSd: nonNeg.default(0.002),
      thirdReadingDelay_s: pos.default(600),
      settleDelay_s: pos.default(60).describe('the aggregator posts the batch this long after the interval'),
      challengeWindow_s: pos.default(120),
      derateAfter: z.number().int().min(1).default(2),
      derate: share.default(0.1),
      removeAfter: z.number().int().min(1).default(4),
    }),
    priceFeed: d({ window: z.number().int().min(2).default(8), sigmas: pos.default(2), minSigma: nonNeg.default(0.004), minHistory: z.number().int().min(2).default(4), maxConsecutive: z.number().int().min(1).default(2).describe('after this many replacements in a row the next value is accepted (level shift)') }),
    reputation: d({ initial: share.default(0.5), alpha: share.default(0.1), accuracyWeight: share.default(0.5) }),
    forecast: d({ model: z.enum(['ridge', 'persistence', 'seasonal-naive']).default('ridge'), lambda: nonNeg.default(0.001) }),
    ledger: poaObject.prefault({ blockPeriod_s: 4, blockBase_s: 0.2 } as never).describe('the community PoA ledger (docs/ledger.md); default: 4 validators, a block every 4 s'),
    faults,
    outputs: d({ voltagesCsv: z.boolean().default(false), baseline: z.boolean().default(true).describe('also run the grid-only counterfactual (savings, import/export, losses against grid-only)') }),
  })
  .strict();

export type CommunityParams = z.infer<typeof communitySection>;

export const communitySchema = z
  .object({ ...scenarioBase('community'), community: communitySection })
  .strict()
  .superRefine((sc, ctx) => {
    checkPoa(sc.community.ledger, ctx, ['community', 'ledger']);
    for (const p of consistencyProblems(sc.community)) ctx.addIssue({ code: 'custom', path: ['community', ...p.path], message: p.expected });
  });

export type CommunityScenario = z.infer<typeof communitySchema>;

/** Participant ids of a community: h1.., c1.., fleet. */
export function participantIds(c: CommunityParams): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= c.participants.households.count; i++) ids.push(`h${i}`);
  for (let i = 1; i <= c.participants.commercial.count; i++) ids.push(`c${i}`);
  if (c.participants.fleet) ids.push('fleet');
  return ids;
}

export function intervalCount(c: CommunityParams): number {
  return c.time.intervals ?? Math.round(86400 / c.time.interval_s);
}

/** Cross-field checks: time grid, known participants, windows inside the horizon, ordered ranges. */
export function consistencyProblems(c: CommunityParams): { path: (string | number)[]; expected: string }[] {
  const out: { path: (string | number)[]; expected: string }[] = [];
  if (c.time.interval_s % 300 !== 0) out.push({ path: ['time', 'interval_s'], expected: 'a multiple of 300 s' });
  if (300 % c.time.meterStep_s !== 0) out.push({ path: ['time', 'meterStep_s'], expected: 'a divisor of 300 s (60, 75, 100, 150 or 300)' });
  const n = intervalCount(c);
  if ((n * c.time.interval_s) / 86400 > 7) out.push({ path: ['time', 'intervals'], expected: 'at most a week of intervals' });
  const ids = new Set(participantIds(c));
  if (ids.size < 2) out.push({ path: ['participants'], expected: 'at least two participants' });
  const known = (p: string) => ids.has(p);
  const inH = `an interval inside the horizon (0..${n - 1})`;
  const f = c.faults;
  const checkWin = (list: { participant?: string; fromInterval: number; toInterval: number }[], key: string) =>
    list.forEach((w, i) => {
      if (w.participant !== undefined && !known(w.participant)) out.push({ path: ['faults', key, i, 'participant'], expected: 'a participant id (h1.., c1.., fleet)' });
      if (w.fromInterval >= n) out.push({ path: ['faults', key, i, 'fromInterval'], expected: inH });
      if (w.toInterval < w.fromInterval) out.push({ path: ['faults', key, i, 'toInterval'], expected: 'an interval not before fromInterval' });
    });
  checkWin(f.meterBlackouts, 'meterBlackouts');
  checkWin(f.aggregatorBlackouts, 'aggregatorBlackouts');
  checkWin(f.oracleDisagreement, 'oracleDisagreement');
  for (const key of ['cheaters', 'lostChannelState', 'collateralShortfall', 'kycExpiry'] as const) {
    (f[key] as { participant: string }[]).forEach((x, i) => {
      if (!known(x.participant)) out.push({ path: ['faults', key, i, 'participant'], expected: 'a participant id (h1.., c1.., fleet)' });
    });
  }
  // one entry per participant where the run keeps one setting per participant (a later one would silently win)
  for (const key of ['collateralShortfall', 'kycExpiry'] as const) {
    const seen = new Map<string, number>();
    (f[key] as { participant: string }[]).forEach((x, i) => {
      const j = seen.get(x.participant);
      if (j !== undefined) out.push({ path: ['faults', key, i, 'participant'], expected: `a participant not listed before (faults.${key}[${j}] already sets ${x.participant})` });
      else seen.set(x.participant, i);
    });
  }
  f.cheaters.forEach((x, i) => {
    if (x.interval >= n) out.push({ path: ['faults', 'cheaters', i, 'interval'], expected: inH });
  });
  f.priceSpikes.forEach((x, i) => {
    if (x.interval >= n) out.push({ path: ['faults', 'priceSpikes', i, 'interval'], expected: inH });
  });
  for (const [path, r] of [[['participants', 'households', 'loadPeak_kw'], c.participants.households.loadPeak_kw], [['participants', 'households', 'pv_kwp'], c.participants.households.pv_kwp], [['participants', 'commercial', 'loadPeak_kw'], c.participants.commercial.loadPeak_kw], [['participants', 'commercial', 'pv_kwp'], c.participants.commercial.pv_kwp], [['market', 'thetaBuy'], c.market.thetaBuy], [['market', 'thetaSell'], c.market.thetaSell]] as const) {
    if (r[0] > r[1]) out.push({ path: [...path], expected: 'a range [low, high] with low <= high' });
  }
  const col = c.collateral;
  if (col.min > col.max) out.push({ path: ['collateral', 'min'], expected: 'min <= max' });
  if (col.topUpTarget < col.marginCall) out.push({ path: ['collateral', 'topUpTarget'], expected: `a top-up target >= marginCall (${col.marginCall})` });
  if (c.oracle.removeAfter < c.oracle.derateAfter) out.push({ path: ['oracle', 'removeAfter'], expected: `removeAfter >= derateAfter (${c.oracle.derateAfter})` });
  if (c.carbon.gridIntensity_kg_per_mwh !== null && c.carbon.gridIntensity_kg_per_mwh.length < n) out.push({ path: ['carbon', 'gridIntensity_kg_per_mwh'], expected: `one value per interval (${n})` });
  const t = c.tariffs.retail;
  t.forEach((x, i) => {
    if (i > 0 && x.fromHour <= t[i - 1].fromHour) out.push({ path: ['tariffs', 'retail', i, 'fromHour'], expected: 'hours in increasing order' });
  });
  if (t[0].fromHour !== 0) out.push({ path: ['tariffs', 'retail', 0, 'fromHour'], expected: '0 (the first tariff period starts at midnight)' });
  if (c.market.gateLead_s + c.market.orderLead_s > 6 * c.time.interval_s) out.push({ path: ['market', 'orderLead_s'], expected: 'gate lead + order lead within six intervals' });
  return out;
}
