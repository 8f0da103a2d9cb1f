// Scenario schema of the Greek VP case (model `greek`). Defaults live in scenarios/greek/base.yaml;
// every field is documented here and in docs/greek.md.
import { z } from 'zod';
import { scenarioBase } from '../../scenarios/model.js';

const clock = z.string().regex(/^\d{1,2}:\d{2}$/, 'a time "HH:MM"');
const dist = z
  .object({
    meanH: z.number().describe('mean, hours after 00:00 (or hours for a duration)'),
    sdH: z.number().min(0),
    minH: z.number(),
    maxH: z.number(),
  })
  .strict();

const userType = z
  .object({
    arrival: dist.describe('plug-in time distribution (truncated normal)'),
    departure: dist.optional().describe('departure time distribution'),
    stayH: dist.optional().describe('plug-in duration distribution (instead of departure)'),
    overnightShare: z.number().min(0).max(1).optional().describe('share already plugged in at the horizon start'),
    overnightDeparture: dist.optional().describe('departure of the overnight vehicles'),
    minStayH: z.number().min(0).optional(),
  })
  .strict();

const batteryType = z
  .object({
    name: z.string().min(1),
    capacityKwh: z.number().positive().max(1e5).describe('kWh (at most 100 MWh)'),
    maxChargeKw: z.number().positive().max(1e5),
    maxDischargeKw: z.number().min(0).max(1e5),
    efficiency: z.number().gt(0).max(1),
    share: z.number().min(0),
  })
  .strict();

const city = z
  .object({
    name: z.string().min(1),
    feeder: z.string().min(1).describe('bundled feeder name (case33bw, mv40, case69) or a .json/.m file'),
    slackVmPu: z.number().min(0.5).max(1.5).default(1),
    peakLoadScale: z.number().min(0).max(100).describe('base load at the daily peak, as a multiple of the nominal bus loads'),
    loadType: z.enum(['metro', 'island', 'residential', 'commercial']).describe('daily load shape (src/grid/profiles)'),
    latitudeDeg: z.number().min(-90).max(90).describe('for the PV clear-sky curve'),
    longitudeDeg: z.number().min(-180).max(180),
    loadNoiseSd: z.number().min(0).default(0.02),
    cloudiness: z.number().min(0).max(1).default(0.2),
    windScaleMs: z.number().positive().default(8),
    res: z
      .array(z.object({ kind: z.enum(['pv', 'wind']), bus: z.number().int(), capacityKw: z.number().min(0) }).strict())
      .default([]),
  })
  .strict();

const cev = z
  .object({
    id: z.string().min(1),
    city: z.string().min(1),
    bus: z.number().int(),
    userType: z.string().min(1),
    evs: z.number().int().min(0).max(1e6),
    pChMaxKw: z.number().min(0).max(1e7).describe('cluster charging limit'),
    pDisMaxKw: z.number().min(0).max(1e7).describe('cluster V2G limit'),
  })
  .strict();

