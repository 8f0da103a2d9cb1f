// Clique and Aura through the full kernel/agent path (scenario -> ledger model -> aggregator agents
// -> B/A validator agents -> notices): forks and reorganizations are counted, and the settlement
// KPIs, computed from the notices the submitters receive, see the delay the rules add.
import { describe, expect, it } from 'vitest';
import { ledgerModel, type LedgerScenario } from '../../src/models/ledger/model.js';
import { loadScenario } from '../../src/models/registry.js';
import type { Row } from '../../src/sim/recorder.js';

async function run(ledger: Record<string, unknown>, settlement: Record<string, unknown> = {}): Promise<Record<string, Row>> {
  const s = ledgerModel.schema.parse({ name: 't', model: 'ledger', seed: 1, ledger, experiments: [{ kind: 'settlement', slots: 3, aggregators: 10, ...settlement }] }) as LedgerScenario;
  const out = await ledgerModel.run(s, { seed: 1, scenarioFile: 'test.yaml', log: () => {} });
  return Object.fromEntries(out.tables.settlement.map((r) => [r.consensus as string, r]));
}

const CLIENT = { validators: 4, blockPeriod_s: 2, preValidate_s: 0.002, blockBase_s: 0.1 };

describe('settlement through the kernel path under basic, clique and aura', () => {
  it('the shipped scenario: every settlement answered; forks and reorganizations counted for clique; KPIs see the added delay', async () => {
    const s = await loadScenario('scenarios/ledger/settlement.yaml');
    const out = await ledgerModel.run(s.scenario as LedgerScenario, { seed: 1, scenarioFile: s.file, log: () => {} });
    const rows = Object.fromEntries(out.tables.settlement.map((r) => [r.consensus as string, r]));
    expect(Object.keys(rows)).toEqual(['basic', 'clique', 'aura']);
    for (const r of Object.values(rows)) {
      expect((r.settled as number) + (r.failed as number)).toBe(r.submitted);
      // the KPI is the engine's finality as the submitter learns it (notify latency later, no lag)
      expect(r.mean_settlement_s as number).toBeCloseTo((r.engine_mean_delay_s as number) + 0.01, 2);
      expect(r.max_notice_lag_s as number).toBeLessThan(1e-6);
    }
    expect(rows.basic.forks).toBe(0);
    expect(rows.clique.forks as number).toBeGreaterThan(0);
    expect(rows.clique.reorgs as number).toBeGreaterThan(0);
    expect(rows.clique.orphaned_blocks as number).toBeGreaterThanOrEqual(rows.clique.forks as number);
    // Clique settles after floor(M/2) = 2 confirmations, Aura once 3 of 4 sealers built on the block:
    // both at least one more period than quorum finality
    expect(rows.clique.mean_settlement_s as number).toBeGreaterThan((rows.basic.mean_settlement_s as number) + 2);
    expect(rows.aura.mean_settlement_s as number).toBeGreaterThan((rows.basic.mean_settlement_s as number) + 2);
  }, 120_000);

  it('a crashed signer: Clique seals out of turn (wiggle) and Aura skips steps; the settlement KPIs get worse', async () => {
    const plain = await run(CLIENT, { consensus: ['clique', 'aura'] });
    const crashed = await run({ ...CLIENT, faults: { crashes: [{ validator: 1, at_s: 0, duration_s: 900 }] } }, { consensus: ['clique', 'aura'] });
    expect(plain.clique.out_of_turn_blocks).toBe(0);
    expect(crashed.clique.out_of_turn_blocks as number).toBeGreaterThan(0);
    expect(crashed.aura.skipped_steps as number).toBeGreaterThan(plain.aura.skipped_steps as number);
    for (const c of ['clique', 'aura']) {
      expect(crashed[c].settled).toBe(crashed[c].submitted);
      expect(crashed[c].mean_settlement_s as number, c).toBeGreaterThan(plain[c].mean_settlement_s as number);
      expect(crashed[c].p95_settlement_s as number, c).toBeGreaterThan(plain[c].p95_settlement_s as number);
    }
    // a tight deadline turns the added delay into late settlements
    const tight = await run(CLIENT, { deadline_s: 4 });
    expect(tight.basic.settled_on_time_pct as number).toBeGreaterThan(90);
    expect(tight.clique.settled_on_time_pct as number).toBeLessThan(tight.basic.settled_on_time_pct as number);
    expect(tight.aura.settled_on_time_pct as number).toBeLessThan(tight.basic.settled_on_time_pct as number);
  }, 120_000);

  it('deterministic: the same seed gives the same KPIs and fork counts', async () => {
    const a = await run(CLIENT, { consensus: ['clique'] });
    const b = await run(CLIENT, { consensus: ['clique'] });
    expect(a).toEqual(b);
  }, 60_000);
});
