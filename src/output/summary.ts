// summary.json: the run's identity, KPIs, metrics and (separately) its wall-clock timings.
import type { RunOutput } from '../scenarios/model.js';

export interface Summary {
  scenario: string;
  scenarioHash: string;
  seed: number;
  version: string;
  kpis: Record<string, unknown>;
  metrics: Record<string, unknown>;
  timings: Record<string, number>;
}

export function buildSummary(meta: { scenario: string; scenarioHash: string; seed: number; version: string }, out: RunOutput, timings: Record<string, number>): Summary {
  return { ...meta, kpis: out.kpis ?? {}, metrics: out.metrics, timings: { ...(out.timings ?? {}), ...timings } };
}

