// Reads a feeder from its JSON form (the format of data/feeders/*.json) with field-level checks.
// Structural checks (bus references, radiality, connectivity) happen in prepareFeeder.
import { InputError, describeValue } from '../util/errors.js';
import { DEFAULT_VMAX_PU, DEFAULT_VMIN_PU, type Feeder, type FeederBranch, type FeederBus } from './types.js';

const TOP_FIELDS = new Set([
  'name', 'source', 'description', 'units', 'baseKV', 'baseMVA', 'slackBus', 'slackVmPu', 'vMinPu', 'vMaxPu',
  'buses', 'branches', 'totals',
]);
const BUS_FIELDS = new Set(['id', 'pKw', 'qKvar', 'vMinPu', 'vMaxPu', 'name']);
const BRANCH_FIELDS = new Set(['from', 'to', 'rOhm', 'xOhm', 'inService', 'maxCurrentA', 'lengthKm', 'kind']);

type Obj = Record<string, unknown>;

/** Parses JSON text (or an already parsed value) into a Feeder. `file` is used in messages. */
export function parseFeederJson(input: string | unknown, file: string): Feeder {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new InputError(file, '', 'valid JSON', `a syntax error (${(e as Error).message})`);
    }
  }
  const top = object(raw, file, '');
  unknownFields(top, TOP_FIELDS, file, '');
  const baseKV = num(top, 'baseKV', file, '', { min: 0, exclusive: true });
  const baseMVA = num(top, 'baseMVA', file, '', { min: 0, exclusive: true, default: 10 });
  const vMinPu = num(top, 'vMinPu', file, '', { min: 0, exclusive: true, default: DEFAULT_VMIN_PU });
  const vMaxPu = num(top, 'vMaxPu', file, '', { min: vMinPu, default: DEFAULT_VMAX_PU });
  const slackVmPu = num(top, 'slackVmPu', file, '', { min: 0, exclusive: true, default: 1 });
  const slackBus = int(top, 'slackBus', file, '');
  const name = top.name === undefined ? file.replace(/^.*[\\/]/, '').replace(/\.json$/i, '') : str(top, 'name', file, '');

  const busList = list(top, 'buses', file);
  const buses: FeederBus[] = busList.map((b, i) => {
    const p = `buses[${i}]`;
    const o = object(b, file, p);
    unknownFields(o, BUS_FIELDS, file, p);
    const bus: FeederBus = { id: int(o, 'id', file, p), pKw: num(o, 'pKw', file, p), qKvar: num(o, 'qKvar', file, p) };
    if (o.vMinPu !== undefined) bus.vMinPu = num(o, 'vMinPu', file, p, { min: 0, exclusive: true });
    if (o.vMaxPu !== undefined) bus.vMaxPu = num(o, 'vMaxPu', file, p, { min: bus.vMinPu ?? 0, exclusive: true });
    if (o.name !== undefined) bus.name = str(o, 'name', file, p);
    return bus;
  });

  const branches: FeederBranch[] = list(top, 'branches', file).map((b, i) => {
    const p = `branches[${i}]`;
    const o = object(b, file, p);
    unknownFields(o, BRANCH_FIELDS, file, p);
    const br: FeederBranch = {
      from: int(o, 'from', file, p),
      to: int(o, 'to', file, p),
      rOhm: num(o, 'rOhm', file, p),
      xOhm: num(o, 'xOhm', file, p),
      inService: o.inService === undefined ? true : bool(o, 'inService', file, p),
    };
    if (o.maxCurrentA !== undefined) br.maxCurrentA = num(o, 'maxCurrentA', file, p, { min: 0, exclusive: true });
    if (o.lengthKm !== undefined) br.lengthKm = num(o, 'lengthKm', file, p, { min: 0 });
    if (o.kind !== undefined) br.kind = str(o, 'kind', file, p);
    return br;
  });

  const feeder: Feeder = { name, baseKV, baseMVA, slackBus, slackVmPu, vMinPu, vMaxPu, buses, branches, file, format: 'json' };
  if (top.source !== undefined) feeder.source = str(top, 'source', file, '');
  if (top.totals !== undefined) checkTotals(top.totals, buses, file);
  return feeder;
}

// A stated total that disagrees with the bus data means the file was edited inconsistently.
function checkTotals(totals: unknown, buses: FeederBus[], file: string): void {
  const t = object(totals, file, 'totals');
  for (const key of ['pKw', 'qKvar'] as const) {
    if (t[key] === undefined) continue;
    const stated = num(t, key, file, 'totals');
    const sum = buses.reduce((s, b) => s + b[key], 0);
    if (Math.abs(stated - sum) > 1e-6 * Math.max(1, Math.abs(sum))) {
      throw new InputError(file, `totals.${key}`, `the sum of buses[].${key} (${sum})`, String(stated));
    }
  }
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function object(v: unknown, file: string, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InputError(file, path, 'an object', describeValue(v));
  return v as Obj;
}

function unknownFields(o: Obj, allowed: Set<string>, file: string, path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.has(k)) throw new InputError(file, join(path, k), `one of the fields ${[...allowed].join(', ')}`, `unknown field "${k}"`);
  }
}

function list(o: Obj, key: string, file: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length === 0) throw new InputError(file, key, 'a non-empty list', describeValue(v));
  return v;
}

interface NumOpts {
  min?: number;
  exclusive?: boolean;
  default?: number;
}

function num(o: Obj, key: string, file: string, path: string, opts: NumOpts = {}): number {
  const v = o[key];
  if (v === undefined && opts.default !== undefined) return opts.default;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(file, join(path, key), 'a finite number', describeValue(v));
  if (opts.min !== undefined && (opts.exclusive ? !(v > opts.min) : !(v >= opts.min))) {
    throw new InputError(file, join(path, key), `a number ${opts.exclusive ? '>' : '>='} ${opts.min}`, String(v));
  }
  return v;
}

function int(o: Obj, key: string, file: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InputError(file, join(path, key), 'an integer bus number', describeValue(v));
  return v;
}

function str(o: Obj, key: string, file: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new InputError(file, join(path, key), 'a string', describeValue(v));
  return v;
}

function bool(o: Obj, key: string, file: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new InputError(file, join(path, key), 'true or false', describeValue(v));
  return v;
}
