// Turns a zod issue into the (path, expected, found) triple of an InputError.
import type { z } from 'zod';
import { describeValue } from '../util/errors.js';
import { didYouMean } from '../util/suggest.js';

export interface IssueParts {
  path: string;
  expected: string;
  found: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s;
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[p as any];
  }
  return v;
}

/** The schema nodes a path can lead to (through wrappers, lists, records and unions). */
function schemasAt(schema: unknown, path: readonly PropertyKey[]): any[] {
  let cur: any[] = [schema];
  const unwrap = (s: any): any[] => {
    const d = s?._zod?.def;
    if (!d) return [];
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) return unwrap(d.innerType);
    if (d.type === 'pipe') return unwrap(d.in);
    if (d.type === 'lazy') return unwrap(d.getter());
    if (d.type === 'union') return d.options.flatMap(unwrap);
    return [s];
  };
  cur = cur.flatMap(unwrap);
  for (const p of path) {
    cur = cur.flatMap((s) => {
      const d = s._zod.def;
      if (d.type === 'object') return d.shape[p as string] ? unwrap(d.shape[p as string]) : [];
      if (d.type === 'array') return unwrap(d.element);
      if (d.type === 'record') return unwrap(d.valueType);
      if (d.type === 'tuple') return typeof p === 'number' && d.items[p] ? unwrap(d.items[p]) : [];
      return [];
    });
  }
  return cur;
}

/** Field names an object schema at `path` accepts. */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, path)) if (s._zod.def.type === 'object') for (const k of Object.keys(s._zod.def.shape)) keys.add(k);
  return [...keys];
}

/** A percentage field renamed to its fraction ('socInitPct: 30' -> 'socInit: 0.3'): the did-you-mean names the new field and the value. */
function pctRenameHint(key: string, value: unknown, known: string[]): string | undefined {
  const m = /^(.+)Pct$/.exec(key);
  if (!m || !known.includes(m[1])) return undefined;
  const as = typeof value === 'number' ? `: ${Number((value / 100).toPrecision(12))}` : '';
  return ` (did you mean '${m[1]}${as}'? it is a fraction 0-1, not a percentage)`;
}

/** Describes one zod issue against the raw input it came from (and, for did-you-mean, its schema). */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown, schema?: unknown): IssueParts {
  const found = describeValue(valueAt(raw, issue.path));
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return { path, expected: issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`, found };
    case 'too_small':
      return { path, expected: boundText(issue.origin, 'at least', '>', issue.inclusive, issue.minimum), found };
    case 'too_big':
      return { path, expected: boundText(issue.origin, 'at most', '<', issue.inclusive, issue.maximum), found };
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const full = formatPath([...issue.path, key]);
      const known = schema ? knownKeysAt(schema, issue.path) : [];
      const hint = pctRenameHint(key, valueAt(raw, [...issue.path, key]), known) ?? didYouMean(key, known);
      const others = issue.keys.length > 1 ? ` (also unknown: ${issue.keys.slice(1).map((k) => `'${k}'`).join(', ')})` : '';
      const expected = known.length > 0 ? `one of the fields ${known.join(', ')}` : 'a known field';
      return { path: full, expected, found: `unknown field '${key}'${hint}${others}` };
    }
    case 'invalid_value': {
      const v = valueAt(raw, issue.path);
      const hint = typeof v === 'string' ? didYouMean(v, issue.values.filter((x): x is string => typeof x === 'string')) : '';
      return { path, expected: `one of ${issue.values.map((x) => JSON.stringify(x)).join(', ')}`, found: found + hint };
    }
    case 'invalid_union':
      return { path, expected: 'a value matching one of the allowed forms', found };
    case 'invalid_format':
      return { path, expected: `a ${issue.format} string`, found };
    default:
      return { path, expected: issue.message, found };
  }
}

/** "at least 3 items" for lists and strings, "a number >= 3" for numbers. */
function boundText(origin: string, words: string, op: '>' | '<', inclusive: boolean | undefined, bound: number | bigint): string {
  if (origin === 'array' || origin === 'string') return `${words} ${bound} ${origin === 'array' ? 'items' : 'characters'}`;
  return `a number ${op}${inclusive === false ? '' : '='} ${bound}`;
}
