// Human-readable KPI listing for `vpsim kpi` (numbers printed exactly as JSON would print them),
// laid out as a two-column text table so keys of any length stay aligned.
import { textTable } from '../output/text-table.js';
import type { Kpis } from './index.js';

export function formatKpis(k: Kpis | Record<string, unknown>): string {
  const rows: string[][] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
      for (const [key, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${key}` : key, depth + 1);
    } else if (!(path.startsWith('K1.perVp') && depth > 2)) rows.push([path, JSON.stringify(v) ?? 'undefined']);
  };
  for (const [name, v] of Object.entries(k)) walk(v, name, 0);
  return textTable(null, rows) + '\n';
}
