// summary.json: the run's identity, overrides, KPIs, metrics, anchor and (separately) its wall-clock timings.
import type { Anchor } from '../ledger/anchor.js';
import type { RunOutput } from '../scenarios/model.js';
import { camelKeys } from './json-keys.js';

export interface Summary {
  scenario: string;
  scenarioHash: string;
  seed: number;
  version: string;
  /** The command-line overrides of this run (`--set a.b=v`, `--seed N`), in order. */
  overrides?: string[];
  kpis: Record<string, unknown>;
  metrics: Record<string, unknown>;
  /** What the run's records must be, signed with the keystore's anchor key (written runs only). */
  anchor?: Anchor;
  timings: Record<string, number>;
}

export function buildSummary(
  meta: { scenario: string; scenarioHash: string; seed: number; version: string; overrides?: string[] },
  out: RunOutput,
  timings: Record<string, number>
): Summary {
  const { overrides = [], ...m } = meta;
  // field keys in camelCase with the unit suffix (welfare_mu -> welfareMu), data maps as they are
  return { ...m, overrides, kpis: camelKeys(out.kpis ?? {}, ['kpis']), metrics: camelKeys(out.metrics, ['metrics']), timings: camelKeys({ ...(out.timings ?? {}), ...timings }, ['timings']) };
}
