// The console summary after `vpsim run`: a curated table per model with units, times in seconds;
// progress lines with elapsed time and ETA (plain in CI, nothing for short runs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunProgress } from '../../src/models/run-progress.js';
import { headline } from '../../src/report/headline.js';
import { tempDir, vpsim } from '../helpers/cli.js';

const labels = (model: string, s: object) => headline(model, s as never).map((r) => r.label);

describe('headline rows per model', () => {
  it('greek: cost with its unit explained, EVs at target, violations, V2G energy', () => {
    const rows = headline('greek', { metrics: { totalCostMu: 3800.5, evs: 730, evsReachingTarget: 700, obligationViolatingIntervals: 0, obligationIntervals: 36, voltageViolatingBusIntervals: 2, v2gEnergyKwh: 512.25, v2gRevenueMu: 90 }, kpis: { K4: { x: 1 } } });
    expect(rows.map((r) => r.label)).toEqual(['total charging cost', 'EVs at target SoC on departure', 'obligation violations', 'voltage violations', 'V2G energy discharged', 'V2G revenue']);
    expect(rows[0]).toMatchObject({ value: '3,801', unit: 'm.u.' });
    expect(rows[0].note).toMatch(/monetary units/);
    expect(rows[1].value).toBe('700 of 730 (95.89%)');
  });
  it('gvp: K7, K1 welfare, K8, K9', () => {
    expect(labels('gvp', { metrics: { vps: 7 }, kpis: { K7: { successRate: 0.93 }, K1: { welfareMu: 1000 }, K8: { failureRate: 0.02 }, K9: { traceabilityRatio: 1 } } })).toEqual(['K7 settlement success', 'K1 welfare', 'K8 oracle failure rate', 'K9 traceability', 'VPs']);
  });
  it('ledger: throughput, D_total p95, reliability', () => {
    const l = labels('ledger', { metrics: { experiments: ['day'], transactions: 100, finalOnTime: 99, capacityTheory_tps: 586.7, p95Delay_s: 24.7 } });
    expect(l).toEqual(['transactions', 'throughput', 'D_total p95', 'reliability']);
  });
  it('mm1: mean wait against theory', () => {
    const rows = headline('mm1', { metrics: { meanWaitS: 9.05, utilization: 0.9, customersServed: 10, theory: { meanWaitS: 9, rho: 0.9 } } });
    expect(rows[0]).toMatchObject({ label: 'mean wait in queue', value: '9.05', unit: 's' });
    expect(rows[0].note).toMatch(/theory Wq .* = 9 s/);
  });
});

describe('vpsim run console output', () => {
  it('prints the curated table and the run time in seconds', () => {
    const out = join(tempDir(), 'r');
    const r = vpsim(['run', 'scenarios/demo/mm1.yaml', '--quiet', '--out', out, '--set', 'mm1.customers=2000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .* \(scenario mm1, seed 42, \d+\.\d{3} s\)\n/);
    expect(r.stdout).not.toMatch(/\d ms\b/);
    expect(r.stdout).toMatch(/mean wait in queue +\S+ +s +theory Wq/);
    expect(r.stdout).not.toMatch(/eventsProcessed/);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).metrics.meanWaitS).toBeGreaterThan(0);
  });
});

describe('run progress', () => {
  const fake = (isTTY: boolean) => {
    const lines: string[] = [];
    return { stream: { isTTY, write: (s: string) => (lines.push(s), true), columns: 100, on() {}, removeListener() {}, cursorTo() {}, clearLine() {}, moveCursor() {} } as unknown as NodeJS.WriteStream, lines };
  };
  it('plain lines in CI: elapsed and ETA, at most one per 10% and 2 s, none for a short run', async () => {
    let t = 0;
    const { stream, lines } = fake(false);
    const p = await createRunProgress('x', { stream, now: () => t });
    for (let k = 1; k <= 1000; k++) {
      t += 10; // 10 s in all
      p.progress(k, 1000, 'intervals');
    }
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines[0]).toMatch(/^\[x\] \d+\/1000 intervals \(\d+%\), \d+\.\d s elapsed, ETA \d+\.\d s\n$/);
    expect(lines[lines.length - 1]).toBe('[x] 1000/1000 intervals (100%), 10.0 s elapsed\n');
    const short = fake(false);
    let u = 0;
    const q = await createRunProgress('y', { stream: short.stream, now: () => u });
    for (let k = 1; k <= 10; k++) {
      u += 100;
      q.progress(k, 10);
    }
    expect(short.lines).toEqual(['[y] 10/10 steps (100%), 1.0 s elapsed\n'].slice(0, short.lines.length));
    expect(short.lines.length).toBeLessThanOrEqual(1);
  });
});
