// A table of rows as Markdown (for tables/<id>.md and the HTML report).
import type { Row } from '../sim/recorder.js';

export function tableMarkdown(title: string, rows: Row[]): string {
  const cols = columns(rows);
  const lines = [`# ${title}`, '', `| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${cols.map((c) => cell(r[c])).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

export function columns(rows: Row[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : Number(v.toPrecision(5)).toString();
  return String(v).replace(/\|/g, '\\|');
}
