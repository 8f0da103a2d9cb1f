// Records and recomputation: vpsim kpi reproduces summary.json; lost blocks lower K9; same seed,
// same events.jsonl and ledger.jsonl; the exported ledger verifies.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kpiCli } from '../helpers/kpi-cli.js';
import { verifyLedgerText } from '../../src/ledger/verify.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'gvp-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('GVP records', () => {
  it('vpsim kpi --json on the run directory reproduces summary.json kpis exactly; ledger verifies', async () => {
    const a = join(dir, 'a');
    await runScenarioFile('scenarios/gvp/s4.yaml', { out: a, quiet: true });
    const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
    const printed = (await kpiCli(a)).trim();
    expect(printed).toBe(JSON.stringify(summary.kpis));
    expect(verifyLedgerText(readFileSync(join(a, 'ledger.jsonl'), 'utf8')).ok).toBe(true);
    // determinism: same seed, byte-identical events and ledger
    const b = join(dir, 'b');
    await runScenarioFile('scenarios/gvp/s4.yaml', { out: b, quiet: true });
    expect(readFileSync(join(b, 'events.jsonl'), 'utf8')).toBe(readFileSync(join(a, 'events.jsonl'), 'utf8'));
    expect(readFileSync(join(b, 'ledger.jsonl'), 'utf8')).toBe(readFileSync(join(a, 'ledger.jsonl'), 'utf8'));
  }, 120_000);

  it('lost committed blocks make K9 fall below 100% (and verify fails)', async () => {
    const c = join(dir, 'c');
    const r = await runScenarioFile('scenarios/gvp/s1.yaml', { out: c, quiet: true, set: ['gvp.faults.dropBlocks=[5,40]'] });
    const k9 = r.summary.kpis.K9 as { traceabilityRatio: number; missingHeights: number };
    expect(k9.traceabilityRatio).toBeLessThan(1);
    expect(k9.traceabilityRatio).toBeGreaterThan(0.5);
    expect(JSON.parse(await kpiCli(c)).K9).toEqual(k9);
    expect(verifyLedgerText(readFileSync(join(c, 'ledger.jsonl'), 'utf8')).ok).toBe(false);
  }, 120_000);

  it('a tampered event in events.jsonl is no longer traceable', async () => {
    const d = join(dir, 'a');
    const lines = readFileSync(join(d, 'events.jsonl'), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"SettlementSucceeded"'));
    const e = JSON.parse(lines[i]);
    e.payment = e.payment + 1;
    lines[i] = JSON.stringify(e);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(d, 'events.jsonl'), lines.join('\n'));
    const k = JSON.parse(await kpiCli(d));
    expect(k.K9.traceableTrades).toBe(k.K9.registeredTrades - 1);
  }, 60_000);
});
