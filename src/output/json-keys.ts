// JSON key convention of every vpsim JSON output (summary.json, kpi --json, diff --json, bench
// --json, sweep records): field names in camelCase with the unit as a suffix (`welfareMu`,
// `p95DelayS`, `qtyKwh`). Computations may name a field with an underscore before its unit
// (`welfare_mu`); the outputs pass through `camelKeys`, which renames such keys once, at the edge.
// Keys of the maps listed in DATA_MAPS are data (ids, names, labels), not field names: they are
// written as they are. docs/outputs.md lists the same maps.

/** A field name with an underscore before a unit or word (`p95Delay_s`, `energySlope_kwh_per_validator`). */
const SNAKE_FIELD = /^[a-z][a-zA-Z0-9]*(_[a-zA-Z0-9]+)+$/;

/** `welfare_mu` -> `welfareMu`, `p95Delay_s` -> `p95DelayS`; other keys are returned unchanged. */
export function camelKey(k: string): string {
  if (!SNAKE_FIELD.test(k)) return k;
  const [head, ...rest] = k.split('_');
  return head + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/**
 * Paths (in output key names, `*` = any key) of objects whose keys are data: VP ids,
 * service and lifecycle-stage names, event type names, optimizer labels, protocol names, region
 * names, validator counts. Their values are still fields (renamed as usual).
 */
export const DATA_MAPS: readonly (readonly string[])[] = [
  ['kpis', '*', 'perVp'],
  ['kpis', '*', 'byService'],
  ['kpis', '*', 'byStage'],
  ['kpis', '*', 'byStage', '*'],
  ['metrics', 'optimizerComparison'],
  ['metrics', 'reliabilityPct'],
  ['metrics', 'consensusByM'],
  ['metrics', 'dtotalAtMaxNByM'],
  ['metrics', 'throughputAtMaxValidatorsTps'],
  ['metrics', 'throughputByValidatorsTps'],
  ['metrics', 'energySlopeKwhPerValidator'],
  ['metrics', 'settlement'],
];

function matches(pattern: readonly string[], path: readonly string[]): boolean {
  return pattern.length === path.length && pattern.every((p, i) => p === '*' || p === path[i]);
}

/** True when the keys of the object at `path` are data (one of DATA_MAPS). */
export function isDataMap(path: readonly string[]): boolean {
  return DATA_MAPS.some((p) => matches(p, path));
}

/**
 * A copy of `value` with every field key in camelCase (see camelKey); `path` is where `value` sits
 * in a summary (`['kpis']` for the KPI object), so the data maps keep their keys.
 */
export function camelKeys<T>(value: T, path: readonly string[] = []): T {
  if (Array.isArray(value)) return value.map((v) => camelKeys(v, path)) as T;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const data = isDataMap(path);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = data ? k : camelKey(k);
    if (key in out) throw new Error(`internal: two output keys become '${key}' at ${[...path, key].join('.')}`);
    out[key] = camelKeys(v, [...path, key]);
  }
  return out as T;
}
