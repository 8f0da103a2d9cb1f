// PoA network parameters: zod schema (units in names), defaults (documented calibration, see
// docs/ledger.md), and resolution into the numbers the engine uses.
import { z } from 'zod';
import { describeIssue } from '../scenarios/zod-issue.js';
import { InputError, InputErrors, describeValue as describe } from '../util/errors.js';

const nonneg = z.number().min(0);
const pos = z.number().positive();

export const locationSchema = z.object({ name: z.string(), lat_deg: z.number().min(-90).max(90), lon_deg: z.number().min(-180).max(180) }).strict();

/** The four Greek sites of the case study; validators are placed on them in turn. */
export const GREEK_SITES = [
  { name: 'Thessaloniki', lat_deg: 40.64, lon_deg: 22.94 },
  { name: 'Athens', lat_deg: 37.98, lon_deg: 23.73 },
  { name: 'Chania', lat_deg: 35.51, lon_deg: 24.02 },
  { name: 'Heraklion', lat_deg: 35.34, lon_deg: 25.13 },
];

export const crashSchema = z.object({ validator: z.number().int().min(0), at_s: nonneg, duration_s: pos }).strict();

export const faultsSchema = z
  .object({
    crashes: z.array(crashSchema).default([]).describe('scheduled validator crashes'),
    mtbf_s: pos.nullable().default(null).describe('mean time between random crashes per validator, s (null = none)'),
    mttr_s: pos.default(120).describe('mean time to repair after a random crash, s'),
    degradedLinkFraction: z.number().min(0).max(1).default(0).describe('share of validator-validator links that are degraded'),
    dropProb: z.number().min(0).max(0.99).default(0).describe('per-attempt drop probability on a degraded link'),
    extraDelay_s: nonneg.default(0).describe('extra delay per message on a degraded link, s'),
    retransmitTimeout_s: pos.default(1).describe('sender retransmits a dropped message after this timeout, s'),
    maxRetries: z.number().int().min(0).default(8).describe('retransmissions before a message is given up (then delivered by state sync after one more timeout)'),
    window_s: z.tuple([nonneg, nonneg]).nullable().default(null).describe('[from, to] when degraded links are degraded (null = always)'),
  })
  .strict();

export const cliqueSchema = z
  .object({
    epoch: z.number().int().min(1).default(30_000).describe('blocks between checkpoints (signer list in the header, votes reset)'),
    wiggleUnit_s: nonneg.default(0.5).describe('out-of-turn signers wait a uniform draw in [0, (floor(M/2)+1) x this), s (geth: 0.5)'),
    confirmations: z.number().int().min(0).nullable().default(null).describe('blocks on top of a block before it counts as settled; null = floor(M/2), so floor(M/2)+1 distinct signers (by the signer limit)'),
  })
  .strict();

export type CliqueParams = z.output<typeof cliqueSchema>;

export const poaObject = z
  .object({
    validators: z.number().int().min(1).default(4).describe('M, number of B/As (validators), >= 1'),
    quorum: z.number().int().nullable().default(null).describe('acknowledgements for finality; null = floor(M/2)+1'),
    blockPeriod_s: pos.default(1).describe('step length T: minimum spacing of blocks and proposal step grid, s'),
    maxBlockBytes: z.number().int().default(4_000_000).describe('maximum block size including the header, bytes'),
    headerBytes: z.number().int().min(0).default(512).describe('modelled block header size, bytes'),
    routing: z.enum(['round-robin', 'least-loaded', 'nearest', 'hash']).default('least-loaded').describe('how a submission picks its gateway B/A'),
    preValidate_s: nonneg.default(0.0028).describe('gateway check per transaction (signature, format), s of CPU'),
    blockBase_s: nonneg.default(2.1).describe('fixed validation cost per block (state commit), s of CPU'),
    txExec_s: nonneg.default(0.0004).describe('execution cost per transaction per unit of complexity C, s of CPU'),
    perByte_s: nonneg.default(2e-7).describe('validation cost per transaction byte, s of CPU'),
    syncPerPeer_s: nonneg.default(0.000025).describe('state-diff coordination per transaction per peer, times C^syncExponent, s of CPU'),
    syncExponent: z.number().min(0).default(3).describe('how coordination grows with complexity: diff size, conflict rate and re-execution each ~ C'),
    coordPerPeer_s: nonneg.default(0.01).describe('coordination overhead per block per peer, s of CPU'),
    bandwidth_bps: pos.default(100e6).describe('link bandwidth between B/As, bit/s'),
    latencyBase_s: nonneg.default(0.005).describe('per-message latency floor between B/As, s'),
    fiberKm_per_s: pos.default(200_000).describe('propagation speed for site-to-site latency, km/s'),
    clientLatency_s: nonneg.default(0.01).describe('submitter to gateway latency, s'),
    notifyLatency_s: nonneg.default(0.01).describe('proposer to submitter finality notice latency, s'),
    proposerTimeout_s: pos.default(2).describe('after this, a down in-turn proposer is skipped by the next B/A, s'),
    speed: z.array(pos).nullable().default(null).describe('per-B/A CPU speed factors (cycled); null = all 1'),
    locations: z.array(locationSchema).min(1).default(GREEK_SITES).describe('sites; B/A i sits at locations[i mod length]'),
    latency_s: z.array(z.array(z.number())).nullable().default(null).describe('explicit M x M one-way latency matrix, s (overrides locations)'),
    faults: faultsSchema.default(faultsSchema.parse({})),
    consensus: z.enum(['basic', 'clique', 'aura']).optional().describe("sealing and finality rules: basic = in-turn proposer, finality by a quorum of acknowledgements (default); clique = EIP-225 (period blockPeriod_s); aura = Authority Round (step blockPeriod_s)"),
    clique: cliqueSchema.optional().describe('Clique settings (used when consensus = clique)'),
  })
  .strict();

