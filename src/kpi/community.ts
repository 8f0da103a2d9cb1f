// KPIs of the local energy community (community.md), computed only from the records: events.jsonl
// (the contract's ledger events) and ledger.jsonl (block times), so `vpsim kpi DIR` recomputes
// exactly what `vpsim run` wrote. Shares no code with the contract that produced the events.
import { communityCarbonKpis, communityForecastKpis } from './community-parts.js';
import type { Ev } from './records.js';
import { quantile as statsQuantile } from '../util/stats.js';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const ratio = (a: number, b: number) => (b > 0 ? r6(a / b) : null);

interface GridTotals { importPeak_kw: number; exportPeak_kw: number; import_kwh: number; export_kwh: number; loss_kwh: number; violations: number }

/** One metering interval's grid figures added to the day's totals (the traded day and grid-only alike). */
function addGridInterval(acc: GridTotals, e: Ev): void {
  acc.importPeak_kw = Math.max(acc.importPeak_kw, num(e.importMaxKw));
  acc.exportPeak_kw = Math.max(acc.exportPeak_kw, num(e.exportMaxKw));
  acc.import_kwh += num(e.importKwh);
  acc.export_kwh += num(e.exportKwh);
  acc.loss_kwh += num(e.lossKwh);
  acc.violations += num(e.violations);
}

export function isCommunityRun(events: readonly Ev[]): boolean {
  return events.length > 0 && events.slice(0, 50).some((e) => e.type === 'CommunityOpened');
}

/** The q-quantile (R type 7, src/util/stats.ts) rounded to 6 decimals; null for no values. */
function quantile6(xs: number[], q: number): number | null {
  return xs.length === 0 ? null : r6(statsQuantile(xs, q));
}

/**
 * Gini coefficient of savings (mean absolute difference / 2 mean). Savings below zero count as zero
 * (the coefficient is defined for non-negative values); null when nobody saved.
 */
export function gini(values: readonly number[]): number | null {
  const xs = values.map((v) => Math.max(0, v));
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  if (n === 0 || !(mean > 0)) return null;
  const s = [...xs].sort((a, b) => a - b);
  let acc = 0;
  for (let i = 0; i < n; i++) acc += (2 * (i + 1) - n - 1) * s[i];
  return r6(acc / (n * n * mean));
}

/** Block timestamps by height from ledger.jsonl lines. */
function blockTimes(lines: readonly string[] | null): Map<number, number> {
  const m = new Map<number, number>();
  for (const l of lines ?? []) {
    const h = /"height":(\d+)/.exec(l), t = /"timeS":([-0-9.e+]+)/.exec(l);
    if (h && t) m.set(Number(h[1]), Number(t[1]));
  }
  return m;
}

