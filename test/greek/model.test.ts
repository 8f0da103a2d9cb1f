import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/ledger/index.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';
import { InputError } from '../../src/util/errors.js';

const FILE = 'test/greek/fixtures/small.yaml';
const run = (set: string[] = []) => runScenarioFile(FILE, { set, quiet: true, noWrite: true });
type M = Record<string, any>;

describe('greek model (small day)', async () => {
  const sc1 = await run();
  const sc2 = await run(['greek.mode=sc2']);
  const m1 = sc1.summary.metrics as M;
  const m2 = sc2.summary.metrics as M;

  it('reports the required metrics', () => {
    if (process.env.GREEK_PRINT) console.log(JSON.stringify({ m1, m2 }));
    for (const k of ['totalCostMu', 'obligationViolatingIntervals', 'voltageViolatingBusIntervals', 'evsReachingTargetShare', 'peakKw', 'v2gEnergyKwh']) {
      expect(typeof m1[k], k).toBe('number');
      expect(typeof m2[k], k).toBe('number');
    }
    for (const q of ['p50', 'p95', 'max']) expect(typeof m1.decisionLatencyMs[q]).toBe('number');
    expect(m1.decisions).toBe(72);
    expect(m1.infeasibleDecisions).toBe(0);
  });

  it('keeps every EV energy balance and SoC inside its bounds', () => {
    for (const out of [sc1.output, sc2.output]) {
      for (const r of out.tables.ev) {
        expect(Math.abs(r.energy_balance_error_kwh as number)).toBeLessThan(1e-9);
        expect(r.soc_final as number).toBeLessThanOrEqual(1 + 1e-9);
        expect(r.soc_final as number).toBeGreaterThanOrEqual(0.2 - 1e-9);
      }
    }
    expect(m1.evsWithSocOutOfBounds).toBe(0);
  });

  it('respects CEV limits and the obligation band in SC1, and uses no V2G in SC2', () => {
    const lim: Record<string, [number, number]> = { CEV3: [120, 60], CEV2: [120, 60], CEV7: [100, 50], CEV10: [100, 50] };
    for (const r of sc1.output.tables.cev) {
      const [ch, dis] = lim[r.cev as string];
      expect(r.realized_kw as number).toBeLessThanOrEqual(ch + 1e-6);
      expect(r.realized_kw as number).toBeGreaterThanOrEqual(-dis - 1e-6);
    }
    expect(m1.obligationViolatingIntervals).toBe(0);
    for (const r of sc1.output.tables.timeseries) {
      if (r.obligation_min_kw === null) continue;
      expect(r.vp_realtime_kw as number).toBeGreaterThanOrEqual((r.obligation_min_kw as number) - 1e-3);
      expect(r.vp_realtime_kw as number).toBeLessThanOrEqual((r.obligation_max_kw as number) + 1e-3);
    }
    expect(m2.v2gEnergyKwh).toBe(0);
    expect(m1.evsReachingTarget).toBeGreaterThanOrEqual(m2.evsReachingTarget);
    expect(m1.totalCostMu).toBeLessThan(m2.totalCostMu);
  });

  it('puts set-points, charge actions and settlements on a verifiable ledger', () => {
    const lines = (sc1.output.ledger as object[]).map((b) => JSON.stringify(b));
    const v = verifyLedger(lines);
    expect(v.ok).toBe(true);
    expect(v.transactions).toBeGreaterThan(72 * 5);
    const m = m1.ledger as M;
    expect(m.transactions).toBe(v.transactions);
  });

  it('settles every interval with the ESO at the realized energy cost', () => {
    // the VP settles from the CEVs' smart meters; energy drawn before a mid-interval power change
    // or an unplug, and the last interval of the day, must be settled too
    for (const m of [m1, m2]) expect(Math.abs(m.settledByEsoMu - m.totalCostMu)).toBeLessThan(1e-3 * Math.abs(m.totalCostMu) + 1e-3);
  });

  it('measures decision-to-finality only for transactions that follow a decision', () => {
    // the final settlement after the horizon end belongs to no decision interval
    expect((m1.ledger as M).decisionToFinalityS.max).toBeLessThan(60);
  });

  it('is deterministic for a seed', async () => {
    const again = await run();
    expect(again.output.tables.ev).toEqual(sc1.output.tables.ev);
    expect(again.output.tables.timeseries).toEqual(sc1.output.tables.timeseries);
  });
});

describe('greek bad input', () => {
  const bad = async (set: string[], path: RegExp) => {
    const err = await run(set).then(
      () => null,
      (e) => e
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    expect((err as InputError).path).toMatch(path);
  };
  it('an EV departing before it arrives', () => bad(['greek.fleet.vehicles=[{cev: CEV2, battery: small, arrival: 17, departure: 15}]'], /vehicles\[0\]\.departure/));
  it('a target SoC below the initial SoC', () => bad(['greek.fleet.socTarget=0.2'], /socTarget/));
  it('a CEV on a bus that does not exist on its feeder', () => bad(['greek.cevs.3.bus=99'], /cevs\[3\]\.bus/));
  it('an obligation window with pMin > pMax', () => bad(['greek.obligations.0.pMinKw=400'], /obligations\[0\]\.pMinKw/));
  it('an obligation above every CEV limit together', () => bad(['greek.obligations.0.pMinKw=1000', 'greek.obligations.0.pMaxKw=2000'], /obligations\[0\]\.pMinKw/));

  it('hard obligations that cannot be met are reported as infeasible decisions', async () => {
    const r = await run(['greek.obligationPenaltyMuPerKwh=null', 'greek.obligations.0.pMinKw=420', 'greek.obligations.0.pMaxKw=440', 'greek.ledger.enabled=false']);
    const m = r.summary.metrics as M;
    expect(m.infeasibleDecisions).toBeGreaterThan(0);
    const ev = [...r.output.events!].filter((e) => (e as { type?: string }).type === 'scheduleInfeasible');
    expect(ev.length).toBe(m.infeasibleDecisions);
    // the obligation could not be met, and that shows in the record too
    expect(m.obligationViolatingIntervals).toBeGreaterThan(0);
  });
});