/** Cross-field rules, as zod issues (so `vpsim validate` reports them with their paths). */
export function checkPoa(p: z.output<typeof poaObject>, ctx: z.RefinementCtx, prefix: (string | number)[] = []): void {
  if (p.quorum !== null && (p.quorum < 1 || p.quorum > p.validators)) {
    ctx.addIssue({ code: 'custom', path: [...prefix, 'quorum'], message: `a quorum in [1, validators = ${p.validators}]` });
  }
  if (p.maxBlockBytes <= p.headerBytes) {
    ctx.addIssue({ code: 'custom', path: [...prefix, 'maxBlockBytes'], message: `a block size above headerBytes (${p.headerBytes})` });
  }
  p.faults.crashes.forEach((c, i) => {
    if (c.validator >= p.validators) ctx.addIssue({ code: 'custom', path: [...prefix, 'faults', 'crashes', i, 'validator'], message: `a validator index < ${p.validators}` });
  });
}

export const poaSchema = poaObject.superRefine((p, ctx) => checkPoa(p, ctx));

export type PoaParamsInput = z.input<typeof poaSchema>;
export type PoaParams = z.output<typeof poaSchema>;

/** Resolved parameters: defaults applied and validated. */
export interface ResolvedPoa extends PoaParams {
  M: number;
  q: number;
  /** One-way latency between B/As, s (M x M, zero diagonal). */
  lat: number[][];
}

/** Where a field of a resolved configuration sits in the scenario: `ledger` (prefix), or a function of the field path. */
export type PoaFieldPath = string | ((field: readonly (string | number)[]) => string);

/**
 * Applies defaults and checks cross-field rules; throws InputError (exit 2) naming the field, or
 * InputErrors listing every field the schema refuses (worded as the scenario loader words them).
 */
export function resolvePoa(input: PoaParamsInput, file = 'ledger parameters', path: PoaFieldPath = 'ledger'): ResolvedPoa {
  const at = (field: readonly (string | number)[]) => (typeof path === 'function' ? path(field) : [path, ...field.map(String)].join('.'));
  const r = poaSchema.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((iss) => {
      const d = describeIssue(iss, input, poaSchema);
      const field = iss.code === 'unrecognized_keys' ? [...iss.path, iss.keys[0]] : iss.path;
      return new InputError(file, at(field as (string | number)[]), d.expected, d.found);
    });
    throw problems.length === 1 ? problems[0] : new InputErrors(problems);
  }
  const p = r.data;
  const bad = (field: string, expected: string, found: unknown): never => {
    throw new InputError(file, at(field.split('.')), expected, describe(found));
  };
  const M = p.validators;
  if (!(M >= 1)) bad('validators', 'an integer >= 1', M);
  const q = p.quorum ?? Math.floor(M / 2) + 1;
  if (p.quorum !== null && (p.quorum < 1 || p.quorum > M)) bad('quorum', `an integer in [1, validators = ${M}]`, p.quorum);
  for (const k of ['preValidate_s', 'blockBase_s', 'txExec_s', 'perByte_s', 'syncPerPeer_s', 'coordPerPeer_s', 'latencyBase_s', 'clientLatency_s', 'notifyLatency_s'] as const) {
    if (!(p[k] >= 0)) bad(k, 'a delay/cost >= 0', p[k]);
  }
  if (p.maxBlockBytes <= p.headerBytes) bad('maxBlockBytes', `more than headerBytes (${p.headerBytes})`, p.maxBlockBytes);
  for (const c of p.faults.crashes) if (c.validator >= M) bad('faults.crashes', `validator indices < ${M}`, c.validator);
  let lat: number[][];
  if (p.latency_s) {
    if (p.latency_s.length !== M || p.latency_s.some((row) => row.length !== M)) bad('latency_s', `an ${M} x ${M} matrix`, `${p.latency_s.length} rows`);
    p.latency_s.forEach((row, i) => row.forEach((v, j) => (!(v >= 0) ? bad(`latency_s.${i}.${j}`, 'a latency >= 0', v) : 0)));
    lat = p.latency_s.map((row, i) => row.map((v, j) => (i === j ? 0 : v)));
  } else {
    lat = [];
    for (let i = 0; i < M; i++) {
      lat.push([]);
      for (let j = 0; j < M; j++) {
        const a = p.locations[i % p.locations.length], b = p.locations[j % p.locations.length];
        lat[i].push(i === j ? 0 : p.latencyBase_s + haversineKm(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg) / p.fiberKm_per_s);
      }
    }
  }
  return { ...p, M, q, lat };
}

/** Checks that a transaction size fits in a block (exit 2 otherwise). */
export function checkTxSize(p: ResolvedPoa, txBytes: number, file: string, path: string): void {
  if (!(txBytes > 0)) throw new InputError(file, path, 'a transaction size > 0 bytes', describe(txBytes));
  if (txBytes > p.maxBlockBytes - p.headerBytes) {
    throw new InputError(file, path, `a transaction size that fits in a block (<= maxBlockBytes - headerBytes = ${p.maxBlockBytes - p.headerBytes})`, describe(txBytes));
  }
}

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6371, d = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * d) / 2) ** 2 + Math.cos(lat1 * d) * Math.cos(lat2 * d) * Math.sin(((lon2 - lon1) * d) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}
