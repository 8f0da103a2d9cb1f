// Scenario schema of the `gvp` model (docs/gvp.md explains every field and its default).
import { z } from 'zod';
import { SERVICES } from '../../contracts/types.js';
import { PROFILES, type GvpParams as PlainGvpParams } from '../../gvp/params.js';
import { scenarioBase } from '../../scenarios/model.js';

const service = z.enum(SERVICES);
const profile = z.enum(PROFILES);
const nonNeg = z.number().min(0);
const prob = z.number().min(0).max(1);

/**
 * A jurisdiction code (ISO-style, e.g. EU, NAM): never a text that pandas or R read as a missing
 * value ("NA", "N/A", "null", ...), since codes are written to vps.csv.
 */
const MISSING_LIKE = /^(NA|N\/A|NAN|NULL|NONE|NIL|#N\/A|-NAN|-1\.#IND|1\.#QNAN|<NA>)$/i;
const jurisdictionCode = z
  .string()
  .min(1)
  .refine((s) => !MISSING_LIKE.test(s), { message: 'a jurisdiction code that CSV readers do not take for a missing value (not NA, N/A, null, ...; e.g. NAM for North America)' });

const jurisdiction = z
  .object({
    export: z.array(service).describe('services its VPs may sell across the border'),
    import: z.array(service).describe('services its VPs may buy across the border'),
    recognizes: z.array(z.string()).default(['*']).describe("certificate origins recognized here ('*' = all)"),
    crossBorderCap_kwh: nonNeg.nullable().default(null).describe('cross-border export cap per slot and service, kWh (null = none)'),
  })
  .strict();

const vpService = z
  .object({
    envelope_kwh: nonNeg.default(0).describe('peak deliverable quantity per slot, kWh'),
    envelopeProfile: profile.default('flat'),
    cost_mu_per_kwh: nonNeg.default(0.05).describe('marginal cost of providing the service'),
    demand_kwh: nonNeg.default(0).describe('peak requested quantity per slot, kWh'),
    demandProfile: profile.default('day'),
    wtp_mu_per_kwh: nonNeg.default(0.12).describe('willingness to pay'),
  })
  .strict();

const vp = z
  .object({
    id: z.string().min(1),
    jurisdiction: jurisdictionCode,
    description: z.string().optional(),
    utcOffset_h: z.number().min(-12).max(14).default(0).describe('local time offset: profiles follow local time'),
    identity: z
      .object({
        kycFromSlot: z.number().min(0).default(0),
        kycUntilSlot: z.number().min(0).nullable().default(null).describe('KYC validity end (slot units; null = beyond the horizon)'),
      })
      .strict()
      .describe('the VP identity in the permissioned registry (required; its Ed25519 key derives from the seed)'),
    clusters: z.number().int().min(1).max(100).default(4).describe('internal resources for delegation (Alg. 2)'),
    services: z.object({ balancing: vpService.optional(), flexibility: vpService.optional(), certificates: vpService.optional() }).strict(),
  })
  .strict();

const ruleChange = z
  .object({
    atSlot: nonNeg.describe('effective time in slot units from the start of slot 0 (may be fractional)'),
    jurisdiction: z.string().optional(),
    set: jurisdiction.partial().optional(),
    blockPair: z.tuple([z.string(), z.string()]).optional(),
    unblockPair: z.tuple([z.string(), z.string()]).optional(),
  })
  .strict();

const identityChange = z
  .object({
    atSlot: nonNeg,
    vp: z.string().min(1).describe('VP id; with scale.count, every synthetic VP of this archetype'),
    action: z.enum(['revoke', 'renew']),
  })
  .strict();

// A section whose fields all have defaults: may be omitted from the scenario file.
const d = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict().prefault({} as never);

export const gvpSection = z
  .object({
    horizon: d({ slots: z.number().int().min(1).max(8760).default(24), slot_s: z.number().positive().default(3600) }),
    jurisdictions: z.record(jurisdictionCode, jurisdiction),
    blockedPairs: z.array(z.tuple([z.string(), z.string()])).default([]),
    ruleChanges: z.array(ruleChange).default([]),
    identityChanges: z.array(identityChange).default([]),
    vps: z.array(vp).min(2),
    scale: d({
        count: z.number().int().min(2).max(100000).nullable().default(null).describe('synthetic VPs from the vps list as regional archetypes (null = use vps as given)'),
        sizeSigma: nonNeg.default(0.3).describe('lognormal sigma of a synthetic VP size around its archetype'),
        sweep: z.array(z.number().int().min(2).max(100000)).default([]).describe('scale study: VP counts run in turn, one scale.csv row each'),
      }),
    market: d({
        lead_s: z.number().positive().default(1800).describe('call for bids this long before the slot'),
        bidWindow_s: z.number().positive().default(300),
        gate_s: nonNeg.default(600).describe('registration closes this long before the slot'),
        open_s: z.number().positive().default(3600).describe('registration opens this long before the slot'),
        feePerKwh: nonNeg.default(0.004).describe('cross-border fee, m.u./kWh'),
        checkRecognition: z.boolean().default(false).describe('market checks certificate recognition (else only the contract does)'),
        lpBackend: z.enum(['highs', 'jslp']).default('highs'),
        latencyMean_s: nonNeg.default(0.2).describe('mean message latency between agents'),
        vpResponseMean_s: nonNeg.default(30).describe('mean time a VP takes to sign and submit its registrations'),
      }),
    uncertainty: d({
        envelopeNoiseSd: nonNeg.default(0.05),
        demandNoiseSd: nonNeg.default(0.05),
        forecastErrorSd: nonNeg.default(0).describe('relative error of a cluster availability at delegation time'),
        forecastBias: z.number().default(0),
        deliveryDeviationSd: nonNeg.default(0).describe('relative deviation of delivered from covered quantity'),
        deliveryBias: z.number().default(0),
      }),
    demandSurge: d({ fromSlot: z.number().int().min(0).default(0), toSlot: z.number().int().min(0).default(0), factor: nonNeg.default(1) }),
    oracles: d({
        count: z.number().int().min(1).max(15).default(3),
        quorum: z.number().int().min(1).default(2),
        noiseSd: nonNeg.default(0),
        failureProb: prob.default(0),
        latencyMean_s: nonNeg.default(20),
        deadline_s: z.number().positive().default(300),
        staleProb: prob.default(0),
        staleAge_s: nonNeg.default(3600),
        maxAge_s: nonNeg.default(900),
        glitchProb: prob.default(0),
      miscalibrationProb: prob.default(0).describe('probability that a reading comes from a miscalibrated meter'),
      miscalibration: nonNeg.default(0.05).describe('relative error of a miscalibrated reading'),
        accuracy: nonNeg.default(0.02).describe('meter-accuracy threshold for agreement'),
        rangeTolerance: nonNeg.default(0.5),
      }),
    settlement: d({
        underPenalty: nonNeg.default(0.05),
        overPenalty: nonNeg.default(0.02),
        overTolerance: nonNeg.default(0.02),
        minDeliveryRatio: prob.default(0.9),
        delay_s: z.number().positive().default(600).describe('settlement this long after the slot ends'),
        collateralRatio: nonNeg.default(1),
      }),
    reputation: d({ initial: prob.default(1), threshold: prob.default(0.6), alpha: prob.default(0.1) }),
    delegation: d({
      lead_s: z.number().positive().default(300),
      reserveShare: prob.default(0.05).describe('share of its envelope a VP keeps out of the market (spare for partner assignment)'),
    }),
    security: d({
        forgedPerSlot: nonNeg.default(0),
        replayPerSlot: nonNeg.default(0),
        unregisteredPerSlot: nonNeg.default(0),
        doubleCommitProb: prob.default(0),
        rogueOraclePerSlot: nonNeg.default(0),
      }),
    ledger: d({
        validators: z.number().int().min(1).max(64).default(4),
        maxTxPerBlock: z.number().int().min(1).default(2000),
        blockPeriod_s: z.number().positive().default(60),
        signEvents: z.boolean().default(false).describe('also Ed25519-sign every event transaction with its sender key (blocks are always signed)'),
      }),
    nested: z
      .object({
        vp: z.string().min(1).describe('the VP whose flexibility and balancing envelopes come from the nested model'),
        scenario: z.string().min(1).describe('greek scenario file (relative to this file)'),
        scale: z.number().positive().default(1).describe('multiplier from the Greek VP to this VP'),
      })
      .strict()
      .nullable()
      .default(null)
      .describe('option: a VP backed by the nested Greek VP simulation'),
    faults: d({ dropBlocks: z.array(z.number().int().min(1)).default([]), dropBlockProb: prob.default(0) }),
  })
  .strict();

export const gvpSchema = z
  .object({ ...scenarioBase('gvp'), gvp: gvpSection })
  .strict()
  .superRefine((sc, ctx) => {
    for (const p of consistencyProblems(sc.gvp)) ctx.addIssue({ code: 'custom', path: ['gvp', ...p.path], message: p.expected });
  });

/** Cross-field consistency: known jurisdictions and VPs, slots inside the horizon, quorum <= oracles. */
export function consistencyProblems(g: z.infer<typeof gvpSection>): { path: (string | number)[]; expected: string }[] {
  const out: { path: (string | number)[]; expected: string }[] = [];
  const J = Object.keys(g.jurisdictions);
  const knownJ = `a jurisdiction defined under gvp.jurisdictions (${J.join(', ')})`;
  const slots = g.horizon.slots;
  const inHorizon = `a slot inside the horizon (0..${slots})`;
  Object.entries(g.jurisdictions).forEach(([k, r]) => {
    r.recognizes.forEach((o, i) => {
      if (o !== '*' && !J.includes(o)) out.push({ path: ['jurisdictions', k, 'recognizes', i], expected: `${knownJ} or '*'` });
    });
  });
  g.blockedPairs.forEach((pair, i) => {
    pair.forEach((j, n) => {
      if (!J.includes(j)) out.push({ path: ['blockedPairs', i, n], expected: knownJ });
    });
    if (pair[0] === pair[1]) out.push({ path: ['blockedPairs', i], expected: 'a pair of two different jurisdictions' });
  });
  const ids = new Set<string>();
  g.vps.forEach((v, i) => {
    if (ids.has(v.id)) out.push({ path: ['vps', i, 'id'], expected: 'a VP id not used before' });
    ids.add(v.id);
    if (!J.includes(v.jurisdiction)) out.push({ path: ['vps', i, 'jurisdiction'], expected: knownJ });
    if (v.identity.kycUntilSlot !== null && v.identity.kycUntilSlot <= v.identity.kycFromSlot) {
      out.push({ path: ['vps', i, 'identity', 'kycUntilSlot'], expected: 'a KYC end after kycFromSlot' });
    }
  });
  g.ruleChanges.forEach((c, i) => {
    if (c.atSlot > slots) out.push({ path: ['ruleChanges', i, 'atSlot'], expected: inHorizon });
    if (c.jurisdiction !== undefined && !J.includes(c.jurisdiction)) out.push({ path: ['ruleChanges', i, 'jurisdiction'], expected: knownJ });
    if (c.set === undefined && c.blockPair === undefined && c.unblockPair === undefined) out.push({ path: ['ruleChanges', i], expected: "a change: 'set' (with a jurisdiction), 'blockPair' or 'unblockPair'" });
    if (c.set !== undefined && c.jurisdiction === undefined) out.push({ path: ['ruleChanges', i, 'jurisdiction'], expected: "the jurisdiction whose rules 'set' changes" });
    c.set?.recognizes?.forEach((o, n) => {
      if (o !== '*' && !J.includes(o)) out.push({ path: ['ruleChanges', i, 'set', 'recognizes', n], expected: `${knownJ} or '*'` });
    });
    for (const key of ['blockPair', 'unblockPair'] as const) {
      c[key]?.forEach((j, n) => {
        if (!J.includes(j)) out.push({ path: ['ruleChanges', i, key, n], expected: knownJ });
      });
    }
  });
  g.identityChanges.forEach((c, i) => {
    if (c.atSlot > slots) out.push({ path: ['identityChanges', i, 'atSlot'], expected: inHorizon });
    if (!ids.has(c.vp)) out.push({ path: ['identityChanges', i, 'vp'], expected: 'the id of a VP under gvp.vps' });
  });
  if (g.demandSurge.toSlot > slots) out.push({ path: ['demandSurge', 'toSlot'], expected: inHorizon });
  if (g.demandSurge.fromSlot > g.demandSurge.toSlot) out.push({ path: ['demandSurge', 'fromSlot'], expected: 'a slot not after toSlot' });
  if (g.nested && !ids.has(g.nested.vp)) out.push({ path: ['nested', 'vp'], expected: 'the id of a VP under gvp.vps' });
  if (g.oracles.quorum > g.oracles.count) out.push({ path: ['oracles', 'quorum'], expected: `a quorum <= oracles.count (${g.oracles.count})` });
  g.faults.dropBlocks.forEach((h, i) => {
    if (h < 1) out.push({ path: ['faults', 'dropBlocks', i], expected: 'a block height >= 1' });
  });
  return out;
}

export type GvpScenario = z.infer<typeof gvpSchema>;
export type GvpParams = GvpScenario['gvp'];

// The validated section must be exactly the plain parameter type the domain and agents read.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sectionMatchesPlainParams: Same<GvpParams, PlainGvpParams> = true;
void sectionMatchesPlainParams;
