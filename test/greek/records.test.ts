// The Greek run's records: lifecycle events committed on the PoA ledger, K1-K10 in summary.json
// equal to what `vpsim kpi <dir> --json` recomputes from the files, and byte-identical outputs for
// the same scenario and seed (apart from the wall-clock `timings` and metrics.decisionLatencyMs).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { kpiCli } from '../helpers/kpi-cli.js';
import { verifyLedgerText } from '../../src/ledger/verify.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';

const FILE = 'test/greek/fixtures/small.yaml';
const dir = mkdtempSync(join(tmpdir(), 'greek-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
type M = Record<string, any>;


const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0);
const withoutWallClock = (text: string) => {
  const s = JSON.parse(text);
  delete s.timings;
  delete s.metrics.decisionLatencyMs;
  return s;
};

describe('Greek run records', async () => {
  // the optimizer comparison is on so optimizers.csv is part of the determinism check
  const set = ['greek.compareOptimizers.enabled=true', 'greek.compareOptimizers.psoIterations=20'];
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const ra = await runScenarioFile(FILE, { out: a, quiet: true, set });
  await runScenarioFile(FILE, { out: b, quiet: true, set });
  const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));

  it('commits the lifecycle events on the ledger, in commit order', () => {
    const ev = lines(join(a, 'events.jsonl')).map((l) => JSON.parse(l));
    expect(ev.length).toBeGreaterThan(0);
    expect(ev.filter((e) => e.type === 'TradeRegistered').length).toBe(24); // 16:00-18:00
    for (let i = 0; i < ev.length; i++) {
      expect(Object.keys(ev[i]).slice(0, 5)).toEqual(['seq', 'block', 't', 'type', 'signer']);
      expect(ev[i].block).toBeGreaterThan(0);
      if (i > 0) expect(ev[i].block).toBeGreaterThanOrEqual(ev[i - 1].block);
    }
    expect(verifyLedgerText(readFileSync(join(a, 'ledger.jsonl'), 'utf8')).ok).toBe(true);
    const m = summary.metrics.ledger as M;
    expect(m.lifecycleTransactions).toBe(ev.length);
    expect(m.transactions).toBe(verifyLedgerText(readFileSync(join(a, 'ledger.jsonl'), 'utf8')).transactions);
  });

  it('summary.json kpis are K1-K10 of those events; vpsim kpi --json prints exactly them', async () => {
    expect(Object.keys(summary.kpis)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5', 'K6', 'K7', 'K8', 'K9', 'K10']);
    expect((await kpiCli(a)).trim()).toBe(JSON.stringify(summary.kpis));
    expect(summary.kpis.K9).toMatchObject({ traceabilityRatio: 1, registeredTrades: 24, traceableTrades: 24, eventsNotCommitted: 0, invalidBlocks: 0 });
    // K7 agrees with the model's own obligation check
    const m = summary.metrics as M;
    expect(summary.kpis.K7.attempted).toBe(m.obligationIntervals);
    expect(summary.kpis.K7.failed).toBe(m.obligationViolatingIntervals);
    expect(summary.kpis).toEqual(ra.summary.kpis);
  });

  it('prices unmet energy and the energy outside the obligation band in costWithPenaltiesMu (recomputed from the CSVs)', async () => {
    // SC2 leaves the band on the small day with seed 1 (3 intervals)
    const c = join(dir, 'sc2');
    const rc = await runScenarioFile(FILE, { out: c, quiet: true, set: ['greek.mode=sc2', 'seed=1'] });
    const m = rc.summary.metrics as M;
    const ts = parse(readFileSync(join(c, 'timeseries.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const dtH = (Number(ts[1].t_s) - Number(ts[0].t_s)) / 3600;
    let off = 0;
    for (const r of ts) {
      if (r.obligation_min_kw === '') continue;
      const p = Number(r.vp_realtime_kw);
      off += Math.max(0, Number(r.obligation_min_kw) - p, p - Number(r.obligation_max_kw)) * dtH;
    }
    expect(off).toBeGreaterThan(0);
    expect(m.obligationOffBandKwh).toBeCloseTo(off, 2);
    const evs = parse(readFileSync(join(c, 'ev.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const unmet = evs.reduce((s, r) => s + Number(r.unmet_kwh), 0);
    const scen = rc.scenario as M;
    const want = m.totalCostMu + scen.greek.unmetEnergyPenaltyMuPerKwh * unmet + scen.greek.obligationPenaltyMuPerKwh * off;
    expect(m.costWithPenaltiesMu).toBeCloseTo(want, 1);
    expect(m.costWithPenaltiesMu).toBeGreaterThanOrEqual(m.costWithUnmetPenaltyMu - 1e-9);
  });

  it('is byte-identical for the same seed (apart from timings and decisionLatencyMs)', () => {
    const files = readdirSync(a).filter((f) => f.endsWith('.csv') || f.endsWith('.jsonl')).sort();
    expect(files).toEqual(expect.arrayContaining(['events.jsonl', 'ledger.jsonl', 'timeseries.csv', 'cev.csv', 'ev.csv', 'optimizers.csv']));
    expect(readdirSync(b).filter((f) => f.endsWith('.csv') || f.endsWith('.jsonl')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    expect(withoutWallClock(readFileSync(join(b, 'summary.json'), 'utf8'))).toEqual(withoutWallClock(readFileSync(join(a, 'summary.json'), 'utf8')));
    expect(JSON.stringify(withoutWallClock(readFileSync(join(b, 'summary.json'), 'utf8')))).toBe(JSON.stringify(withoutWallClock(readFileSync(join(a, 'summary.json'), 'utf8'))));
  });

  it('keeps wall-clock figures out of metrics and CSVs (under timings instead)', () => {
    const m = summary.metrics as M;
    expect(m.solveMs).toBeUndefined();
    for (const v of Object.values(m.optimizerComparison as M)) expect(v.timeMs).toBeUndefined();
    expect(lines(join(a, 'optimizers.csv'))[0]).not.toMatch(/time/);
    expect(typeof summary.timings.optimizerDayHighsMs).toBe('number');
    expect(typeof summary.timings.optimizerSmallPsoMs).toBe('number');
    expect(typeof summary.timings.solveP95Ms).toBe('number');
  });

  it('without the ledger the events are recorded but not traceable', async () => {
    const r = await runScenarioFile(FILE, { quiet: true, noWrite: true, set: ['greek.ledger.enabled=false'] });
    const ev = r.output.events as M[];
    expect(ev.filter((e) => e.type === 'TradeRegistered').length).toBe(24);
    expect(ev.every((e) => e.block === -1)).toBe(true);
    expect(r.output.ledger).toBeUndefined();
    expect(r.summary.kpis.K9).toMatchObject({ traceabilityRatio: 0, registeredTrades: 24 });
    // the rest of the KPIs do not depend on the ledger
    const { K9: _a, ...rest } = r.summary.kpis;
    const { K9: _b, ...restLedger } = summary.kpis;
    expect(rest).toEqual(restLedger);
  });
});
