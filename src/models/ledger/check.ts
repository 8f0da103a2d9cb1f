// Every check a ledger run makes before it simulates, collected so `vpsim validate`, `sweep
// --dry-run` and `run` report all problems at once: each PoA configuration an experiment resolves
// (validator counts from the lists, region and stream overrides merged over `ledger`), duplicate
// entries in lists that become table rows or map keys, distinct region/condition names, and no two
// experiments writing the same table.
import { resolvePoa, type PoaFieldPath, type PoaParams, type PoaParamsInput } from '../../ledger/params.js';
import { InputError, collectInputErrors, describeValue } from '../../util/errors.js';

/** Tables each experiment kind can write (`<name>.csv`); run() refuses a table missing here (an internal error). */
export const TABLES_BY_KIND: Record<string, readonly string[]> = {
  dtotal: ['delay', 'delay_fits'],
  consensus: ['consensus'],
  day: ['tx_per_ba', 'tx_per_validator', 'table3', 'day', 'blocks'],
  ramp: ['ramp'],
  reliability: ['reliability'],
  storage: ['storage'],
  compare: ['comparators', 'latency_vs_tx', 'throughput_vs_load'],
  theory: ['theory_grid', 'theory_saturation'],
  throughput: ['throughput', 'queue'],
  settlement: ['settlement'],
};

type Experiment = { kind: string } & Record<string, unknown>;

export function checkLedger(s: { ledger: PoaParams; experiments: Experiment[] }, file: string): InputError[] {
  const checks: (() => void)[] = [];
  const base = s.ledger;
  /** A PoA configuration the run will resolve: its problems are reported at `path`. */
  const poa = (input: Record<string, unknown>, path: PoaFieldPath) => checks.push(() => void resolvePoa(input as PoaParamsInput, file, path));
  /** A list whose entries become rows or map keys: a repeated entry is refused. */
  const unique = (list: unknown[] | undefined, path: string | ((i: number) => string), what: string) => {
    const at = typeof path === 'string' ? (i: number) => `${path}[${i}]` : path;
    (list ?? []).forEach((v, i) => {
      const j = list!.findIndex((w) => w === v);
      if (j < i) checks.push(() => { throw new InputError(file, at(i), `${what} not listed before (it repeats ${at(j)})`, describeValue(v)); });
    });
  };
  const withM = (M: unknown) => ({ ...base, validators: M, quorum: null });

  const writers = new Map<string, number>();
  s.experiments.forEach((e, k) => {
    const at = `experiments[${k}]`;
    const clash = (TABLES_BY_KIND[e.kind] ?? []).filter((t) => writers.has(t));
    if (clash.length > 0) {
      const first = writers.get(clash[0]);
      checks.push(() => { throw new InputError(file, `${at}.kind`, `experiments writing distinct tables (experiments[${first}] already writes ${clash.map((t) => `${t}.csv`).join(', ')}; run them in two scenarios)`, JSON.stringify(e.kind)); });
    }
    for (const t of TABLES_BY_KIND[e.kind] ?? []) if (!writers.has(t)) writers.set(t, k);
    switch (e.kind) {
      case 'dtotal':
      case 'consensus':
        unique(e.M as number[], `${at}.M`, 'a validator count');
        if (e.kind === 'dtotal') {
          unique(e.N as number[], `${at}.N`, 'a transaction count');
          unique(e.C as number[], `${at}.C`, 'a complexity');
        }
        for (const [i, M] of (e.M as number[]).entries()) poa(withM(M), `${at}.M[${i}]/ledger`);
        break;
      case 'compare':
        unique(e.validators as number[], `${at}.validators`, 'a validator count');
        unique(e.latencyN as number[], `${at}.latencyN`, 'a burst size');
        unique(e.loads_tps as number[], `${at}.loads_tps`, 'a load');
        for (const [i, M] of (e.validators as number[]).entries()) poa(withM(M), `${at}.validators[${i}]/ledger`);
        poa(withM(e.fixedValidators), `${at}.fixedValidators/ledger`);
        break;
      case 'reliability': {
        const regions = e.regions as { name: string; ledger: Record<string, unknown>; faults: Record<string, unknown> }[];
        unique(regions.map((r) => r.name), (i) => `${at}.regions[${i}].name`, 'a region name');
        // `ledger` (already checked by the schema) merged with the region's overrides: a refused
        // field is the region's, under its `faults` or its `ledger`
        regions.forEach((r, i) => poa({ ...base, ...r.ledger, faults: { ...base.faults, ...r.faults } }, (f) => `${at}.regions[${i}].${f[0] === 'faults' ? '' : 'ledger.'}${f.join('.')}`));
        break;
      }
      case 'theory': {
        const streams = (e.streams ?? []) as { name: string; validators: number; faults: Record<string, unknown> }[];
        const slots = (e.slots ?? []) as { name: string; validators: number }[];
        unique([...streams, ...slots].map((c) => c.name), (i) => (i < streams.length ? `${at}.streams[${i}].name` : `${at}.slots[${i - streams.length}].name`), 'a condition name');
        unique(e.seeds as number[], `${at}.seeds`, 'a seed');
        streams.forEach((c, i) => poa({ ...base, validators: c.validators, quorum: null, faults: { ...base.faults, ...c.faults } }, `${at}.streams[${i}]`));
        slots.forEach((c, i) => poa(withM(c.validators), `${at}.slots[${i}].validators/ledger`));
        const sat = (e.saturation ?? []) as { name: string; validators: number; loads_tps: number[]; faults: Record<string, unknown> }[];
        unique(sat.map((c) => c.name), (i) => `${at}.saturation[${i}].name`, 'a saturation condition name');
        sat.forEach((c, i) => {
          unique(c.loads_tps, `${at}.saturation[${i}].loads_tps`, 'a load');
          poa({ ...base, validators: c.validators, quorum: null, faults: { ...base.faults, ...c.faults } }, `${at}.saturation[${i}]`);
        });
        const b = e.bursts as { N: number[]; M: number[]; C: number[] } | null;
        if (b) {
          unique(b.N, `${at}.bursts.N`, 'a transaction count');
          unique(b.M, `${at}.bursts.M`, 'a validator count');
          unique(b.C, `${at}.bursts.C`, 'a complexity');
          b.M.forEach((M, i) => poa(withM(M), `${at}.bursts.M[${i}]/ledger`));
        }
        break;
      }
      case 'throughput':
        unique(e.loads_tps as number[], `${at}.loads_tps`, 'a load');
        break;
      case 'settlement':
        unique(e.consensus as string[], `${at}.consensus`, 'a rule set');
        for (const c of e.consensus as string[]) poa({ ...base, ...(e.ledger as Record<string, unknown>), consensus: c }, `${at}.ledger`);
        break;
    }
  });
  return collectInputErrors(checks);
}
