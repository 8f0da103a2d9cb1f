// Design points from a sweep file: grid (factorial product), list (explicit points), random
// (independent uniform draws) and lhs (Latin hypercube). Sampling draws only from createRng
// streams under the sweep seed, so the points are the same on every machine.
import { z } from 'zod';
import { createRng, type Rng } from '../sim/rng.js';
import { InputError, describeValue } from '../util/errors.js';
import { isPlainObject } from '../scenarios/merge.js';
import { describeIssue } from '../scenarios/zod-issue.js';
import { PATH_RE, MAX_RUNS, type SweepFile } from './schema.js';

export interface DesignPoint {
  /** Parameter values by dotted path, in the sweep file's order. */
  params: Record<string, unknown>;
  /** Sample number for random/lhs designs: two equal draws remain two distinct runs. */
  sample?: number;
}

const valuesSpec = z.object({ values: z.array(z.unknown()).min(1) }).strict();
const stepsSpec = z
  .object({
    from: z.number(),
    to: z.number(),
    steps: z.number().int().min(2).max(MAX_RUNS).optional(),
    step: z.number().positive().optional(),
    scale: z.enum(['linear', 'log']).default('linear'),
    integer: z.boolean().default(false),
  })
  .strict();
const rangeSpec = z
  .object({ min: z.number(), max: z.number(), scale: z.enum(['linear', 'log']).default('linear'), integer: z.boolean().default(false) })
  .strict();

type Sampler = { kind: 'values'; values: unknown[] } | { kind: 'range'; min: number; max: number; log: boolean; integer: boolean };

/** Builds the design points of a validated sweep file. */
export function buildDesign(file: string, sw: SweepFile): DesignPoint[] {
  const params = sw.parameters ?? {};
  const paths = Object.keys(params);
  for (const p of paths) checkPath(file, `parameters`, p);
  for (const p of Object.keys(sw.set ?? {})) checkPath(file, 'set', p);
  const sampled = sw.design === 'random' || sw.design === 'lhs';
  if (sampled && sw.samples === undefined) throw new InputError(file, 'samples', `the number of points to draw for design ${sw.design}`, 'nothing');
  if (!sampled && sw.samples !== undefined) throw new InputError(file, 'samples', `no samples for design ${sw.design} (samples is for design random or lhs)`, String(sw.samples));
  if (sw.design === 'list') {
    if (sw.parameters !== undefined) throw new InputError(file, 'parameters', 'no parameters for design list (give the values in points:)', describeValue(sw.parameters));
    if (sw.points === undefined) throw new InputError(file, 'points', 'a list of points (path: value mappings) for design list', 'nothing');
    return sw.points.map((pt, i) => {
      for (const p of Object.keys(pt)) checkPath(file, `points[${i}]`, p);
      return { params: { ...pt } };
    });
  }
  if (sw.points !== undefined) throw new InputError(file, 'points', `no points for design ${sw.design} (points is for design list)`, describeValue(sw.points));
  if (paths.length === 0) throw new InputError(file, 'parameters', 'at least one parameter to vary', 'nothing');
  if (sw.design === 'grid') return grid(file, params);
  const samplers = paths.map((p) => sampler(file, p, params[p], sw.design));
  const n = sw.samples!;
  const points: DesignPoint[] = Array.from({ length: n }, (_, i) => ({ params: {}, sample: i }));
  paths.forEach((p, j) => {
    // One stream per parameter path: adding a parameter does not change the others' draws.
    const rng = createRng(sw.seed, `sweep:${sw.design}:${p}`);
    const qs = sw.design === 'lhs' ? lhsColumn(rng, n) : Array.from({ length: n }, () => rng.next());
    for (let i = 0; i < n; i++) points[i].params[p] = quantile(samplers[j], qs[i]);
  });
  return points;
}

function checkPath(file: string, where: string, p: string): void {
  if (!PATH_RE.test(p)) throw new InputError(file, `${where}.${p}`, 'a dotted field path such as mm1.arrivalRatePerS or greek.cevs[0].evs', JSON.stringify(p));
  const head = p.split('.')[0];
  if (head === 'seed') throw new InputError(file, `${where}.${p}`, 'a scenario field other than seed (run seeds derive from the sweep seed; use replicates, and seeds: common for the same seed at every design point)', JSON.stringify(p));
  if (head === 'model' || head === 'extends') throw new InputError(file, `${where}.${p}`, `a scenario field other than ${head} (sweep one model per sweep file)`, JSON.stringify(p));
}

function parseSpec<T>(file: string, path: string, schema: z.ZodType<T>, spec: unknown): T {
  const r = schema.safeParse(spec);
  if (r.success) return r.data;
  const parts = describeIssue(r.error.issues[0], spec, schema);
  throw new InputError(file, `parameters.${path}${parts.path ? '.' + parts.path : ''}`, parts.expected, parts.found);
}

