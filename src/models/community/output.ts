// Tables and figures of a community run, built from its records (events) and its world.
import { errorStats, skill } from '../../community/forecast.js';
import type { EventRecord } from '../../community/event-ledger.js';
import type { Row } from '../../sim/recorder.js';
import type { Baseline, CommunityRun } from './run.js';
import type { World } from './world.js';

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Forecast errors of the simulated day per participant (load and PV; model, persistence, seasonal-naive). */
export function forecastMetrics(w: World): { rows: Row[]; summary: Record<string, unknown> } {
  const rows: Row[] = [];
  const all: Record<string, { act: number[]; m: number[]; p: number[]; s: number[] }> = { load: { act: [], m: [], p: [], s: [] }, pv: { act: [], m: [], p: [], s: [] } };
  for (const p of w.participants) {
    const row: Row = { participant: p.id, kind: p.kind };
    for (const [name, y, f] of [['load', p.loadSeries, p.forecast.load], ['pv', p.pvSeries, p.forecast.pv]] as const) {
      if (name === 'pv' && p.pv_kwp === 0) continue;
      const act: number[] = [], m: number[] = [], pe: number[] = [], se: number[] = [];
      for (let k = 0; k < w.intervals; k++) {
        const j = w.dayOffset + k;
        act.push(y[j]);
        m.push(f.model.predict(y, j));
        pe.push(f.persistence.predict(y, j));
        se.push(f.seasonal.predict(y, j));
      }
      const a = all[name];
      a.act.push(...act), a.m.push(...m), a.p.push(...pe), a.s.push(...se);
      const em = errorStats(act, m), ep = errorStats(act, pe), es = errorStats(act, se);
      row[`${name}_mae_kwh`] = r6(em.mae);
      row[`${name}_rmse_kwh`] = r6(em.rmse);
      row[`${name}_persistence_rmse_kwh`] = r6(ep.rmse);
      row[`${name}_seasonal_rmse_kwh`] = r6(es.rmse);
      row[`${name}_skill`] = skill(em.rmse, ep.rmse) === null ? null : r6(skill(em.rmse, ep.rmse)!);
    }
    rows.push(row);
  }
  const summary: Record<string, unknown> = { model: w.participants[0]?.forecast.load.model.name ?? null };
  for (const name of ['load', 'pv'] as const) {
    const a = all[name];
    const em = errorStats(a.act, a.m), ep = errorStats(a.act, a.p), es = errorStats(a.act, a.s);
    summary[name] = {
      model: { mae_kwh: r6(em.mae), rmse_kwh: r6(em.rmse) }, persistence: { mae_kwh: r6(ep.mae), rmse_kwh: r6(ep.rmse) }, seasonalNaive: { mae_kwh: r6(es.mae), rmse_kwh: r6(es.rmse) },
      skillVsPersistence: skill(em.rmse, ep.rmse) === null ? null : r6(skill(em.rmse, ep.rmse)!),
      skillVsSeasonalNaive: skill(em.rmse, es.rmse) === null ? null : r6(skill(em.rmse, es.rmse)!),
    };
  }
  return { rows, summary };
}

function byType(records: readonly EventRecord[], type: string): EventRecord[] {
  return records.filter((e) => e.type === type);
}

