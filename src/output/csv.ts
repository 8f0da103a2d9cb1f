// CSV with one header row; columns are the union of row keys in first-seen order.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Row } from '../sim/recorder.js';

export function toCsv(rows: Row[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return stringify(rows, { header: true, columns, cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

export function toJsonl(items: readonly unknown[]): string {
  let s = '';
  for (const it of items) s += JSON.stringify(it) + '\n';
  return s;
}

/** Parses CSV with a header row into records of strings (RFC 4180, via csv-parse). */
export function parseCsvStrings(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
}

/** Parses CSV with a header row; numbers become numbers, true/false booleans, empty cells null. */
export function parseCsv(text: string): Row[] {
  return parse(text, {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    bom: true,
    cast: (value, ctx) => (ctx.header ? value : coerceCell(value)),
  });
}

function coerceCell(s: string): string | number | boolean | null {
  if (s === '') return null;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (s === 'NaN' || s === 'Infinity' || s === '-Infinity') return Number(s);
  return s;
}
