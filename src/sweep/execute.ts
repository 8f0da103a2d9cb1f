// One sweep run, executed the same way in a worker thread or in the main thread (--workers 0).
import { runScenarioFile } from '../models/run-scenario.js';
import { InputError } from '../util/errors.js';

export interface RunTask {
  runId: string;
  scenarioFile: string;
  /** `a.b=<json>` overrides: the sweep's fixed set, then this run's parameters. */
  set: string[];
  seed: number;
}

/** ok: the run finished; failed: its scenario was invalid (input error); error: it crashed. */
export type RunStatus = 'ok' | 'failed' | 'error';

export interface RunReply {
  runId: string;
  status: RunStatus;
  error: string;
  scenario?: string;
  scenarioHash?: string;
  version?: string;
  metrics: Record<string, unknown>;
  kpis: Record<string, unknown>;
  /** Wall-clock ms; never part of results.csv, so results stay deterministic. */
  timings: Record<string, number>;
}

export async function executeRun(task: RunTask): Promise<RunReply> {
  try {
    // noWrite: a sweep keeps the summary only; the tables would dominate the run's cost.
    const { summary } = await runScenarioFile(task.scenarioFile, { set: task.set, seed: task.seed, quiet: true, noWrite: true });
    return {
      runId: task.runId,
      status: 'ok',
      error: '',
      scenario: summary.scenario,
      scenarioHash: summary.scenarioHash,
      version: summary.version,
      metrics: summary.metrics,
      kpis: summary.kpis,
      timings: summary.timings,
    };
  } catch (err) {
    // Input errors (a parameter value the model rejects) are results; anything else is a crash.
    if (err instanceof InputError) {
      // The run's overrides come from the sweep, so "--set a.b" adds nothing: name the field only.
      const msg = err.file.startsWith('--set ') ? `${err.path}: expected ${err.expected}, found ${err.found}` : err.message;
      return { runId: task.runId, status: 'failed', error: msg, metrics: {}, kpis: {}, timings: {} };
    }
    const e = err as { exitCode?: number; message?: string; stack?: string };
    const status: RunStatus = e?.exitCode === 2 ? 'failed' : 'error';
    return { runId: task.runId, status, error: String(e?.message ?? err), metrics: {}, kpis: {}, timings: {} };
  }
}
