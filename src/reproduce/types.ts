// Types of the figure registry: reproducible figures and tables, the pinned runs they need, and
// the records (tables, summary, events) of one run that figure builders read.
import type { Row } from '../sim/recorder.js';

/** A Vega-Lite spec with its data inlined (`data.values`), as written to `<id>.vl.json`. */
export type VegaLiteSpec = Record<string, unknown>;

export type Family = 'demo' | 'greek' | 'ledger' | 'gvp' | 'community';

/** A pinned scenario run: the scenario file, seed and overrides a figure is regenerated from. */
export interface PinnedRun {
  /** Stable key used by figure definitions (`greek-sc1`). */
  key: string;
  /** Scenario file relative to the package root. */
  file: string;
  seed: number;
  /** Model name the scenario file uses (to say which model is missing). */
  model: string;
  /** `--set` overrides applied on top of the file. */
  set?: string[];
  /**
   * `file` is a sweep file (a seed study): it runs on the sweep's worker pool into
   * `OUT/runs/<key>`, and its records are one row per run in table `runs` (docs/figures.md).
   */
  sweep?: boolean;
}

/** What one run produced, from a RunOutput in memory or from a run directory on disk. */
export interface RunRecords {
  /** Scenario name (summary.scenario). */
  name: string;
  dir?: string;
  summary: {
    scenario?: string;
    seed?: number;
    scenarioHash?: string;
    version?: string;
    kpis: Record<string, unknown>;
    metrics: Record<string, unknown>;
    timings?: Record<string, number>;
  };
  tables: Record<string, Row[]>;
  events?: Record<string, unknown>[];
  /**
   * The resolved scenario the run came from (after `extends`, `--set` and defaults), when known:
   * in memory for a fresh run, or scenario.resolved.yaml of a run directory. Figures annotate
   * obligation bands, limits and windows from it, never from the paper.
   */
  scenario?: Record<string, unknown>;
}

/** How a figure is drawn: `reference` adds the paper's published values as a marked layer (reproduce only). */
export interface FigureOptions {
  reference?: boolean;
}

/** Runs by pinned key. */
export type RunSet = Record<string, RunRecords>;

/** One figure (Vega-Lite) or table (CSV + Markdown) that `vpsim reproduce` regenerates. */
export interface ReproItem {
  id: string;
  kind: 'figure' | 'table';
  family: Family;
  /** Paper reference, e.g. `Energies 2025, Fig. 6`. */
  paperRef: string;
  title: string;
  /** Pinned run keys this item needs. */
  runs: string[];
  /** Builds the Vega-Lite spec (figures, and tables that also have a chart). Throws MissingData. */
  figure?(runs: RunSet, opts?: FigureOptions): VegaLiteSpec;
  /** Builds the table rows (tables). Throws MissingData. */
  table?(runs: RunSet): Row[];
  /**
   * For single-run figures: true when an arbitrary run's records hold what the figure needs,
   * so `vpsim report` and `vpsim run --svg` can draw it for that run (the run is passed under
   * the item's only run key).
   */
  appliesTo?(rec: RunRecords): boolean;
}

/** A run lacks a table, column or metric a figure needs. */
export class MissingData extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingData';
  }
}

/** Our value with a note for the paper-vs-sim table (e.g. the 95% interval over seeds). */
export interface NotedValue {
  value: number;
  note: string;
}

/** Computes our value for one paper-value id from the pinned runs (undefined = not available). */
export type Measure = (runs: RunSet) => number | undefined | NotedValue;