export function communityTables(w: World, run: CommunityRun, baseline?: Baseline): Record<string, Row[]> {
  const rec = run.records;
  const cost = new Map<string, number>(), same = new Map<string, number>(), p2pIn = new Map<string, number>(), p2pOut = new Map<string, number>(), pen = new Map<string, number>();
  for (const e of byType(rec, 'Settled')) {
    const id = String(e.participant);
    cost.set(id, (cost.get(id) ?? 0) + num(e.gridCostMu) - num(e.gridRevenueMu) + num(e.p2pPaidMu) + num(e.feeMu) - num(e.p2pReceivedMu) + num(e.penaltyMu) - num(e.compensationMu));
    same.set(id, (same.get(id) ?? 0) + num(e.importKwh) * num(e.retailMuPerKwh) - num(e.exportKwh) * num(e.feedInMuPerKwh));
    p2pIn.set(id, (p2pIn.get(id) ?? 0) + num(e.p2pInKwh));
    p2pOut.set(id, (p2pOut.get(id) ?? 0) + num(e.p2pOutKwh));
    pen.set(id, (pen.get(id) ?? 0) + num(e.penaltyMu));
  }
  const base = new Map((baseline?.bills ?? []).map((b) => [b.participant, b.cost_mu]));
  const participants: Row[] = w.participants.map((p) => ({
    participant: p.id, kind: p.kind, bus: p.bus, pv_kwp: r6(p.pv_kwp), battery_kwh: p.battery?.capacity_kwh ?? 0, ev_kwh: p.ev?.capacity_kwh ?? 0,
    max_export_kw: r6(p.maxExport_kw), max_import_kw: r6(p.maxImport_kw), p2p_in_kwh: r6(p2pIn.get(p.id) ?? 0), p2p_out_kwh: r6(p2pOut.get(p.id) ?? 0),
    cost_mu: r6(cost.get(p.id) ?? 0), same_energy_grid_only_cost_mu: r6(same.get(p.id) ?? 0), grid_only_run_cost_mu: base.has(p.id) ? base.get(p.id)! : null,
    savings_vs_grid_only_mu: base.has(p.id) ? r6(base.get(p.id)! - (cost.get(p.id) ?? 0)) : null, penalties_mu: r6(pen.get(p.id) ?? 0),
    reputation_final: r6(run.contract.reputation.get(p.id) ?? 0),
  }));
  const cleared = new Map(byType(rec, 'IntervalCleared').map((e) => [num(e.interval), e]));
  const gridK = new Map(byType(rec, 'GridInterval').map((e) => [num(e.interval), e]));
  const baseK = new Map((baseline?.grid ?? []).map((g) => [num(g.interval), g]));
  const intervals: Row[] = [];
  for (let k = 0; k < w.intervals; k++) {
    const c = cleared.get(k), g = gridK.get(k), b = baseK.get(k);
    intervals.push({
      interval: k, t_s: w.t0_s + k * (86400 / w.perDay), hour: r6((k * 24) / w.perDay), retail_mu_per_kwh: w.retail[k], spot_mu_per_kwh: c ? num(c.spotMuPerKwh) : null,
      clearing_price_mu_per_kwh: c && c.priceMuPerKwh !== null ? num(c.priceMuPerKwh) : null, traded_kwh: c ? num(c.volumeKwh) : 0, unmatched_kwh: c ? num(c.unmatchedKwh) : 0,
      import_kwh: g ? num(g.importKwh) : null, export_kwh: g ? num(g.exportKwh) : null, import_max_kw: g ? num(g.importMaxKw) : null, loss_kwh: g ? num(g.lossKwh) : null,
      grid_only_import_kwh: b ? num(b.importKwh) : null, grid_only_export_kwh: b ? num(b.exportKwh) : null, grid_only_import_max_kw: b ? num(b.importMaxKw) : null, grid_only_loss_kwh: b ? num(b.lossKwh) : null,
      grid_intensity_kg_per_mwh: r6(w.gridIntensity[k]),
    });
  }
  const trades: Row[] = byType(rec, 'TradeMatched').map((e) => ({ interval: num(e.interval), trade: String(e.trade), buyer: String(e.buyer), seller: String(e.seller), qty_kwh: num(e.qtyKwh), price_mu_per_kwh: num(e.priceMuPerKwh), matched_s: num(e.matchedS) }));
  const incidents: Row[] = [];
  const kinds: Record<string, string> = { PenaltyCharged: 'penalty', MeterDispute: 'dispute', DisputeResolved: 'dispute resolved', ChannelDisputeOpened: 'channel dispute', ChannelPenalty: 'channel penalty', CollateralFrozen: 'collateral frozen', MeterMissed: 'meter missed', FallbackDerated: 'fallback derate', ParticipantRemoved: 'removal', MarginCall: 'margin call', Liquidation: 'liquidation', OrderLate: 'late order', OrderRejected: 'rejected order', OrderCapped: 'capped order', PriceReplaced: 'price replaced' };
  for (const e of rec) {
    const kind = kinds[e.type];
    if (kind) incidents.push({ t_s: e.t, hour: r6((e.t - w.t0_s) / 3600), kind, participant: e.participant === undefined ? null : String(e.participant), interval: e.interval === undefined ? null : num(e.interval), amount_mu: e.type === 'PenaltyCharged' ? r6(num(e.underMu) + num(e.overMu)) : e.type === 'Liquidation' ? num(e.amountMu) : null });
  }
  incidents.sort((a, b) => num(a.t_s) - num(b.t_s));
  const tables: Record<string, Row[]> = { participants, intervals, trades, incidents, ...bidCurve(rec) };
  for (const [name, rows] of Object.entries(run.tables)) tables[name] = rows;
  return tables;
}

/** Bid and ask curves (cumulative kWh by price) of the interval with the most traded energy. */
function bidCurve(rec: readonly EventRecord[]): Record<string, Row[]> {
  let best = -1, vol = 0;
  for (const e of byType(rec, 'IntervalCleared')) if (num(e.volumeKwh) > vol) (vol = num(e.volumeKwh)), (best = num(e.interval));
  if (best < 0) return {};
  const rejected = new Set(rec.filter((e) => (e.type === 'OrderRejected' || e.type === 'OrderLate') && num(e.interval) === best).map((e) => num(e.order)));
  const orders = byType(rec, 'OrderSubmitted').filter((e) => num(e.interval) === best && !rejected.has(e.seq));
  const rows: Row[] = [];
  for (const side of ['buy', 'sell'] as const) {
    const os = orders.filter((o) => o.side === side).sort((a, b) => (side === 'buy' ? num(b.priceMuPerKwh) - num(a.priceMuPerKwh) : num(a.priceMuPerKwh) - num(b.priceMuPerKwh)));
    let cum = 0;
    for (const o of os) {
      rows.push({ interval: best, side: side === 'buy' ? 'bids (demand)' : 'asks (supply)', from_kwh: r6(cum), to_kwh: r6(cum + num(o.qtyKwh)), price_mu_per_kwh: num(o.priceMuPerKwh) });
      cum += num(o.qtyKwh);
    }
  }
  return { bidcurve: rows };
}
