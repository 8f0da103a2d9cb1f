// Acceptance bands and the paper-vs-sim table (CSV and Markdown).
import { toCsv } from '../output/csv.js';

/** Closed interval by default; open ends with minExclusive/maxExclusive; a missing end is unbounded. */
export interface Band {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export type Verdict = 'inside' | 'outside' | 'reported' | 'not available';

export function inBand(value: number, b: Band): boolean {
  if (!Number.isFinite(value)) return false;
  if (b.min !== undefined && (b.minExclusive ? value <= b.min : value < b.min)) return false;
  if (b.max !== undefined && (b.maxExclusive ? value >= b.max : value > b.max)) return false;
  return true;
}

export function verdict(value: number | undefined, b: Band | undefined): Verdict {
  if (value === undefined || Number.isNaN(value)) return 'not available';
  if (!b) return 'reported';
  return inBand(value, b) ? 'inside' : 'outside';
}

/** `8-14`, `>= 400`, `< 75`, `= 0`, or `-` for no band. */
export function bandText(b: Band | undefined): string {
  if (!b) return '-';
  const lo = b.min !== undefined ? `${b.minExclusive ? '>' : '>='} ${fmt(b.min)}` : '';
  const hi = b.max !== undefined ? `${b.maxExclusive ? '<' : '<='} ${fmt(b.max)}` : '';
  if (b.min !== undefined && b.max !== undefined) {
    if (b.min === b.max && !b.minExclusive && !b.maxExclusive) return `= ${fmt(b.min)}`;
    if (!b.minExclusive && !b.maxExclusive) return `${fmt(b.min)} to ${fmt(b.max)}`;
    return `${lo} and ${hi}`;
  }
  return lo || hi || 'any';
}

/** Four significant digits, integers as they are. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();
}

export interface ComparisonRow {
  id: string;
  source: string;
  ref: string;
  quantity: string;
  unit: string;
  paper: string;
  band: string;
  bandNote: string;
  ours: number | null;
  verdict: Verdict;
  note: string;
}

export function comparisonCsv(rows: ComparisonRow[]): string {
  return toCsv(
    rows.map((r) => ({
      id: r.id,
      source: r.source,
      ref: r.ref,
      quantity: r.quantity,
      unit: r.unit,
      paper: r.paper,
      band: r.band,
      band_note: r.bandNote,
      ours: r.ours === null ? '' : Number(r.ours.toPrecision(8)),
      verdict: r.verdict,
      note: r.note,
    }))
  );
}

const MARK: Record<Verdict, string> = { inside: 'inside', outside: '**OUTSIDE**', reported: 'reported', 'not available': 'n/a' };

export function comparisonMarkdown(rows: ComparisonRow[], sources: Record<string, string> = {}): string {
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  const lines = [
    '# Paper vs simulation',
    '',
    `${rows.length} values: ${count('inside')} inside their band, ${count('outside')} outside, ` +
      `${count('reported')} reported without a band, ${count('not available')} not available.`,
    '',
    ...[...new Set(rows.map((r) => r.source))].filter((s) => sources[s]).map((s) => `- ${s}: ${sources[s]}`),
    '',
    '| id | source | ref | quantity | paper | ours | unit | band | verdict | note |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const cells = [r.id, r.source, r.ref, r.quantity, r.paper, r.ours === null ? '-' : fmt(r.ours), r.unit, `${r.band} (${r.bandNote})`, MARK[r.verdict], r.note];
    lines.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