export function computeCommunityKpis(events: readonly Ev[], ledgerLines: readonly string[] | null): Record<string, unknown> {
  const count: Record<string, number> = {};
  const cost = new Map<string, number>();
  const sameEnergy = new Map<string, number>();
  const marketOnly = new Map<string, number>();
  const baseline = new Map<string, number>();
  const perK = new Map<number, { load: number; pv: number; imp: number; exp: number; storIn: number; storOut: number }>();
  let p2p = 0, penUnder = 0, penOver = 0, underKwh = 0, overKwh = 0, comp = 0, scheduled = 0, success = 0, frozen = 0, liquidated = 0, rejectedKwh = 0;
  const rejected: Record<string, number> = {};
  const prices: { p: number; q: number }[] = [];
  let volume = 0, unmatched = 0;
  const grid = { importPeak_kw: 0, exportPeak_kw: 0, import_kwh: 0, export_kwh: 0, loss_kwh: 0, violations: 0, vmin: Infinity, vmax: -Infinity };
  const base = { importPeak_kw: 0, exportPeak_kw: 0, import_kwh: 0, export_kwh: 0, loss_kwh: 0, violations: 0 };
  let hasBaseline = false;
  const bt = blockTimes(ledgerLines);
  const latency: number[] = [];
  let mechanism: unknown = null;
  for (const e of events) {
    count[e.type] = (count[e.type] ?? 0) + 1;
    switch (e.type) {
      case 'CommunityOpened':
        mechanism = e.mechanism;
        break;
      case 'OrderRejected':
        rejected[String(e.reason)] = (rejected[String(e.reason)] ?? 0) + 1;
        break;
      case 'IntervalCleared':
        volume += num(e.volumeKwh);
        unmatched += num(e.unmatchedKwh);
        break;
      case 'TradeMatched':
        prices.push({ p: num(e.priceMuPerKwh), q: num(e.qtyKwh) });
        break;
      case 'Settled': {
        const id = String(e.participant);
        const c = num(e.gridCostMu) - num(e.gridRevenueMu) + num(e.p2pPaidMu) + num(e.feeMu) - num(e.p2pReceivedMu) + num(e.penaltyMu) - num(e.compensationMu);
        cost.set(id, (cost.get(id) ?? 0) + c);
        sameEnergy.set(id, (sameEnergy.get(id) ?? 0) + num(e.importKwh) * num(e.retailMuPerKwh) - num(e.exportKwh) * num(e.feedInMuPerKwh));
        marketOnly.set(id, (marketOnly.get(id) ?? 0) + num(e.penaltyMu) - num(e.compensationMu));
        p2p += num(e.p2pInKwh);
        comp += num(e.compensationMu);
        const k = num(e.interval);
        const a = perK.get(k) ?? { load: 0, pv: 0, imp: 0, exp: 0, storIn: 0, storOut: 0 };
        const stor = num(e.importKwh) - num(e.exportKwh) - num(e.loadKwh) + num(e.pvKwh);
        a.load += num(e.loadKwh);
        a.pv += num(e.pvKwh);
        a.imp += num(e.importKwh);
        a.exp += num(e.exportKwh);
        a.storIn += Math.max(0, stor);
        a.storOut += Math.max(0, -stor);
        perK.set(k, a);
        if (e.side !== null && e.side !== undefined) {
          scheduled++;
          if (e.source === 'meter' || e.source === 'thirdReading' || e.source === 'recovered') success++;
        }
        break;
      }
      case 'PenaltyCharged':
        penUnder += num(e.underMu);
        penOver += num(e.overMu);
        underKwh += num(e.underKwh);
        overKwh += num(e.overKwh);
        break;
      case 'IntervalSettled': {
        const t = bt.get(e.block);
        if (t !== undefined) latency.push(t - num(e.intervalEndS));
        break;
      }
      case 'MeterDispute':
        frozen += num(e.frozenMu);
        break;
      case 'CollateralFrozen':
        frozen += num(e.participantFrozenMu) + num(e.aggregatorFrozenMu);
        break;
      case 'Liquidation':
        liquidated += num(e.amountMu);
        break;
      case 'GridInterval':
        addGridInterval(grid, e);
        grid.vmin = Math.min(grid.vmin, num(e.vminPu));
        grid.vmax = Math.max(grid.vmax, num(e.vmaxPu));
        break;
      case 'BaselineGrid':
        hasBaseline = true;
        addGridInterval(base, e);
        break;
      case 'BaselineBill':
        baseline.set(String(e.participant), num(e.costMu));
        break;
    }
  }
  void rejectedKwh;
  // gsy-e style community self-sufficiency / self-consumption with interval netting inside the community
  let demand = 0, production = 0, selfConsumed = 0;
  for (const a of perK.values()) {
    const d = a.load + a.storIn, g = a.pv + a.storOut;
    const fromGrid = Math.max(0, a.imp - a.exp);
    demand += d;
    production += g;
    selfConsumed += Math.max(0, Math.min(d - fromGrid, g));
  }
  const ids = [...cost.keys()].sort();
  const savingsSame = ids.map((id) => (sameEnergy.get(id) ?? 0) - (cost.get(id) ?? 0));
  const savingsBase = ids.filter((id) => baseline.has(id)).map((id) => baseline.get(id)! - (cost.get(id) ?? 0));
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const stats = (xs: number[]) => ({ total_mu: r6(xs.reduce((a, b) => a + b, 0)), mean_mu: xs.length ? r6(xs.reduce((a, b) => a + b, 0) / xs.length) : null, min_mu: xs.length ? r6(Math.min(...xs)) : null, median_mu: quantile6(sorted(xs), 0.5), max_mu: xs.length ? r6(Math.max(...xs)) : null });
  const communityCost = ids.reduce((a, id) => a + (cost.get(id) ?? 0), 0);
  const vw = prices.reduce((a, x) => a + x.p * x.q, 0) / Math.max(1e-12, prices.reduce((a, x) => a + x.q, 0));
  const ps = sorted(prices.map((x) => x.p));
  const lat = sorted(latency);
  const pct = (a: number, b: number) => (b > 0 ? r6((100 * (a - b)) / b) : null);
  return {
    model: 'community',
    mechanism,
    community: {
      participants: ids.length, demand_kwh: r6(demand), production_kwh: r6(production), selfConsumed_kwh: r6(selfConsumed),
      selfSufficiency: ratio(selfConsumed, demand), selfConsumption: ratio(selfConsumed, production), p2p_kwh: r6(p2p), p2pShareOfDemand: ratio(p2p, demand),
    },
    economics: {
      communityCost_mu: r6(communityCost),
      savingsSameEnergy: stats(savingsSame),
      savingsVsGridOnly: hasBaseline || baseline.size > 0 ? stats(savingsBase) : null,
      giniSavings: gini(baseline.size > 0 ? savingsBase : savingsSame),
      participantsPayingMoreThanGridOnlySameEnergy: savingsSame.filter((x) => x < -1e-9).length,
      // individual rationality of the market itself: the same comparison without delivery penalties and compensation
      marketIrViolations: ids.filter((id, i) => savingsSame[i] + (marketOnly.get(id) ?? 0) < -1e-4).length,
    },
    market: {
      ordersSubmitted: count.OrderSubmitted ?? 0, ordersLate: count.OrderLate ?? 0, ordersRejected: rejected, ordersCapped: count.OrderCapped ?? 0,
      trades: count.TradeMatched ?? 0, traded_kwh: r6(volume), unmatched_kwh: r6(unmatched),
      clearingPrice_mu_per_kwh: prices.length ? { volumeWeighted: r6(vw), min: ps[0], median: quantile6(ps, 0.5), max: ps[ps.length - 1] } : null,
      priceFeedReplaced: count.PriceReplaced ?? 0,
    },
    settlement: {
      scheduledPartyIntervals: scheduled, successRate: ratio(success, scheduled), unsettledIntervals: Math.max(0, (count.IntervalCleared ?? 0) - (count.IntervalSettled ?? 0)),
      penaltyUnder_mu: r6(penUnder), penaltyOver_mu: r6(penOver), underDelivered_kwh: r6(underKwh), overDelivered_kwh: r6(overKwh),
      meterDisputes: count.MeterDispute ?? 0, disputesResolved: count.DisputeResolved ?? 0, channelDisputes: count.ChannelDisputeOpened ?? 0, channelDisputesResolved: count.ChannelDisputeResolved ?? 0,
      channelPenalties: count.ChannelPenalty ?? 0, noValidState: count.CollateralFrozen ?? 0, collateralFrozen_mu: r6(frozen),
      marginCalls: count.MarginCall ?? 0, marginRestored: count.MarginRestored ?? 0, liquidations: count.Liquidation ?? 0, liquidated_mu: r6(liquidated), tradesCancelled: count.TradeCancelled ?? 0,
      meterMissed: count.MeterMissed ?? 0, meterRecovered: count.MeterRecovered ?? 0, fallbackDerates: count.FallbackDerated ?? 0, removals: count.ParticipantRemoved ?? 0, compensation_mu: r6(comp),
      deliveryToFinalSettlement_s: lat.length ? { p50: quantile6(lat, 0.5), p95: quantile6(lat, 0.95), max: lat[lat.length - 1] } : null,
    },
    forecast: communityForecastKpis(events),
    carbon: communityCarbonKpis(events),
    grid: {
      importPeak_kw: r6(grid.importPeak_kw), exportPeak_kw: r6(grid.exportPeak_kw), import_kwh: r6(grid.import_kwh), export_kwh: r6(grid.export_kwh), loss_kwh: r6(grid.loss_kwh),
      voltageViolations: grid.violations, vmin_pu: Number.isFinite(grid.vmin) ? r6(grid.vmin) : null, vmax_pu: Number.isFinite(grid.vmax) ? r6(grid.vmax) : null,
      gridOnly: hasBaseline ? { importPeak_kw: r6(base.importPeak_kw), exportPeak_kw: r6(base.exportPeak_kw), import_kwh: r6(base.import_kwh), export_kwh: r6(base.export_kwh), loss_kwh: r6(base.loss_kwh), voltageViolations: base.violations } : null,
      peakImportChange_pct: hasBaseline ? pct(grid.importPeak_kw, base.importPeak_kw) : null,
      lossChange_pct: hasBaseline ? pct(grid.loss_kwh, base.loss_kwh) : null,
    },
    ledger: { events: events.length, blocks: ledgerLines ? ledgerLines.length : null },
  };
}
