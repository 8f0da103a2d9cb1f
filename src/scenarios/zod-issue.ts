// Turns a zod issue into the (path, expected, found) triple of an InputError.
import type { z } from 'zod';
import { describeValue } from '../util/errors.js';

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

/** Describes one zod issue against the raw input it came from. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): IssueParts {
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
      return { path: full, expected: 'no such field (unknown field)', found: `field '${key}'` };
    }
    case 'invalid_value':
      return { path, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, found };
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