export const greekSection = z
  .object({
    mode: z.enum(['sc1', 'sc2']).describe('sc1 optimized charging and V2G; sc2 uncoordinated'),
    scheduler: z.enum(['lp', 'pso']).default('lp'),
    lpBackend: z.enum(['highs', 'jslp']).default('highs'),
    lpBlocking: z
      .object({
        exactMin: z.number().positive().describe('minutes from each decision the rolling LP plans interval by interval'),
        blockMin: z.number().positive().describe('longest block (minutes) the LP merges the rest of the horizon into; a block never spans a price or obligation change'),
      })
      .strict()
      .nullable()
      .default({ exactMin: 60, blockMin: 60 })
      .describe('move blocking of the rolling LP (docs/greek.md); null = every interval of the horizon exact'),
    horizon: z.object({ start: clock, end: clock, stepMin: z.number().min(1).max(1440) }).strict(),
    prices: z
      .object({
        scale: z.number().positive().describe('multiplies every price step (calibration knob)'),
        steps: z.array(z.object({ from: clock, priceMuPerKwh: z.number() }).strict()).min(1),
      })
      .strict(),
    degradationMuPerKwh: z.number().min(0).describe('battery wear cost per kWh discharged (V2G)'),
    v2gWaitMuPerKwh: z
      .number()
      .min(0)
      .max(0.001)
      .default(1e-5)
      .describe('wait-and-see premium of the rolling LP, m.u. per kWh of V2G and per interval before the horizon end, where no later recharge pays for the discharge (docs/greek.md); 0 = none'),
    obligations: z.array(z.object({ start: clock, end: clock, pMinKw: z.number(), pMaxKw: z.number() }).strict()),
    obligationPenaltyMuPerKwh: z.number().positive().nullable().describe('price of a kWh outside the obligation band in the rolling LP and in the summary costWithPenaltiesMu; null = hard obligations (infeasible LP is reported; not priced in costWithPenaltiesMu)'),
    obligationMarginKw: z.number().min(0).describe('the scheduler keeps this far inside the obligation band'),
    unmetEnergyPenaltyMuPerKwh: z
      .number()
      .min(0)
      .default(1)
      .describe('value of a kWh a vehicle misses of its target: the VP plans with it and the summary prices unmet energy with it (costWithUnmetPenaltyMu)'),
    v2g: z.boolean(),
    fleet: z
      .object({
        socInit: z.number().min(0).max(1).describe('state of charge at plug-in, a fraction of capacity (0-1)'),
        socTarget: z.number().min(0).max(1).describe('state of charge wanted at departure, fraction (0-1)'),
        socFloor: z.number().min(0).max(1).describe('lowest state of charge V2G may leave, fraction (0-1)'),
        socMax: z.number().min(0).max(1).describe('highest state of charge, fraction (0-1)'),
        planningMargin: z.number().min(0).max(0.1).default(0).describe('SoC margin (fraction, 0-0.1) the CEV envelopes plan above the target (absorbs aggregation error)'),
        deadlineGroups: z
          .number()
          .int()
          .min(1)
          .max(20)
          .default(1)
          .describe('deadline groups per CEV the LP plans separately (1 = one aggregate envelope per CEV with a soft rating row; PSO always uses 1)'),
        batteryTypes: z.array(batteryType).min(1),
        userTypes: z.record(z.string(), userType),
        vehicles: z
          .array(z.object({ cev: z.string(), battery: z.string(), arrival: z.number(), departure: z.number() }).strict())
          .default([])
          .describe('extra explicit vehicles (arrival/departure in hours after 00:00)'),
      })
      .strict(),
    cities: z.array(city).min(1),
    cevs: z.array(cev).min(1),
    grid: z
      .object({
        vMinPu: z.number().min(0.5).max(1.5),
        vMaxPu: z.number().min(0.5).max(1.5),
        lpVoltageMarginPu: z.number().min(0).describe('LinDistFlow rows use [vMin + m, vMax - m]'),
        lpVoltagePenaltyMuPerPu: z.number().positive().nullable().describe('price of a voltage-row violation (m.u. per p.u. per interval); null = hard rows'),
        networkConstraints: z.boolean().describe('voltage rows in the scheduling LP'),
        sensitivity: z.enum(['lindistflow', 'secant']).default('secant').describe('voltage sensitivities of the LP rows: LinDistFlow matrix, or exact power-flow secants per interval (includes losses)'),
        secantKw: z.number().positive().default(300).describe('load step of the secant sensitivities, kW'),
        maxLoadingPct: z.number().positive().nullable().default(null).describe('branch loading limit, % of the ratings: LP rows (with networkConstraints) and DF curtailment for overloads; null = no branch limits'),
        curtail: z.boolean().describe('DFs curtail CEVs on violation'),
        voltagesCsv: z.boolean().describe('write per-bus voltages (voltages.csv)'),
      })
      .strict(),
    latency: z
      .object({
        localS: z.number().min(0).describe('agent to agent inside a city'),
        remoteS: z.number().min(0).describe('between cities (VP is in Heraklion)'),
        evS: z.number().min(0).describe('CEV to EV'),
        vpCity: z.string(),
      })
      .strict(),
    pso: z
      .object({
        particles: z.number().int().min(1),
        iterations: z.number().int().min(0),
        inertiaStart: z.number(),
        inertiaEnd: z.number(),
        c1: z.number().min(0),
        c2: z.number().min(0),
        vMaxFrac: z.number().positive(),
        blockLen: z.number().int().min(1),
        patience: z.number().int().min(0),
        rollingIterations: z.number().int().min(0).describe('iterations per rolling decision (warm-started)'),
      })
      .strict(),
    ledger: z
      .object({
        enabled: z.boolean(),
        validators: z.number().int().min(1),
        blockPeriodS: z.number().positive(),
        complexity: z.number().positive(),
      })
      .strict(),
    compareOptimizers: z
      .object({
        enabled: z.boolean(),
        psoIterations: z.number().int().min(0),
        psoParticles: z.number().int().min(1),
        smallClusters: z.number().int().min(1),
        smallIntervals: z.number().int().min(1),
      })
      .strict(),
  })
  .strict();

