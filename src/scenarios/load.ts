// Scenario files: YAML or JSON, `extends:` inheritance, `--set a.b=value` overrides, schema
// validation with defaults, and a content hash of the resolved scenario.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { InputError, InputErrors, describeValue } from '../util/errors.js';
import { canonicalJson, deepMerge, isPlainObject } from './merge.js';
import type { ModelDefinition, ModelRegistry } from './model.js';
import { readMappingFile, topLevelKeyLine } from './read-file.js';
import { describeIssue, formatPath, valueAt } from './zod-issue.js';

export interface LoadedScenario<S = any> {
  file: string;
  model: ModelDefinition<S>;
  /** Validated scenario with defaults filled in. */
  scenario: S & { name: string; model: string; seed: number };
  /** SHA-256 of the canonical JSON of the resolved scenario. */
  hash: string;
}

export interface LoadOptions {
  /** `a.b=value` overrides, applied after `extends` is resolved. */
  set?: string[];
  seed?: number;
  /** Skip the model's cross-field check (ModelDefinition.check), e.g. when only the hash is needed. */
  skipCheck?: boolean;
}

/** Reads, resolves and validates a scenario file against the schema of its model in `models`. */
export async function loadScenarioWith(models: ModelRegistry, file: string, opts: LoadOptions = {}): Promise<LoadedScenario> {
  const layers: Layer[] = [];
  let raw: unknown = readResolved(resolve(file), file, [], layers);
  const setPaths: string[] = [];
  for (const s of opts.set ?? []) {
    const { path, value } = parseSet(s);
    raw = applySet(raw, path, value, s, []);
    setPaths.push(formatPath(path.map((p) => (/^\d+$/.test(p) ? Number(p) : p))));
  }
  if (opts.seed !== undefined) {
    if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new InputError('--seed', 'seed', 'a non-negative integer', String(opts.seed));
    raw = { ...(raw as object), seed: opts.seed };
  }
  if (!isPlainObject(raw)) throw new InputError(file, '', 'a mapping of scenario fields', describeValue(raw));
  /** Where a value came from: the `--set` that wrote it, else the last file of the extends chain holding it. */
  const holderOf = (keys: (string | number)[], shownPaths: string[]): string => {
    const fromSet = setPaths.find((p) => shownPaths.some((d) => d === p || d.startsWith(p + '.') || d.startsWith(p + '[')));
    if (fromSet) return `--set ${fromSet}`;
    return [...layers].reverse().find((l) => valueAt(l.doc, keys) !== undefined)?.shown ?? file;
  };
  const modelName = raw.model;
  const loader = typeof modelName === 'string' ? models[modelName] : undefined;
  if (!loader) {
    const holder = [...layers].reverse().find((l) => l.doc.model !== undefined);
    throw new InputError(holder?.shown ?? file, 'model', `one of ${Object.keys(models).sort().join(', ')}`, describeValue(modelName));
  }
  const model = await loader();
  const parsed = model.schema.safeParse(raw);
  if (!parsed.success) {
    // every problem, one line each, naming the file that holds the value (the last file of the
    // extends chain that sets it) or --set when an override caused it
    const all = parsed.error.issues.map((issue) => {
      const parts = describeIssue(issue, raw, model.schema);
      const dotted = issuePathDotted(issue.path, issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined);
      const fromSet = setPaths.find((p) => p.startsWith(dotted + '.'));
      const keyPath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
      const where = fromSet ? `--set ${fromSet}` : holderOf(keyPath.map((k) => (typeof k === 'symbol' ? String(k) : k)), [dotted, parts.path]);
      return new InputError(where, parts.path, parts.expected, parts.found);
    });
    // one line per value: a cross-field rule on a value already refused (socInit 1.5, above
    // its range and above socMax) adds nothing to the first line
    const seen = new Set<string>();
    const problems = all.filter((p) => p.path === '' || (!seen.has(p.path) && Boolean(seen.add(p.path))));
    throw problems.length === 1 ? problems[0] : new InputErrors(problems);
  }
  const scenario = parsed.data as LoadedScenario['scenario'];
  // no physical quantity of any model comes near 1e15 (and sums of such values must stay finite)
  const huge = hugeNumber(scenario, []);
  if (huge) {
    const where = holderOf(huge.path, [huge.path.join('.'), formatPathOf(huge.path)]);
    throw new InputError(where, formatPathOf(huge.path), `a finite number of magnitude at most ${MAX_MAGNITUDE}`, String(huge.value));
  }
  if (model.check && !opts.skipCheck) {
    // a cross-field rule names the value it refuses; name where that value came from, like the
    // schema's own errors (an override, or the file of the extends chain that sets it)
    const problems = (await model.check(scenario, { scenarioFile: file })).map((p) =>
      p.file === file && p.path ? new InputError(holderOf(keysOfPath(p.path), [p.path, keysOfPath(p.path).join('.')]), p.path, p.expected, p.found) : p
    );
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) throw new InputErrors(problems);
  }
  const hash = createHash('sha256').update(canonicalJson(scenario)).digest('hex');
  return { file, model, scenario, hash };
}

