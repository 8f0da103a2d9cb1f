// Runs one community day: the market operator, the aggregator, the price feed, the DSO, the shared
// DF agent (exact power flow every metering step) and one agent per participant, with every
// contract event on the PoA ledger. Returns the records; KPIs are computed from them afterwards.
import { AggregatorAgent } from '../../agents/community/aggregator.js';
import { DsoAgent } from '../../agents/community/dso.js';
import { MarketAgent } from '../../agents/community/market.js';
import { ParticipantAgent } from '../../agents/community/participant.js';
import { PriceFeedAgent } from '../../agents/community/price-feed.js';
import { DfAgent } from '../../agents/df.js';
import { buildFeederDay } from '../../grid/feeder-day.js';
import { busIndex } from '../../grid/topology.js';
import { Settlement } from '../../community/contract-settle.js';
import { CommunityContract, AGGREGATOR } from '../../community/contract.js';
import type { ContractParams, ContractParticipant } from '../../community/contract-types.js';
import { EventLedger, type EventRecord } from '../../community/event-ledger.js';
import { STEP_S } from '../../community/history.js';
import type { Mechanism } from '../../community/types.js';
import { resolvePoa } from '../../ledger/params.js';
import type { Row } from '../../sim/recorder.js';
import { Simulation } from '../../sim/simulation.js';
import type { CommunityParams } from './schema.js';
import type { World } from './world.js';

export interface CommunityRun {
  records: EventRecord[];
  ledgerLines: string[];
  tables: Record<string, Row[]>;
  contract: CommunityContract;
  unsettled: number[];
  simEvents: number;
  end_s: number;
  /** The kernel's message trace (every message and timer) when asked for. */
  trace?: unknown[];
}

/** What the grid-only counterfactual contributes to a run's records (BaselineBill / BaselineGrid events). */
export interface Baseline {
  bills: { participant: string; cost_mu: number; import_kwh: number; export_kwh: number }[];
  grid: Record<string, unknown>[];
}

