// K1-K10 accumulated in the run as blocks are sealed equal the pass over the exported records; K9 computed in the run from the chain's own bookkeeping (CommittedIndex) equals K9 re-verified
// from the exported ledger lines (the `vpsim kpi` path), with and without lost blocks; and a
// tampered or missing line changes the re-check, not the in-run figure.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/models/registry.js';
import { runGvpWorld } from '../../src/models/gvp/run.js';
import type { GvpScenario } from '../../src/models/gvp/schema.js';
import { traceabilityKpi } from '../../src/kpi/traceability.js';
import { computeKpis, type Ev } from '../../src/kpi/index.js';

async function world(file: string, set: string[] = []) {
  const loaded = await loadScenario(file, { set });
  const sc = loaded.scenario as unknown as GvpScenario;
  return runGvpWorld(sc.gvp, sc.seed);
}

describe('K9 in the run vs from the exported ledger', () => {
  const cases: [string, string[]][] = [
    ['scenarios/gvp/s1.yaml', []],
    ['scenarios/gvp/s2.yaml', ['gvp.faults.dropBlocks=[2,5]']],
    ['scenarios/gvp/s3.yaml', ['gvp.faults.dropBlockProb=0.2', 'seed=7']],
    ['scenarios/gvp/s1.yaml', ['gvp.faults.dropBlockProb=0.5', 'gvp.ledger.maxTxPerBlock=40']],
  ];
  for (const [file, set] of cases) {
    it(`${file} ${set.join(' ')}`, async () => {
      const r = await world(file, set);
      const inRun = traceabilityKpi(r.events as unknown as Ev[], r.committed);
      const fromLines = traceabilityKpi(r.events as unknown as Ev[], r.ledgerLines);
      expect(inRun).toEqual(fromLines);
      if (set.length > 0) expect(inRun.eventsNotCommitted).toBeGreaterThan(0);
      // all of K1-K10 accumulated block by block in the run equal the pass over the exported records
      expect(r.kpis).toEqual(computeKpis(r.events as unknown as Ev[], r.ledgerLines));
    }, 60_000);
  }

  it('a tampered exported line is caught by the file re-check', async () => {
    const r = await world('scenarios/gvp/s1.yaml');
    const lines = [...r.ledgerLines];
    lines[1] = lines[1].replace('"quantity\\"', '"quantitx\\"').replace(/"payloadHash":"[0-9a-f]/, '"payloadHash":"g');
    const k = traceabilityKpi(r.events as unknown as Ev[], lines);
    expect(k.invalidBlocks).toBe(1);
    expect(k.eventsNotCommitted).toBeGreaterThan(0);
    expect(traceabilityKpi(r.events as unknown as Ev[], r.committed).invalidBlocks).toBe(0);
  }, 60_000);
});
