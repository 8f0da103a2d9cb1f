// Finds and reads a feeder: a bundled name (data/feeders/<name>.json, located relative to this
// package, not the working directory) or a path to a JSON or MATPOWER .m file.
import { existsSync } from 'node:fs';
import { readTextBounded } from '../util/bounded-read.js';
import { fileURLToPath } from 'node:url';
import { InputError } from '../util/errors.js';
import { parseFeederJson } from './feeder-json.js';
import { parseMatpower } from './matpower.js';
import { prepareFeeder, type PreparedFeeder } from './topology.js';
import type { Feeder } from './types.js';

export const BUNDLED_FEEDERS = ['case33bw', 'case69', 'mv40'] as const;
export type BundledFeeder = (typeof BUNDLED_FEEDERS)[number];

/** data/feeders/ of this package (same relative place from src/grid and dist/grid). */
export function bundledFeederDir(): string {
  return fileURLToPath(new URL('../../data/feeders/', import.meta.url));
}

export function isBundledFeeder(name: string): name is BundledFeeder {
  return (BUNDLED_FEEDERS as readonly string[]).includes(name);
}

/** Reads a feeder by bundled name or file path. Throws InputError for anything unusable. */
export function loadFeeder(spec: string): Feeder {
  const file = isBundledFeeder(spec) ? `${bundledFeederDir()}${spec}.json` : spec;
  if (!existsSync(file)) {
    throw new InputError(spec, '', `a bundled feeder (${BUNDLED_FEEDERS.join(', ')}) or an existing .json or .m file`, 'no such feeder or file');
  }
  const isM = /\.m$/i.test(file);
  if (!isM && !/\.json$/i.test(file)) throw new InputError(file, '', 'a feeder file ending in .json or .m', 'another extension');
  // bounded: a regular file under the input size limit (never a device or FIFO)
  const text = readTextBounded(file, file, 'feeder file');
  return isM ? parseMatpower(text, file) : parseFeederJson(text, file);
}

/** loadFeeder + prepareFeeder: the usual way to get a feeder ready for solvePowerFlow. */
export function loadPreparedFeeder(spec: string): PreparedFeeder {
  return prepareFeeder(loadFeeder(spec));
}
