// Scenario model `ledger`: experiments on the simulated PoA ledger that produce the data of paper
// Figures 12-21 and Table 3 (see docs/ledger.md and scenarios/ledger/*.yaml).
import { z } from 'zod';
import type { Row } from '../../sim/recorder.js';
import { checkPoa, poaObject } from '../../ledger/params.js';
import { scenarioBase, type ModelDefinition } from '../../scenarios/model.js';
import { checkLedger, TABLES_BY_KIND } from './check.js';
import { compareSchema, runCompare } from './compare.js';
import { daySchema, runDay } from './day.js';
import { rampSchema, reliabilitySchema, runRamp, runReliability, runStorage, storageSchema } from './load.js';
import { consensusSchema, dtotalSchema, runConsensus, runDtotal } from './sweeps.js';
import { runSettlement, settlementSchema } from './settlement.js';
import { runTheory, runThroughput, theorySchema, throughputSchema } from './theory.js';
import type { ExperimentResult, LedgerRunCtx } from './types.js';

const experimentSchema = z.discriminatedUnion('kind', [dtotalSchema, consensusSchema, daySchema, rampSchema, reliabilitySchema, storageSchema, compareSchema, theorySchema, throughputSchema, settlementSchema]);

const schema = z
  .object({
    ...scenarioBase('ledger'),
    ledger: poaObject.default(poaObject.parse({})).describe('PoA network parameters (docs/ledger.md)'),
    experiments: z.array(experimentSchema).min(1).describe('what to run, in order: dtotal | consensus | day | ramp | reliability | storage | compare | theory | throughput | settlement'),
  })
  .strict()
  .superRefine((s, ctx) => {
    checkPoa(s.ledger, ctx, ['ledger']);
    const room = s.ledger.maxBlockBytes - s.ledger.headerBytes;
    const check = (size: number, path: (string | number)[]) => {
      if (size > room) ctx.addIssue({ code: 'custom', path, message: `a transaction size that fits in a block (<= maxBlockBytes - headerBytes = ${room} bytes)` });
    };
    const workloads: [unknown, (string | number)[]][] = [];
    s.experiments.forEach((e, k) => {
      if (e.kind === 'dtotal') check(e.size_bytes, ['experiments', k, 'size_bytes']);
      if ('workload' in e) workloads.push([e.workload, ['experiments', k, 'workload']]);
      if (e.kind === 'reliability') e.regions.forEach((r, i) => workloads.push([r.workload, ['experiments', k, 'regions', i, 'workload']]));
    });
    for (const [w, path] of workloads) {
      (w as { mix: { size_bytes: number }[] }).mix.forEach((c, i) => check(c.size_bytes, [...path, 'mix', i, 'size_bytes']));
    }
  });

export type LedgerScenario = z.output<typeof schema>;

export const ledgerModel: ModelDefinition<LedgerScenario> = {
  name: 'ledger',
  description: 'simulated Proof-of-Authority ledger experiments (paper Figs. 12-21, Table 3)',
  schema,
  check: (s, ctx) => checkLedger(s, ctx.scenarioFile),
  run(s, ctx) {
    const lc: LedgerRunCtx = { seed: ctx.seed, file: ctx.scenarioFile, log: (m) => ctx.log(m) };
    const metrics: Record<string, unknown> = {};
    const tables: Record<string, Row[]> = {};
    const timings: Record<string, number> = {};
    let ledger: Record<string, unknown>[] | undefined;
    for (const e of s.experiments) {
      const t0 = performance.now();
      const r = runExperiment(e, s.ledger, lc);
      timings[`ledger_${e.kind}_ms`] = performance.now() - t0;
      Object.assign(metrics, r.metrics);
      for (const [name, rows] of Object.entries(r.tables)) {
        // checkLedger refused two experiments writing one table before anything ran
        if (tables[name] || !TABLES_BY_KIND[e.kind].includes(name)) throw new Error(`internal: experiment ${e.kind} wrote ${name}.csv, not in TABLES_BY_KIND or already written`);
        tables[name] = rows;
      }
      ledger ??= r.ledger;
    }
    return { metrics: { experiments: s.experiments.map((e) => e.kind), ...metrics }, tables, ledger, timings };
  },
};

function runExperiment(e: LedgerScenario['experiments'][number], base: LedgerScenario['ledger'], lc: LedgerRunCtx): ExperimentResult {
  switch (e.kind) {
    case 'dtotal':
      return runDtotal(e, base, lc);
    case 'consensus':
      return runConsensus(e, base, lc);
    case 'day':
      return runDay(e, base, lc);
    case 'ramp':
      return runRamp(e, base, lc);
    case 'reliability':
      return runReliability(e, base, lc);
    case 'storage':
      return runStorage(e, base, lc);
    case 'compare':
      return runCompare(e, base, lc);
    case 'theory':
      return runTheory(e, base, lc);
    case 'throughput':
      return runThroughput(e, base, lc);
    case 'settlement':
      return runSettlement(e, base, lc);
  }
}
