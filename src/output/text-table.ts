// Plain aligned text tables (cli-table3 without borders): console summaries, diff, kpi output.
import Table from 'cli-table3';

const NO_BORDER = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' };

/** Rows of cells as aligned columns; numbers-looking columns right-aligned when `align` says so. */
export function textTable(head: string[] | null, rows: string[][], opts: { indent?: number; align?: ('left' | 'right')[] } = {}): string {
  const t = new Table({ chars: NO_BORDER, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true }, ...(head ? { head } : {}), ...(opts.align ? { colAligns: opts.align } : {}) });
  for (const r of rows) t.push(r);
  const pad = ' '.repeat(opts.indent ?? 0);
  return t
    .toString()
    .split('\n')
    .map((l) => pad + l.replace(/\s+$/, ''))
    .join('\n');
}
