// A pinned seed study: a sweep file run on the sweep's worker pool into OUT/runs/<key>, read back
// as RunRecords with one row a run in table `runs` (runId, replicate, seed, status, the varied
// parameters by dotted path, every numeric metric and KPI leaf by dotted path). Only records
// that check themselves (runId, seed, parameters, sweep hash, content digest) are read.
import type { Row } from '../sim/recorder.js';
import type { RunRecords } from './types.js';

export async function runPinnedSweep(file: string, dir: string, quiet: boolean, resume: boolean, workers?: number): Promise<RunRecords> {
  const { runSweep } = await import('../sweep/run.js');
  const { numericLeaves, readRecords } = await import('../sweep/results.js');
  // --reuse continues an earlier study (finished runs kept); otherwise the study is run afresh
  // (replacing only the sweep's own files of an earlier one)
  const outcome = await runSweep(file, { out: dir, quiet, resume, force: !resume, workers });
  const recs = readRecords(dir, outcome.plan.runs, () => {}, { strict: true, sweepHash: outcome.plan.sweepHash });
  const rows: Row[] = outcome.plan.runs.map((p) => {
    const rec = recs.get(p.runId);
    const row: Row = { runId: p.runId, replicate: p.replicate, seed: p.seed, status: rec?.status ?? 'missing' };
    for (const [k, v] of Object.entries(p.params)) row[k] = typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);
    if (rec) for (const [k, v] of numericLeaves(rec)) row[k] = v;
    return row;
  });
  return { name: outcome.plan.name, dir, summary: { scenario: outcome.plan.name, kpis: {}, metrics: {} }, tables: { runs: rows } };
}
