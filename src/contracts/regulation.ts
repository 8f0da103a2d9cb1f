// Regulation: jurisdiction rule tables, rule changes during the horizon, cross-border
// admissibility (the compliance hook run at registration and again at settlement), and caps.
import type { JurisdictionRules, RuleChange, RuleTable, Service } from './types.js';

export type AdmissibilityRule = 'unknownJurisdiction' | 'blockedPair' | 'exportBan' | 'importBan' | 'certificateRecognition' | 'crossBorderCap';

export type Admissibility = { ok: true } | { ok: false; rule: AdmissibilityRule };

export function cloneRules(t: RuleTable): RuleTable {
  const jurisdictions: Record<string, JurisdictionRules> = {};
  for (const [k, r] of Object.entries(t.jurisdictions)) {
    jurisdictions[k] = { export: [...r.export], import: [...r.import], recognizes: [...r.recognizes], crossBorderCapKwh: r.crossBorderCapKwh };
  }
  return { jurisdictions, blockedPairs: t.blockedPairs.map(([a, b]) => [a, b] as [string, string]) };
}

/** Applies one rule change and returns the new table (the input is not modified). */
export function applyRuleChange(t: RuleTable, c: RuleChange): RuleTable {
  const next = cloneRules(t);
  if (c.jurisdiction !== undefined) {
    const cur = next.jurisdictions[c.jurisdiction];
    if (!cur) throw new RangeError(`rule change for unknown jurisdiction '${c.jurisdiction}'`);
    next.jurisdictions[c.jurisdiction] = { ...cur, ...(c.set ?? {}) };
  }
  if (c.blockPair) {
    if (!isBlocked(next, c.blockPair[0], c.blockPair[1])) next.blockedPairs.push([c.blockPair[0], c.blockPair[1]]);
  }
  if (c.unblockPair) {
    const [a, b] = c.unblockPair;
    next.blockedPairs = next.blockedPairs.filter(([x, y]) => !((x === a && y === b) || (x === b && y === a)));
  }
  return next;
}

/** The rule table in force at time t: the base table with every change with c.t <= t applied in order. */
export function rulesAt(base: RuleTable, changes: readonly RuleChange[], t: number): RuleTable {
  let cur = base;
  for (const c of [...changes].sort((a, b) => a.t - b.t)) if (c.t <= t) cur = applyRuleChange(cur, c);
  return cur;
}

export function isBlocked(t: RuleTable, a: string, b: string): boolean {
  for (const [x, y] of t.blockedPairs) if ((x === a && y === b) || (x === b && y === a)) return true;
  return false;
}

/**
 * Static admissibility of a cross-border trade of `service` from a provider in jurisdiction `jp`
 * to a consumer in `jc` (caps excluded). Domestic trades (jp === jc) are always admissible.
 * `recognition` includes the certificate-origin check (a contract-layer compliance hook).
 */
export function pairAdmissible(t: RuleTable, service: Service, jp: string, jc: string, recognition = true): Admissibility {
  const rp = t.jurisdictions[jp];
  const rc = t.jurisdictions[jc];
  if (!rp || !rc) return { ok: false, rule: 'unknownJurisdiction' };
  if (jp === jc) return { ok: true };
  if (isBlocked(t, jp, jc)) return { ok: false, rule: 'blockedPair' };
  if (!rp.export.includes(service)) return { ok: false, rule: 'exportBan' };
  if (!rc.import.includes(service)) return { ok: false, rule: 'importBan' };
  if (recognition && service === 'certificates' && !(rc.recognizes.includes('*') || rc.recognizes.includes(jp))) {
    return { ok: false, rule: 'certificateRecognition' };
  }
  return { ok: true };
}

/** Cross-border export volume already registered, per (jurisdiction, slot, service). */
export type CapUsage = Map<string, number>;

export function capKey(jurisdiction: string, slot: number, service: Service): string {
  return `${jurisdiction}|${slot}|${service}`;
}

/** Admissibility including the exporter's cross-border cap for `quantity` more kWh. */
export function tradeAdmissible(
  t: RuleTable,
  usage: CapUsage,
  service: Service,
  slot: number,
  jp: string,
  jc: string,
  quantity: number
): Admissibility {
  const a = pairAdmissible(t, service, jp, jc);
  if (!a.ok || jp === jc) return a;
  const used = usage.get(capKey(jp, slot, service)) ?? 0;
  if (used + quantity > t.jurisdictions[jp].crossBorderCapKwh) return { ok: false, rule: 'crossBorderCap' };
  return { ok: true };
}

/** Settlement-time compliance hook: the pair must still be admissible under the rules now in force. */
export function settlementCompliant(t: RuleTable, service: Service, jp: string, jc: string): Admissibility {
  return pairAdmissible(t, service, jp, jc);
}

/**
 * Consistency of a rule table (bad input, exit 2): every referenced jurisdiction exists, caps are
 * non-negative, no pair blocks a jurisdiction with itself. Returns the first problem or null.
 */
export function ruleTableProblem(t: RuleTable): { path: string; expected: string; found: string } | null {
  const known = new Set(Object.keys(t.jurisdictions));
  for (const [k, r] of Object.entries(t.jurisdictions)) {
    for (let i = 0; i < r.recognizes.length; i++) {
      const o = r.recognizes[i];
      if (o !== '*' && !known.has(o)) return { path: `jurisdictions.${k}.recognizes.${i}`, expected: `a known jurisdiction (${[...known].join(', ')}) or '*'`, found: JSON.stringify(o) };
    }
    if (!(r.crossBorderCapKwh >= 0)) return { path: `jurisdictions.${k}.crossBorderCapKwh`, expected: 'a non-negative number', found: String(r.crossBorderCapKwh) };
  }
  for (let i = 0; i < t.blockedPairs.length; i++) {
    const [a, b] = t.blockedPairs[i];
    if (!known.has(a) || !known.has(b)) return { path: `blockedPairs.${i}`, expected: 'a pair of known jurisdictions', found: JSON.stringify([a, b]) };
    if (a === b) return { path: `blockedPairs.${i}`, expected: 'two different jurisdictions', found: JSON.stringify([a, b]) };
  }
  return null;
}
