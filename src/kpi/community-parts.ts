// Forecast and carbon KPIs of the community case, from the event log only.
import type { Ev } from './records.js';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** MAE / RMSE of the bid forecasts against the metered load and PV, and skill vs persistence. */
export function communityForecastKpis(events: readonly Ev[]): Record<string, unknown> | null {
  const actual = new Map<string, { load: number; pv: number }>();
  for (const e of events) {
    if (e.type === 'Settled' && e.source === 'meter') actual.set(`${String(e.participant)}|${num(e.interval)}`, { load: num(e.loadKwh), pv: num(e.pvKwh) });
  }
  const methods = { model: ['loadKwh', 'pvKwh'], persistence: ['loadPersistenceKwh', 'pvPersistenceKwh'], seasonalNaive: ['loadSeasonalKwh', 'pvSeasonalKwh'] } as const;
  const acc: Record<string, Record<string, { a: number; s: number; n: number }>> = { load: {}, pv: {} };
  for (const e of events) {
    if (e.type !== 'OrderSubmitted') continue;
    const act = actual.get(`${String(e.signer)}|${num(e.interval)}`);
    const fc = e.forecast as Record<string, number> | undefined;
    if (!act || !fc) continue;
    for (const [m, [lk, pk]] of Object.entries(methods)) {
      for (const [series, key, y] of [['load', lk, act.load], ['pv', pk, act.pv]] as const) {
        const x = (acc[series][m] ??= { a: 0, s: 0, n: 0 });
        const err = num(fc[key]) - y;
        x.a += Math.abs(err);
        x.s += err * err;
        x.n++;
      }
    }
  }
  if (!acc.load.model) return null;
  const out: Record<string, unknown> = { samples: acc.load.model.n };
  for (const series of ['load', 'pv'] as const) {
    const s: Record<string, unknown> = {};
    for (const [m, x] of Object.entries(acc[series])) s[m] = { mae_kwh: r6(x.a / x.n), rmse_kwh: r6(Math.sqrt(x.s / x.n)) };
    const rm = Math.sqrt(acc[series].model.s / acc[series].model.n), rp = Math.sqrt(acc[series].persistence.s / acc[series].persistence.n);
    s.skillVsPersistence = rp > 0 ? r6(1 - rm / rp) : null;
    out[series] = s;
  }
  return out;
}

/**
 * Certificates: minted vs verified RES energy, retired, outstanding; the double-count check replays
 * the token operations and counts every violation (a batch retired twice, moved after retirement,
 * more retired than minted, minted beyond the verified RES export of its interval). Must be zero.
 */
export function communityCarbonKpis(events: readonly Ev[]): Record<string, unknown> {
  const minted = new Map<string, number>();
  const retiredFrom = new Map<string, number>();
  const retiredNew = new Set<string>();
  let mintedWh = 0, retiredWh = 0, verifiedWh = 0, violations = 0;
  const verified = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'Settled') verified.set(`${String(e.participant)}|${num(e.interval)}`, Math.min(num(e.exportKwh), num(e.pvKwh)));
  }
  for (const v of verified.values()) verifiedWh += Math.floor(v * 1000 + 1e-6);
  const mintedFor = new Map<string, number>();
  let sessions = 0, v2gKwh = 0, reduction = 0;
  for (const e of events) {
    if (e.type === 'TokensMinted') {
      const wh = num(e.wh);
      minted.set(String(e.batch), wh);
      mintedWh += wh;
      const key = `${String(e.owner)}|${num(e.interval)}`;
      mintedFor.set(key, (mintedFor.get(key) ?? 0) + wh);
      if (mintedFor.get(key)! > Math.floor((verified.get(key) ?? 0) * 1000 + 1e-6)) violations++;
    } else if (e.type === 'TokensRetired') {
      const b = String(e.batch), nb = String(e.newBatch), wh = num(e.wh);
      if (!minted.has(b) || retiredNew.has(nb) || retiredNew.has(b)) violations++;
      retiredNew.add(nb);
      retiredFrom.set(b, (retiredFrom.get(b) ?? 0) + wh);
      if (retiredFrom.get(b)! > (minted.get(b) ?? 0)) violations++;
      retiredWh += wh;
    } else if (e.type === 'V2gProvenance') {
      sessions++;
      v2gKwh += num(e.dischargedKwh);
      reduction += num(e.netReductionKg);
    }
  }
  return {
    tokensMinted_kwh: mintedWh / 1000, tokensRetired_kwh: retiredWh / 1000, tokensOutstanding_kwh: (mintedWh - retiredWh) / 1000, verifiedResExport_kwh: verifiedWh / 1000,
    mintedWithinVerified: mintedWh <= verifiedWh, doubleCount: violations,
    v2gSessions: sessions, v2gDischarged_kwh: r6(v2gKwh), v2gNetReduction_kg: r6(reduction),
  };
}
