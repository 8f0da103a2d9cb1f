// Community runs end to end: `vpsim kpi DIR` equals summary.json's KPIs, `vpsim ledger verify`
// passes, same seed gives identical bytes, and the contract rules hold in the exported records
// (recomputed here from events.jsonl with no code shared with the contract).
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedgerText } from '../../src/ledger/verify.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';
import { tempDir } from '../helpers/cli.js';
import { kpiCli } from '../helpers/kpi-cli.js';

const SCEN = ['uniform', 'spot', 'pay-as-bid', 'cda', 'grid-only', 'faults'];
const root = tempDir('community-runs-');
const dirs: Record<string, string> = {};
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  for (const s of SCEN) dirs[s] = (await runScenarioFile(resolve(`scenarios/community/${s}.yaml`), { quiet: true, out: join(root, s) })).dir;
}, 600_000);

type E = Record<string, any>;
const events = (s: string): E[] => readFileSync(join(dirs[s], 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const summary = (s: string) => JSON.parse(readFileSync(join(dirs[s], 'summary.json'), 'utf8'));

describe('community records', () => {
  it.each(SCEN)('%s: vpsim kpi equals summary.json kpis; ledger verifies', async (s) => {
    expect(JSON.parse(await kpiCli(dirs[s]))).toEqual(summary(s).kpis);
    const v = verifyLedgerText(readFileSync(join(dirs[s], 'ledger.jsonl'), 'utf8'));
    expect(v.ok).toBe(true);
    // every event was committed, in block order
    const ev = events(s);
    expect(ev.every((e) => e.block >= 1)).toBe(true);
    for (let i = 1; i < ev.length; i++) expect(ev[i].block).toBeGreaterThanOrEqual(ev[i - 1].block);
    expect(v.transactions).toBe(ev.length);
  });

  it('same seed, same bytes (timings and run.json provenance aside); another seed differs', async () => {
    const again = (await runScenarioFile(resolve('scenarios/community/uniform.yaml'), { quiet: true, out: join(root, 'again') })).dir;
    const files = (d: string, pre = ''): string[] => readdirSync(join(d, pre)).flatMap((f) => (statSync(join(d, pre, f)).isDirectory() ? files(d, join(pre, f)) : [join(pre, f)]));
    // run.json records the command line and wall-clock start/end: provenance, not results
    const a = files(dirs.uniform).filter((f) => f !== 'run.json').sort();
    expect(files(again).filter((f) => f !== 'run.json').sort()).toEqual(a);
    for (const f of a) {
      if (f === 'summary.json') {
        const x = JSON.parse(readFileSync(join(dirs.uniform, f), 'utf8')), y = JSON.parse(readFileSync(join(again, f), 'utf8'));
        delete x.timings, delete y.timings;
        expect(y).toEqual(x);
      } else expect(readFileSync(join(again, f)).equals(readFileSync(join(dirs.uniform, f))), f).toBe(true);
    }
    const other = await runScenarioFile(resolve('scenarios/community/uniform.yaml'), { quiet: true, noWrite: true, seed: 2 });
    expect(other.summary.kpis).not.toEqual(summary('uniform').kpis);
  }, 300_000);

  it.each(SCEN.filter((s) => s !== 'grid-only'))('%s: penalties recomputed from the log follow the 5 percent under / 2 percent over rule', (s) => {
    let n = 0;
    for (const e of events(s)) {
      if (e.type !== 'Settled') continue;
      let want = 0;
      const traded = e.side === 'sell' ? e.soldKwh : e.boughtKwh;
      if (e.side !== null && traded > 0) {
        // under: less than the P2P energy traded; over: more than the order declared
        const delivered = e.side === 'sell' ? e.exportKwh : e.importKwh;
        want = 0.05 * e.spotMuPerKwh * Math.max(0, traded - delivered) + 0.02 * e.spotMuPerKwh * Math.max(0, delivered - Math.max(e.scheduledKwh, traded));
        n++;
      }
      expect(Math.abs(e.penaltyMu - want)).toBeLessThan(1e-5); // fields are rounded to 1e-6
    }
    expect(n).toBeGreaterThan(20);
  });

  it('individual rationality in uniform and spot (market part, without delivery penalties)', () => {
    for (const s of ['uniform', 'spot']) {
      const k = summary(s).kpis;
      expect(k.economics.marketIrViolations).toBe(0);
      expect(k.market.tradedKwh).toBeGreaterThan(0);
    }
  });

  it('regression forecaster beats persistence (summary and order records)', () => {
    const m = summary('uniform').metrics.forecast;
    expect(m.load.skillVsPersistence).toBeGreaterThan(0);
    expect(m.pv.skillVsPersistence).toBeGreaterThan(0);
    const k = summary('uniform').kpis.forecast;
    expect(k.load.skillVsPersistence).toBeGreaterThan(0);
    expect(k.pv.skillVsPersistence).toBeGreaterThan(0);
  });

  it('carbon: minted <= verified RES export, no kWh twice, retired tokens never move', () => {
    for (const s of SCEN.filter((x) => x !== 'grid-only')) {
      const ev = events(s);
      const c = summary(s).kpis.carbon;
      expect(c.doubleCount).toBe(0);
      expect(c.mintedWithinVerified).toBe(true);
      const retired = new Set<string>();
      const mintedWh = new Map<string, number>();
      const verified = new Map<string, number>();
      for (const e of ev) if (e.type === 'Settled') verified.set(`${e.participant}|${e.interval}`, Math.min(e.exportKwh, e.pvKwh));
      for (const e of ev) {
        if (e.type === 'TokensMinted') {
          mintedWh.set(e.batch, e.wh);
          expect(e.wh / 1000).toBeLessThanOrEqual(verified.get(`${e.owner}|${e.interval}`)! + 1e-9);
        }
        if (e.type === 'TokensRetired') {
          expect(retired.has(e.batch)).toBe(false);
          expect(retired.has(e.newBatch)).toBe(false);
          retired.add(e.newBatch);
          mintedWh.set(e.batch, mintedWh.get(e.batch)! - e.wh);
          expect(mintedWh.get(e.batch)!).toBeGreaterThanOrEqual(0);
        }
      }
      expect(retired.size).toBeGreaterThan(0);
    }
  });
});

describe('community faults in the records', () => {
  const of = (p: string, types: string[]) => events('faults').filter((e) => e.participant === p && types.includes(e.type));

  it('1 miss is deferred and recovered; 2 misses settle on the previous verified window derated 10%; 4 remove', () => {
    // h3's own blackout (interval 30) and the aggregator's outage (interval 70, every party)
    expect(of('h3', ['MeterMissed', 'MeterRecovered', 'FallbackDerated']).map((e) => [e.type, e.interval])).toEqual([['MeterMissed', 30], ['MeterRecovered', 30], ['MeterMissed', 70], ['MeterRecovered', 70]]);
    const prev = events('faults').find((e) => e.type === 'Settled' && e.participant === 'h5' && e.interval === 39)!;
    const h5 = of('h5', ['MeterMissed', 'FallbackDerated', 'ParticipantRemoved']).filter((e) => e.interval < 60);
    expect(h5.map((e) => [e.type, e.interval, e.consecutive])).toEqual([['MeterMissed', 40, 1], ['FallbackDerated', 40, 2], ['FallbackDerated', 41, 2], ['FallbackDerated', 42, 3]]);
    for (const e of h5.slice(1)) {
      expect(e.factor).toBe(0.9);
      expect(e.importKwh).toBeCloseTo(0.9 * prev.importKwh, 5);
      expect(e.exportKwh).toBeCloseTo(0.9 * prev.exportKwh, 5);
    }
    const h8 = of('h8', ['MeterMissed', 'FallbackDerated', 'ParticipantRemoved']).filter((e) => e.interval < 60);
    expect(h8.filter((e) => e.type === 'ParticipantRemoved').map((e) => [e.interval, e.consecutive])).toEqual([[47, 4]]);
    expect(h8.filter((e) => e.type === 'FallbackDerated' && e.consecutive < 4).length).toBe(3);
    // removed from dispatch: its later orders are rejected
    expect(events('faults').some((e) => e.type === 'OrderRejected' && e.participant === 'h8' && e.reason === 'removed' && e.interval > 47)).toBe(true);
  });

  it('two readings > 2% apart dispute and freeze; a third reading resolves with the median', () => {
    const d = of('h12', ['MeterDispute', 'DisputeResolved']);
    expect(d.length).toBeGreaterThan(0);
    const opened = d.filter((e) => e.type === 'MeterDispute');
    const resolved = d.filter((e) => e.type === 'DisputeResolved');
    expect(resolved.map((e) => e.interval)).toEqual(opened.map((e) => e.interval));
    for (const r of resolved) {
      const o = opened.find((x) => x.interval === r.interval)!;
      expect(o.gap).toBeGreaterThan(0.02);
      const med = (a: number, b: number, c: number) => [a, b, c].sort((x, y) => x - y)[1];
      expect(r.importKwh).toBeCloseTo(med(o.readingA[0], o.readingB[0], r.third[0]), 5);
      const s = events('faults').find((e) => e.type === 'Settled' && e.participant === 'h12' && e.interval === r.interval)!;
      expect(s.source).toBe('thirdReading');
      expect(s.t).toBeGreaterThanOrEqual(r.t);
    }
  });

  it('a stale channel state loses and its sender is penalized; a forgery with no valid state freezes both', () => {
    const stale = events('faults').filter((e) => e.interval === 60 && ['ChannelDisputeResolved', 'ChannelPenalty'].includes(e.type));
    expect(stale.map((e) => [e.type, e.participant, e.winner ?? e.reason])).toEqual([['ChannelPenalty', 'h14', 'stale'], ['ChannelDisputeResolved', 'h14', 'aggregator']]);
    const forged = events('faults').filter((e) => e.interval === 64 && ['ChannelPenalty', 'CollateralFrozen'].includes(e.type));
    expect(forged.map((e) => [e.type, e.participant, e.reason])).toEqual([['ChannelPenalty', 'h21', 'badSignature'], ['CollateralFrozen', 'h21', 'noValidState']]);
    expect(forged[1].aggregatorFrozenMu).toBeGreaterThan(0);
  });

  it('collateral shortfall: margin call, liquidation after 30 min without a top-up; a top-up restores', () => {
    const c2 = of('c2', ['MarginCall', 'Liquidation', 'MarginRestored']);
    const liqs = c2.filter((e) => e.type === 'Liquidation');
    expect(liqs.length).toBeGreaterThan(0);
    for (const liq of liqs) {
      const before = c2.filter((e) => e.t < liq.t);
      const call = [...before].reverse().find((e) => e.type === 'MarginCall')!;
      expect(call.postedMu).toBeLessThan(1.5 * call.requiredMu);
      expect(before.some((e) => e.type === 'MarginRestored' && e.t > call.t)).toBe(false);
      expect(liq.t - call.t).toBeGreaterThanOrEqual(1800);
      expect(liq.amountMu).toBeGreaterThan(0);
    }
    const c3 = events('faults').filter((e) => (e.participant === 'c3' || e.signer === 'c3') && ['MarginCall', 'CollateralTopUp', 'MarginRestored', 'Liquidation'].includes(e.type));
    expect(c3.map((e) => e.type).slice(0, 3)).toEqual(['MarginCall', 'CollateralTopUp', 'MarginRestored']);
    expect(c3.some((e) => e.type === 'Liquidation')).toBe(false);
    // partial fill: no trade locks more than the party's free collateral (the lock never exceeds posted)
    for (const e of events('faults')) if (e.type === 'CollateralLocked') expect(e.amountMu).toBeLessThanOrEqual(e.postedMu + 1e-9);
  });

  it('late orders miss gate closure; capped and device-limit orders are flagged', () => {
    const k = summary('faults').kpis.market;
    expect(k.ordersLate).toBeGreaterThan(0);
    expect(k.ordersCapped).toBeGreaterThan(0);
    expect(k.ordersRejected.deviceLimit).toBeGreaterThan(0);
    expect(k.ordersRejected.kyc).toBeGreaterThan(0);
    const ev = events('faults');
    const lateIds = new Set(ev.filter((e) => e.type === 'OrderLate').map((e) => e.order));
    for (const e of ev) if (e.type === 'TradeMatched') expect(lateIds.has(e.buyOrder) || lateIds.has(e.sellOrder)).toBe(false);
    for (const e of ev) if (e.type === 'TradeMatched') expect(e.priceMuPerKwh).toBeLessThanOrEqual(0.26 + 1e-12);
  });
});
