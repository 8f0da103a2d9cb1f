// World building for the gvp model (pure): regional profiles, synthetic VPs from archetypes,
// per-slot envelopes and demands, rule tables and identities.
import { SERVICES, type RuleChange, type RuleTable, type Service } from '../contracts/types.js';
import { createRng } from '../sim/rng.js';
import type { GvpParams, VpServiceSpec, VpSpec } from './params.js';

/** Normalized daily shape (0..1] of a regional profile at the middle of `slot` (hours if 24 slots). */
export function profileValue(name: string, slot: number, slots: number, utcOffset_h = 0): number {
  const h = ((((slot + 0.5) * 24) / slots + utcOffset_h) % 24 + 24) % 24; // local hour of day
  switch (name) {
    case 'solar':
      return h > 6 && h < 18 ? Math.max(0.05, Math.sin((Math.PI * (h - 6)) / 12)) : 0.05;
    case 'wind':
      return 0.65 + 0.3 * Math.cos((2 * Math.PI * (h - 3)) / 24);
    case 'hydro':
      return 0.85 + 0.1 * Math.sin((2 * Math.PI * (h - 9)) / 24);
    case 'evening':
      return 0.35 + 0.65 * Math.exp(-(((h - 19) / 3) ** 2));
    case 'day':
      return 0.4 + 0.6 * Math.exp(-(((h - 13) / 4.5) ** 2));
    case 'night':
      return 0.4 + 0.6 * (h < 6 || h > 21 ? 1 : 0.2);
    default:
      return 1;
  }
}

export interface WorldVp extends VpSpec {
  /** Archetype id (the VP's own id when it is not synthetic). */
  archetype: string;
  /** Size multiplier applied to envelopes and demands. */
  size: number;
  /** Envelopes per slot (kWh) from a nested simulation, added to envelope_kwh x profile. */
  envelopeSeries?: Partial<Record<Service, number[]>>;
}

/** The VPs of a run: the listed ones, or scale.count synthetic VPs cycling through them as archetypes. */
export function expandVps(g: GvpParams, seed: number): WorldVp[] {
  const n = g.scale.count;
  if (n === null) return g.vps.map((v) => ({ ...v, archetype: v.id, size: 1 }));
  const rng = createRng(seed, 'gvp:scale');
  const out: WorldVp[] = [];
  for (let i = 0; i < n; i++) {
    const a = g.vps[i % g.vps.length];
    const first = i < g.vps.length;
    const size = first ? 1 : Math.exp(rng.normal(-0.5 * g.scale.sizeSigma ** 2, g.scale.sizeSigma));
    out.push({ ...a, id: first ? a.id : `${a.id}.${Math.floor(i / g.vps.length)}`, archetype: a.id, size });
  }
  return out;
}

export interface SlotPosition {
  service: Service;
  /** > 0: offer (kWh), < 0: request (kWh); integer. */
  net: number;
  cost: number;
  wtp: number;
}

/** A VP's net positions per slot and service: envelope and demand with seeded noise, netted. */
export function vpPlan(vp: WorldVp, g: GvpParams, rng: { normal(m?: number, s?: number): number }): SlotPosition[][] {
  const slots = g.horizon.slots;
  const plan: SlotPosition[][] = [];
  const surge = g.demandSurge;
  for (let t = 0; t < slots; t++) {
    const row: SlotPosition[] = [];
    for (const service of SERVICES) {
      const series = vp.envelopeSeries?.[service];
      const sp: VpServiceSpec | undefined = vp.services[service] ?? (series ? { envelope_kwh: 0, envelopeProfile: 'flat', cost_mu_per_kwh: 0.05, demand_kwh: 0, demandProfile: 'day', wtp_mu_per_kwh: 0 } : undefined);
      if (!sp) continue;
      const eNoise = Math.max(0, 1 + g.uncertainty.envelopeNoiseSd * rng.normal());
      const dNoise = Math.max(0, 1 + g.uncertainty.demandNoiseSd * rng.normal());
      const surgeF = t >= surge.fromSlot && t < surge.toSlot ? surge.factor : 1;
      const env = (sp.envelope_kwh * vp.size * profileValue(sp.envelopeProfile, t, slots, vp.utcOffset_h) + (series?.[t] ?? 0)) * eNoise;
      const dem = sp.demand_kwh * vp.size * profileValue(sp.demandProfile, t, slots, vp.utcOffset_h) * dNoise * surgeF;
      const net = Math.floor(env) - Math.floor(dem);
      if (net !== 0) row.push({ service, net, cost: sp.cost_mu_per_kwh, wtp: sp.wtp_mu_per_kwh });
    }
    plan.push(row);
  }
  return plan;
}

/** Rule table of the scenario; with scale.count, caps grow with the number of VPs per archetype. */
export function ruleTable(g: GvpParams): RuleTable {
  const k = g.scale.count === null ? 1 : g.scale.count / g.vps.length;
  const jurisdictions: RuleTable['jurisdictions'] = {};
  for (const [j, r] of Object.entries(g.jurisdictions)) {
    jurisdictions[j] = { export: [...r.export], import: [...r.import], recognizes: [...r.recognizes], crossBorderCapKwh: r.crossBorderCap_kwh === null ? Infinity : r.crossBorderCap_kwh * k };
  }
  return { jurisdictions, blockedPairs: g.blockedPairs.map(([a, b]) => [a, b] as [string, string]) };
}

/** Rule changes in absolute time (slot start of slot 0 is t0). */
export function ruleChanges(g: GvpParams, t0: number): RuleChange[] {
  const k = g.scale.count === null ? 1 : g.scale.count / g.vps.length;
  return g.ruleChanges.map((c) => {
    const set = c.set
      ? {
          ...(c.set.export ? { export: c.set.export } : {}),
          ...(c.set.import ? { import: c.set.import } : {}),
          ...(c.set.recognizes ? { recognizes: c.set.recognizes } : {}),
          ...(c.set.crossBorderCap_kwh !== undefined ? { crossBorderCapKwh: c.set.crossBorderCap_kwh === null ? Infinity : c.set.crossBorderCap_kwh * k } : {}),
        }
      : undefined;
    return { t: t0 + c.atSlot * g.horizon.slot_s, jurisdiction: c.jurisdiction, set, blockPair: c.blockPair, unblockPair: c.unblockPair };
  });
}