function grid(file: string, params: Record<string, unknown>): DesignPoint[] {
  const axes = Object.entries(params).map(([p, spec]) => [p, gridValues(file, p, spec)] as const);
  const total = axes.reduce((n, [, v]) => n * v.length, 1);
  if (total > MAX_RUNS) throw new InputError(file, 'parameters', `a grid of at most ${MAX_RUNS} points`, `${total} points`);
  // The first parameter varies slowest, like nested loops in the order written.
  let points: Record<string, unknown>[] = [{}];
  for (const [p, values] of axes) points = points.flatMap((pt) => values.map((v) => ({ ...pt, [p]: v })));
  return points.map((params) => ({ params }));
}

function gridValues(file: string, p: string, spec: unknown): unknown[] {
  if (Array.isArray(spec)) {
    if (spec.length === 0) throw new InputError(file, `parameters.${p}`, 'at least 1 value', 'an empty list');
    return spec;
  }
  if (isPlainObject(spec) && 'values' in spec) return parseSpec(file, p, valuesSpec, spec).values;
  if (isPlainObject(spec) && 'from' in spec) {
    const s = parseSpec(file, p, stepsSpec, spec);
    if ((s.steps === undefined) === (s.step === undefined)) throw new InputError(file, `parameters.${p}`, 'exactly one of steps (a count) or step (a size)', s.steps === undefined ? 'neither' : 'both');
    if (s.to < s.from) throw new InputError(file, `parameters.${p}.to`, `a number >= from (${s.from})`, String(s.to));
    if (s.step !== undefined && s.scale === 'log') throw new InputError(file, `parameters.${p}.scale`, 'linear with step (use steps for a log-spaced grid)', '"log"');
    if (s.scale === 'log' && !(s.from > 0)) throw new InputError(file, `parameters.${p}.from`, 'a number > 0 for scale log', String(s.from));
    const n = s.steps ?? Math.floor((s.to - s.from) / s.step! + 1e-9) + 1;
    if (n > MAX_RUNS) throw new InputError(file, `parameters.${p}.step`, `a step giving at most ${MAX_RUNS} values`, `${n} values`);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const f = n === 1 ? 0 : i / (n - 1);
      let x = s.step !== undefined ? s.from + i * s.step : s.scale === 'log' ? s.from * (s.to / s.from) ** f : s.from + (s.to - s.from) * f;
      x = s.integer ? Math.round(x) : tidy(x);
      if (out[out.length - 1] !== x) out.push(x);
    }
    return out;
  }
  throw new InputError(file, `parameters.${p}`, 'for design grid a list of values, {values: [...]} or {from, to, steps}', describeValue(spec));
}

function sampler(file: string, p: string, spec: unknown, design: string): Sampler {
  if (Array.isArray(spec)) {
    if (spec.length === 0) throw new InputError(file, `parameters.${p}`, 'at least 1 value', 'an empty list');
    return { kind: 'values', values: spec };
  }
  if (isPlainObject(spec) && 'values' in spec) return { kind: 'values', values: parseSpec(file, p, valuesSpec, spec).values };
  if (isPlainObject(spec) && 'min' in spec) {
    const s = parseSpec(file, p, rangeSpec, spec);
    if (s.max < s.min) throw new InputError(file, `parameters.${p}.max`, `a number >= min (${s.min})`, String(s.max));
    if (s.scale === 'log' && !(s.min > 0)) throw new InputError(file, `parameters.${p}.min`, 'a number > 0 for scale log', String(s.min));
    if (s.integer && (!Number.isInteger(s.min) || !Number.isInteger(s.max))) throw new InputError(file, `parameters.${p}`, 'integer min and max for integer: true', `${s.min}..${s.max}`);
    return { kind: 'range', min: s.min, max: s.max, log: s.scale === 'log', integer: s.integer };
  }
  throw new InputError(file, `parameters.${p}`, `for design ${design} a range {min, max} or a list of values`, describeValue(spec));
}

/** Latin hypercube column: one draw in each of n equal strata, strata in random order. */
function lhsColumn(rng: Rng, n: number): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm.map((k) => (k + rng.next()) / n);
}

/** Maps q in [0, 1) to a parameter value. */
function quantile(s: Sampler, q: number): unknown {
  if (s.kind === 'values') return s.values[Math.min(s.values.length - 1, Math.floor(q * s.values.length))];
  if (s.integer && s.log) return Math.min(s.max, Math.floor(Math.exp(Math.log(s.min) + q * (Math.log(s.max + 1) - Math.log(s.min)))));
  if (s.integer) return Math.min(s.max, s.min + Math.floor(q * (s.max - s.min + 1)));
  const x = s.log ? Math.exp(Math.log(s.min) + q * (Math.log(s.max) - Math.log(s.min))) : s.min + q * (s.max - s.min);
  return Math.min(s.max, Math.max(s.min, x));
}

/** Removes binary noise from computed grid values (0.30000000000000004 -> 0.3). */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}
