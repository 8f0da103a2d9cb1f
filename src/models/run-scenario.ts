// Runs one scenario end to end: load, run the model, write the output directory.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { VERSION } from '../version.js';
import { buildSummary, type Summary } from '../output/summary.js';
import type { LoadOptions } from '../scenarios/load.js';
import { loadScenario } from './registry.js';
import { InputError } from '../util/errors.js';
import { createRunProgress } from './run-progress.js';
import type { RunOutput } from '../scenarios/model.js';

export interface RunOptions extends LoadOptions {
  out?: string;
  quiet?: boolean;
  trace?: boolean;
  /** Skip writing files (for tests and sweeps that only need the summary). */
  noWrite?: boolean;
}

export interface RunResult {
  dir: string;
  summary: Summary;
  output: RunOutput;
  /** The resolved scenario (after extends, --set and defaults). */
  scenario: Record<string, unknown>;
}

export async function runScenarioFile(file: string, opts: RunOptions = {}): Promise<RunResult> {
  const t0 = performance.now();
  const loaded = await loadScenario(file, opts);
  const { scenario } = loaded;
  if (opts.trace && !loaded.model.traces) {
    throw new InputError('--trace', '', 'a model that records a message trace (mm1, greek)', `model ${loaded.model.name}, whose runs do not go through the message kernel (nothing to trace)`);
  }
  const bar = await createRunProgress(scenario.name, { quiet: opts.quiet });
  const t1 = performance.now();
  let output: RunOutput;
  try {
    output = await loaded.model.run(scenario, { seed: scenario.seed, scenarioFile: file, log: bar.log, progress: bar.progress, trace: opts.trace });
  } finally {
    bar.stop();
  }
  const t2 = performance.now();
  const summary = buildSummary(
    { scenario: scenario.name, scenarioHash: loaded.hash, seed: scenario.seed, version: VERSION },
    output,
    { loadMs: round(t1 - t0), runMs: round(t2 - t1) }
  );
  const dir = opts.out ?? join('out', scenario.name);
  if (!opts.noWrite) {
    // loaded only when writing: sweep workers (noWrite) skip the CSV machinery
    const { writeRunOutput } = await import('../output/run-output.js');
    await writeRunOutput(dir, summary, output, output.trace);
  }
  return { dir, summary, output, scenario };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
