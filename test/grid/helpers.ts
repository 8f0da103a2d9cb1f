// Shared test helpers for the grid tests.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFeederJson } from '../../src/grid/feeder-json.js';
import { loadPreparedFeeder } from '../../src/grid/load-feeder.js';
import { prepareFeeder, type PreparedFeeder } from '../../src/grid/topology.js';
import type { Feeder } from '../../src/grid/types.js';
import { InputError } from '../../src/util/errors.js';

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
/** A file of the project's shared data folder, next to the checkout (or one level up, from a worktree). */
export const sharedData = (rel: string) => {
  const near = fileURLToPath(new URL(`../../../shared/data/${rel}`, import.meta.url));
  return existsSync(near) ? near : fileURLToPath(new URL(`../../../../shared/data/${rel}`, import.meta.url));
};

export function bundled(name: 'case33bw' | 'case69' | 'mv40'): PreparedFeeder {
  return loadPreparedFeeder(name);
}

/** The raw JSON object of a bundled feeder, to mutate in bad-input tests. */
export function rawFeeder(name: string): any {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../data/feeders/${name}.json`, import.meta.url)), 'utf8'));
}

export function prepareRaw(raw: unknown, file = 'test.json'): PreparedFeeder {
  return prepareFeeder(parseFeederJson(raw, file));
}

export function feederOf(raw: unknown, file = 'test.json'): Feeder {
  return parseFeederJson(raw, file);
}

/** Runs f and returns the InputError it throws (fails the test when it throws something else). */
export function inputErrorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