/** Largest magnitude of any number in a scenario (seeds aside). */
export const MAX_MAGNITUDE = 1e15;

function hugeNumber(v: unknown, path: (string | number)[]): { path: (string | number)[]; value: number } | null {
  if (typeof v === 'number') return !Number.isFinite(v) || Math.abs(v) > MAX_MAGNITUDE ? { path, value: v } : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = hugeNumber(v[i], [...path, i]);
      if (r) return r;
    }
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'seed' && path.length === 0) continue;
      const r = hugeNumber(x, [...path, k]);
      if (r) return r;
    }
  }
  return null;
}

/** The keys of a shown path, `greek.cevs[0].bus` -> ['greek', 'cevs', 0, 'bus']. */
function keysOfPath(shown: string): (string | number)[] {
  return shown
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .map((k) => (/^\[\d+\]$/.test(k) ? Number(k.slice(1, -1)) : k));
}

function formatPathOf(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

interface Layer {
  shown: string;
  doc: Record<string, unknown>;
}

function issuePathDotted(path: readonly PropertyKey[], key?: string): string {
  return [...path, ...(key === undefined ? [] : [key])].map(String).join('.');
}

/** How a file of an extends chain is named in messages: relative to the working directory when inside it. */
function shownPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** At most this many files in one extends chain. */
const MAX_EXTENDS_DEPTH = 32;

/**
 * Reads a file and resolves its `extends:` chain (paths relative to the extending file). `layers`
 * receives every file of the chain, base first, so a message can name the file holding a value.
 */
function readResolved(abs: string, shown: string, chain: string[], layers: Layer[]): Record<string, unknown> {
  const doc = parseFile(abs, shown);
  const parent = doc.extends;
  delete doc.extends;
  if (parent === undefined) {
    layers.push({ shown, doc: structuredClone(doc) });
    return doc;
  }
  // a problem of the extends line names the extending file and the line
  const line = topLevelKeyLine(abs, shown, 'extends');
  const at = line === null ? 'extends' : `extends (line ${line})`;
  if (typeof parent !== 'string' || parent.length === 0 || parent.includes('\0')) {
    throw new InputError(shown, at, 'a path to another scenario file', describeValue(parent));
  }
  const parentAbs = resolve(dirname(abs), parent);
  if (parentAbs === abs || chain.includes(parentAbs)) {
    throw new InputError(shown, at, 'a chain of scenario files without a cycle', `a cycle back to ${JSON.stringify(parent)}`);
  }
  if (chain.length + 1 >= MAX_EXTENDS_DEPTH) throw new InputError(shown, at, `a chain of at most ${MAX_EXTENDS_DEPTH} files`, 'a longer chain');
  let missing = false;
  try {
    statSync(parentAbs);
  } catch {
    missing = true;
  }
  if (missing) throw new InputError(shown, at, 'an existing scenario file (relative to this file)', `${JSON.stringify(parent)}, no such file ${parentAbs}`);
  const base = readResolved(parentAbs, shownPath(parentAbs), [...chain, abs], layers);
  layers.push({ shown, doc: structuredClone(doc) });
  return deepMerge(base, doc) as Record<string, unknown>;
}

function parseFile(abs: string, shown: string): Record<string, unknown> {
  return readMappingFile(abs, shown, 'scenario');
}

/** `a.b[2].c=value` (or `a.b.2.c=value`): the path as segments, list indices as digit strings. */
export function parseSet(arg: string): { path: string[]; value: unknown } {
  const eq = arg.indexOf('=');
  const key = eq > 0 ? arg.slice(0, eq) : '';
  const wellFormed = /^[A-Za-z0-9_-]+(\[\d+\])*(\.[A-Za-z0-9_-]+(\[\d+\])*)*$/.test(key);
  const path = key.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (eq <= 0 || !wellFormed || path.some((p) => p === '' || !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw new InputError('--set', arg, 'a.b=value or a.list[0].b=value (dot-separated field names, [i] for a list item, then =)', JSON.stringify(arg));
  }
  const text = arg.slice(eq + 1);
  let value: unknown;
  try {
    value = text === '' ? '' : YAML.parse(text);
  } catch {
    value = text;
  }
  return { path, value };
}

function applySet(root: unknown, path: string[], value: unknown, arg: string, done: string[]): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const here = [...done, head];
  if (Array.isArray(root) && /^\d+$/.test(head)) {
    const i = Number(head);
    if (i >= root.length) throw new InputError(`--set ${arg}`, here.join('.'), `an index below ${root.length}`, String(i));
    const copy = root.slice();
    copy[i] = applySet(copy[i], rest, value, arg, here);
    return copy;
  }
  if (root === undefined) root = {};
  if (!isPlainObject(root)) {
    const at = done.length ? done.join('.') : '(top level)';
    throw new InputError(`--set ${arg}`, at, 'an object with fields', describeValue(root));
  }
  return { ...root, [head]: applySet(root[head], rest, value, arg, here) };
}