export const greekSchema = z
  .object({ ...scenarioBase('greek'), greek: greekSection })
  .strict()
  .superRefine((sc, ctx) => {
    for (const p of greekConsistency(sc.greek)) ctx.addIssue({ code: 'custom', path: ['greek', ...p.path], message: p.expected });
  });

const minutes = (c: string) => Number(c.split(':')[0]) * 60 + Number(c.split(':')[1]);

/** Cross-field rules: lower limits below upper ones, windows inside the horizon, a whole number of steps. */
export function greekConsistency(g: z.infer<typeof greekSection>): { path: (string | number)[]; expected: string }[] {
  const out: { path: (string | number)[]; expected: string }[] = [];
  const h = g.horizon;
  const start = minutes(h.start);
  let end = minutes(h.end);
  if (end <= start) end += 24 * 60;
  const span = end - start;
  if (!Number.isInteger(span / h.stepMin)) out.push({ path: ['horizon', 'stepMin'], expected: `a step that divides the ${span}-minute horizon into whole steps` });
  if (span / h.stepMin > 100_000) out.push({ path: ['horizon', 'stepMin'], expected: 'at most 100000 steps in the horizon' });
  if (!(g.grid.vMinPu < g.grid.vMaxPu)) out.push({ path: ['grid', 'vMinPu'], expected: `a lower voltage limit below vMaxPu (${g.grid.vMaxPu})` });
  else if (g.grid.vMinPu + g.grid.lpVoltageMarginPu >= g.grid.vMaxPu - g.grid.lpVoltageMarginPu) out.push({ path: ['grid', 'lpVoltageMarginPu'], expected: 'a margin that leaves a voltage band [vMin + m, vMax - m]' });
  const f = g.fleet;
  if (f.socFloor > f.socMax) out.push({ path: ['fleet', 'socFloor'], expected: `a floor not above socMax (${f.socMax})` });
  if (f.socTarget > f.socMax) out.push({ path: ['fleet', 'socTarget'], expected: `a target not above socMax (${f.socMax})` });
  if (f.socInit > f.socMax) out.push({ path: ['fleet', 'socInit'], expected: `an initial SoC not above socMax (${f.socMax})` });
  g.obligations.forEach((o, i) => {
    if (o.pMinKw > o.pMaxKw) out.push({ path: ['obligations', i, 'pMinKw'], expected: `a lower bound not above pMaxKw (${o.pMaxKw})` });
    let s = minutes(o.start);
    let e = minutes(o.end);
    if (s < start) s += 24 * 60;
    if (e <= s) e += 24 * 60;
    if (s < start || e > end) out.push({ path: ['obligations', i], expected: `a window inside the horizon ${h.start}-${h.end}` });
  });
  return out;
}
export type GreekScenario = z.infer<typeof greekSchema>;
export type GreekConfig = GreekScenario['greek'];
