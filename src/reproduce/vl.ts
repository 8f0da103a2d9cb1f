// Small helpers for Vega-Lite specs: one look for every figure (paper-size fonts), inline data,
// and downsampling so a spec stays small enough to open in an editor.
import type { Row } from '../sim/recorder.js';
import type { VegaLiteSpec } from './types.js';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Readable at paper size (a ~16 cm wide column): 11-13 px labels, no tiny ticks. */
export const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridOpacity: 0.4 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'right', labelLimit: 280 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11 },
  view: { stroke: '#888' },
  line: { strokeWidth: 1.6 },
};

export const WIDTH = 520;
export const HEIGHT = 260;

/** A top-level spec: `$schema`, title, config and inline data around `body`. */
export function spec(title: string, subtitle: string | undefined, values: Row[] | null, body: Record<string, unknown>): VegaLiteSpec {
  const s: VegaLiteSpec = { $schema: SCHEMA, title: subtitle ? { text: title, subtitle } : title };
  if (values) s.data = { values };
  return { ...s, ...body, config: CONFIG };
}

export function q(field: string, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { field, type: 'quantitative', title, ...extra };
}
export function n(field: string, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { field, type: 'nominal', title, ...extra };
}
export function o(field: string, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { field, type: 'ordinal', title, ...extra };
}

/** Keeps every k-th row so at most `max` remain (first and last kept). Deterministic. */
export function thin<T>(rows: T[], max = 1500): T[] {
  if (rows.length <= max) return rows;
  const k = Math.ceil(rows.length / max);
  const out = rows.filter((_, i) => i % k === 0);
  if (out[out.length - 1] !== rows[rows.length - 1]) out.push(rows[rows.length - 1]);
  return out;
}

/** Rounds numbers to 6 significant digits so inlined data is compact and stable. */
export function round6(rows: Row[]): Row[] {
  return rows.map((r) => {
    const o: Row = {};
    for (const [k, v] of Object.entries(r)) o[k] = typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v;
    return o;
  });
}
