// Sweep files: the zod schema of the top level and the reader that turns a YAML/JSON file into a
// validated SweepFile (InputError, exit 2, with file + field path for every mistake).
import { basename } from 'node:path';
import { z } from 'zod';
import { InputError, InputErrors } from '../util/errors.js';
import { describeIssue } from '../scenarios/zod-issue.js';
import { readMappingFile } from '../scenarios/read-file.js';

export const DESIGNS = ['grid', 'list', 'random', 'lhs'] as const;
export type Design = (typeof DESIGNS)[number];

/** A dotted field path of a scenario, the same form `--set a.b=value` accepts. */
export const PATH_RE = /^[A-Za-z0-9_-]+(\[\d+\])*(\.[A-Za-z0-9_-]+(\[\d+\])*)*$/;
const METRIC_RE = /^(metrics|kpis)(\.[A-Za-z0-9_-]+)*$/;

export const MAX_RUNS = 1_000_000;

export const sweepSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/).refine((n) => !n.includes('..'), { message: "a name without '..'" }).optional().describe('sweep name; default output directory out/sweeps/<name>'),
    description: z.string().optional(),
    scenario: z.string().min(1).describe('base scenario file, relative to the sweep file'),
    seed: z.number().int().min(0).default(1).describe('sweep seed; every run seed derives from it and the runId'),
    replicates: z.number().int().min(1).max(MAX_RUNS).default(1).describe('runs per design point, each with its own seed'),
    seeds: z
      .enum(['independent', 'common'])
      .default('independent')
      .describe('independent: every run its own seed; common: every design point of a replicate gets the same seed (common random numbers)'),
    design: z.enum(DESIGNS).default('grid').describe('grid (factorial), list (explicit points), random or lhs (Latin hypercube)'),
    samples: z.number().int().min(1).max(MAX_RUNS).optional().describe('points drawn by design random or lhs'),
    parameters: z.record(z.string(), z.unknown()).optional().describe('varied fields by dotted path'),
    points: z.array(z.record(z.string(), z.unknown())).min(1).optional().describe('design list: one mapping of path: value per point'),
    set: z.record(z.string(), z.unknown()).optional().describe('fixed overrides applied to every run, by dotted path'),
    timeoutS: z.number().positive().optional().describe('stop a run after this many seconds (status error; --resume retries it)'),
    metrics: z.array(z.string().regex(METRIC_RE)).min(1).optional().describe('result columns: metrics.* / kpis.* paths (default all numeric leaves)'),
  })
  .strict();

export type SweepFile = z.infer<typeof sweepSchema>;

/** Reads and validates a sweep file. Design-specific rules are checked in design.ts. */
export function readSweepFile(file: string): SweepFile & { name: string } {
  const raw = readMappingFile(file, file, 'sweep');
  const parsed = sweepSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const parts = describeIssue(issue, raw, sweepSchema);
      let expected = parts.expected;
      if (issue.code === 'invalid_format' && parts.path.startsWith('metrics')) expected = 'a path starting with metrics. or kpis. (e.g. metrics.meanWaitS)';
      else if (issue.code === 'invalid_format' && parts.path === 'name') expected = 'a name of letters, digits, _ . -';
      return new InputError(file, parts.path, expected, parts.found);
    });
    throw problems.length === 1 ? problems[0] : new InputErrors(problems);
  }
  const name = parsed.data.name ?? basename(file).replace(/\.(ya?ml|json)$/i, '');
  return { ...parsed.data, name };
}
