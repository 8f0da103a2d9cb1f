// Human-readable KPI listing for `vpsim kpi` (numbers printed exactly as JSON would print them).
import type { Kpis } from './index.js';

export function formatKpis(k: Kpis): string {
  const lines: string[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
      for (const [key, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${key}` : key, depth + 1);
    } else if (!(path.startsWith('K1.perVp') && depth > 2)) lines.push(`${path.padEnd(44)} ${JSON.stringify(v)}`);
  };
  for (const [name, v] of Object.entries(k)) walk(v, name, 0);
  return lines.join('\n') + '\n';
}
