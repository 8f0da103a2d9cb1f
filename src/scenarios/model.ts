// The contract between the run command and a model (mm1, ledger, greek, gvp, ...).
// A model owns a zod schema for its scenario files and a run function from scenario to records.
import { z } from 'zod';
import type { Row } from '../sim/recorder.js';
import type { InputError } from '../util/errors.js';

export interface RunContext {
  seed: number;
  /** Path of the scenario file (for messages). */
  scenarioFile: string;
  /** Prints a progress line to stderr (quiet in tests). */
  log(message: string): void;
  /** Reports how far the run is (a bar with ETA on a terminal, plain lines in CI); optional. */
  progress?(done: number, total: number, unit?: string): void;
  /** Keep a message trace (Simulation({ trace: true })) and return it as RunOutput.trace. */
  trace?: boolean;
}

export interface RunOutput {
  /** Case-specific results, written under summary.json `metrics`. */
  metrics: Record<string, unknown>;
  /** KPIs (K1..K10 or model-specific), written under summary.json `kpis`. */
  kpis?: Record<string, unknown>;
  /** Tables written as `<name>.csv`; column names carry units (`p_kw`, `t_s`). */
  tables: Record<string, Row[]>;
  /** Lifecycle events, written as events.jsonl in commit order. */
  events?: Iterable<unknown>;
  /** Ledger blocks, written as ledger.jsonl, one block a line (an array, or an iterable that makes them as it is iterated). */
  ledger?: Iterable<unknown>;
  /** Vega-Lite specs with data inlined, written as figures/<name>.vl.json. */
  figures?: Record<string, unknown>;
  /** Wall-clock timings in ms (excluded from determinism checks). */
  timings?: Record<string, number>;
  /** The kernel's message trace when RunContext.trace was set; written as trace.jsonl. */
  trace?: unknown[];
}

export interface ModelDefinition<S = any> {
  name: string;
  description: string;
  /** Full scenario schema: use `scenarioBase(name)` fields plus model sections, `.strict()`. */
  schema: z.ZodType<S>;
  run(scenario: S, ctx: RunContext): Promise<RunOutput> | RunOutput;
  /**
   * Cross-field checks the schema cannot express (feeders, buses, names that refer to each other),
   * on a schema-valid scenario. Returns every problem found (empty = fine); reads files but
   * simulates nothing. Called when a scenario is loaded, so `validate`, `sweep --dry-run` and `run`
   * refuse the same scenarios.
   */
  check?(scenario: S, ctx: { scenarioFile: string }): InputError[] | Promise<InputError[]>;
  /** The model runs on the message kernel and returns its trace for `--trace` (others refuse the flag). */
  traces?: boolean;
}

/** Models by name, each loaded on first use. */
export type ModelRegistry = Record<string, () => Promise<ModelDefinition>>;

/** Fields every scenario has. Spread into a model's z.object({...}) and call .strict(). */
export function scenarioBase<N extends string>(model: N) {
  return {
    name: scenarioName().describe('scenario name; the default output directory is out/<name>'),
    model: z.literal(model).describe('which model runs this scenario'),
    seed: z.number().int().min(0).default(1).describe('global seed; every agent stream derives from it'),
    description: z.string().optional(),
  };
}

/** Longest scenario or sweep name. */
export const MAX_NAME_LENGTH = 100;

/** Why `name` is not a usable name (it names a directory under out/), or null when it is. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.length > MAX_NAME_LENGTH) return `a name of ${name.length} characters`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a name with a control character (NUL, newline, ...)';
  if (/[\/\\]/.test(name)) return 'a name with a path separator';
  if (name === '.' || name === '..' || name.includes('..')) return "a name with '..'";
  if (name.startsWith('.') || name.startsWith('-')) return `a name starting with '${name[0]}'`;
  if (name.trim() !== name) return 'a name with leading or trailing spaces';
  return null;
}

/** A scenario/sweep name: a plain name, never a path (no separators, '..', NUL or control characters). */
export function scenarioName() {
  return z.string().superRefine((v, ctx) => {
    const p = nameProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: `a plain name (letters, digits, spaces, _ . -; at most ${MAX_NAME_LENGTH} characters; no path separators, '..', control characters)`, params: { found: p } });
  });
}