export function runCommunity(c: CommunityParams, w: World, seed: number, mechanism: Mechanism, baseline?: Baseline, recordOnly = false, trace = false): CommunityRun {
  const I = c.time.interval_s;
  const n = w.intervals;
  const o = c.oracle;
  const dayEnd = w.t0_s + n * I;
  const end_s = dayEnd + 2 * I + o.settleDelay_s + o.challengeWindow_s + o.thirdReadingDelay_s + 60;
  const ledger = new EventLedger(resolvePoa(c.ledger as never), seed, end_s + 3600, recordOnly);
  const keys = w.keys;
  const agg = w.aggregatorKey;
  const params: ContractParams = {
    mechanism, interval_s: I, intervals: n, t0_s: w.t0_s, gateLead_s: c.market.gateLead_s, k: c.market.k, priceCap_mu_per_kwh: c.market.priceCap_mu_per_kwh,
    feeShare: c.market.feeShare, retail_mu_per_kwh: w.retail, feedIn_mu_per_kwh: c.tariffs.feedIn_mu_per_kwh, collateral: c.collateral, penalties: c.penalties,
    channelPenalty_mu: c.penalties.channelPenalty_mu, oracle: o, priceFeed: c.priceFeed, reputation: c.reputation,
    gridIntensity_kg_per_mwh: w.gridIntensity, pvIntensity_kg_per_mwh: c.carbon.pvIntensity_kg_per_mwh,
  };
  const parts: ContractParticipant[] = w.participants.map((p) => ({
    id: p.id, kycFrom_s: 0, kycUntil_s: p.kycUntil_s, revoked: false, maxExport_kw: p.maxExport_kw, maxImport_kw: p.maxImport_kw,
    bus: p.bus, kind: p.kind, wallet_mu: p.wallet_mu, posted_mu: p.posted_mu, topsUp: p.topsUp,
  }));
  const contract = new CommunityContract(params, ledger, parts);
  contract.escrow.acct(AGGREGATOR).posted_mu = 100;
  ledger.emit({ t: 0, type: 'CommunityOpened', signer: 'market', mechanism, feeder: w.prep.feeder.name, interval_s: I, intervals: n, t0_s: w.t0_s, participants: parts.map((p) => ({ id: p.id, kind: p.kind, bus: p.bus, maxExport_kw: p.maxExport_kw, maxImport_kw: p.maxImport_kw, kycUntil_s: p.kycUntil_s === Number.MAX_SAFE_INTEGER ? null : p.kycUntil_s })) });
  const settlement = new Settlement(contract, { participant: (id) => keys.get(id)!.publicKey, aggregator: agg.publicKey });
  const sim = new Simulation({ seed, trace });
  sim.add(new MarketAgent('market', { contract, settlement, aggregator: 'aggregator', meterStep_s: c.time.meterStep_s, thirdReadingDelay_s: o.thirdReadingDelay_s, challengeWindow_s: o.challengeWindow_s, end_s: dayEnd + 2 * I }));
  const f = c.faults;
  const inWin = (list: { participant?: string; fromInterval: number; toInterval: number }[], id: string | null, k: number) => list.some((x) => (id === null || x.participant === id) && k >= x.fromInterval && k <= x.toInterval);
  const aggBlack = new Set<number>();
  for (let k = 0; k < n; k++) if (inWin(f.aggregatorBlackouts, null, k)) aggBlack.add(k);
  sim.add(
    new AggregatorAgent('aggregator', {
      market: 'market', ledger, participants: w.participants.map((p) => p.id), t0_s: w.t0_s, interval_s: I, intervals: n, settleDelay_s: o.settleDelay_s, meterNoiseSd: o.meterNoiseSd,
      bias: (id, k) => f.oracleDisagreement.find((x) => x.participant === id && k >= x.fromInterval && k <= x.toInterval)?.bias ?? 0,
      blackout: aggBlack, lostState: new Map(f.lostChannelState.map((x) => [x.participant, x.fromInterval])),
      keys: (id) => ({ participant: keys.get(id)!.privateKey, aggregator: agg.privateKey }), end_s: end_s - 10,
    })
  );
  sim.add(new PriceFeedAgent('pricefeed', { market: 'market', raw_mu_per_kwh: w.spotRaw, publishAt: (k) => contract.gateTime(k) - 60 }));
  const steps = Math.round((n * I) / c.time.meterStep_s);
  // the shared DF agent measures the exact power flow of every metering step (no curtailment: the
  // community case records voltages and losses; control stays with the DSO's own tools)
  const grid = buildFeederDay({
    name: w.prep.feeder.name, prep: w.prep, slackVmPu: w.prep.feeder.slackVmPu, vMinPu: w.prep.feeder.vMinPu, vMaxPu: w.prep.feeder.vMaxPu,
    loadScale: new Float64Array(steps).fill(c.backgroundLoadScale), res: [],
    cevs: w.participants.map((_, i) => i), cevBus: w.participants.map((p) => busIndex(w.prep, p.bus, 'community', 'participants')),
  });
  const df = sim.add(new DfAgent('df', grid, { nCev: w.participants.length, control: false, cevRefs: w.participants.map((p) => p.id), toCevS: 0.02 }));
  const baseKw = grid.base.map((b) => b.pKw.reduce((a, x) => a + x, 0));
  sim.add(new DsoAgent('dso', { ledger, df, baseKw, t0_s: w.t0_s, interval_s: I, meterStep_s: c.time.meterStep_s, intervals: n }));
  const cheats = new Map(f.cheaters.map((x) => [x.participant, x]));
  for (const p of w.participants) {
    const blackout = new Set<number>();
    for (let k = 0; k < n; k++) if (inWin(f.meterBlackouts, p.id, k)) blackout.add(k);
    const ch = cheats.get(p.id);
    const fleetOrEv = p.ev;
    sim.add(
      new ParticipantAgent(p.id, {
        kind: p.kind, dfIndex: w.participants.indexOf(p), market: 'market', trades: mechanism !== 'grid-only', aggregator: 'aggregator', df: 'df', t0_s: w.t0_s, interval_s: I, meterStep_s: c.time.meterStep_s, intervals: n,
        gateLead_s: c.market.gateLead_s, orderLead_s: c.market.orderLead_s, load_kw: p.load_kw, pv_kw: p.pv_kw, profileStep_s: STEP_S,
        loadSeries: p.loadSeries, pvSeries: p.pvSeries, dayOffset: w.dayOffset, forecast: p.forecast, battery: p.battery, ev: p.ev,
        thetaBuy: p.thetaBuy, thetaSell: p.thetaSell,
        v2gFloor_mu_per_kwh: fleetOrEv ? Math.min(...w.retail) / fleetOrEv.roundTripEfficiency + fleetOrEv.wear_mu_per_kwh : 0,
        retail_mu_per_kwh: w.retail, feedIn_mu_per_kwh: c.tariffs.feedIn_mu_per_kwh, feeShare: c.market.feeShare, minOrder_kwh: c.market.minOrder_kwh,
        blackout, meterNoiseSd: o.meterNoiseSd, topsUp: p.topsUp,
        cheat: ch ? { interval: ch.interval, kind: ch.kind, staleBy: ch.staleBy, at_s: w.t0_s + (ch.interval + 1) * I + o.settleDelay_s + 20 } : null,
        keys: { participant: keys.get(p.id)!.privateKey, aggregator: agg.privateKey },
        gridIntensity_kg_per_mwh: w.gridIntensity, pvIntensity_kg_per_mwh: c.carbon.pvIntensity_kg_per_mwh, startHour: 0, end_s: dayEnd + 1,
      })
    );
  }
  sim.run(end_s);
  sim.finish();
  // the DSO attests the grid-only counterfactual of the same community (same seed, same physics)
  const tEnd = Math.max(sim.now, end_s);
  for (const b of baseline?.bills ?? []) ledger.emit({ t: tEnd, type: 'BaselineBill', signer: 'dso', participant: b.participant, cost_mu: b.cost_mu, import_kwh: b.import_kwh, export_kwh: b.export_kwh });
  for (const g of baseline?.grid ?? []) ledger.emit({ ...g, t: tEnd, type: 'BaselineGrid', signer: 'dso' });
  ledger.drain();
  const { records, lines } = ledger.export();
  const tables: Record<string, Row[]> = {};
  for (const [name, rows] of sim.recorder.tables) tables[name] = rows;
  const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
  const rec = df.rec;
  tables.grid = Array.from({ length: steps }, (_, j) => ({
    t_s: w.t0_s + j * c.time.meterStep_s, step: j, community_kw: r6(rec.evKw[j]), base_kw: r6(baseKw[j]), loss_kw: r6(rec.lossKw[j]), import_kw: r6(baseKw[j] + rec.evKw[j] + rec.lossKw[j]),
    vmin_pu: r6(rec.vMinPu[j]), vmax_pu: r6(rec.vMaxPu[j]), violating_buses: rec.violatingBuses[j],
  }));
  if (c.outputs.voltagesCsv) {
    tables.voltages = [];
    for (let j = 0; j < steps; j++) rec.busVm[j]?.forEach((v, b) => tables.voltages.push({ t_s: w.t0_s + j * c.time.meterStep_s, step: j, bus: w.prep.busIds[b], v_pu: r6(v) }));
  }
  return { records, ledgerLines: lines, tables, contract, unsettled: settlement.unsettled(), simEvents: sim.eventsProcessed, end_s, ...(sim.trace ? { trace: sim.trace } : {}) };
}
