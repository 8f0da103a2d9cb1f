// CSV with one header row; columns are the union of row keys in first-seen order.
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
