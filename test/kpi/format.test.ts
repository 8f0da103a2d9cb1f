import { describe, expect, it } from 'vitest';
import { formatKpis } from '../../src/kpi/format.js';

// Column where the value starts on each line: after the key and the column gap.
const valueColumns = (text: string, values: string[]) =>
  text
    .trimEnd()
    .split('\n')
    .map((line, i) => line.lastIndexOf(values[i]!));

describe('vpsim kpi text layout', () => {
  it('keeps values in one column when a key is longer than 44 characters', () => {
    const longKey = 'aVeryLongKpiNameThatGoesWellPastFortyFourCharactersWide';
    expect(longKey.length).toBeGreaterThan(44);
    const text = formatKpis({ K2: { short: 1, [longKey]: 0.25 }, K3: { x: 'abc' } });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.startsWith('K2.short')).toBe(true);
    expect(lines[1]!.startsWith(`K2.${longKey}`)).toBe(true);
    const cols = valueColumns(text, ['1', '0.25', '"abc"']);
    expect(new Set(cols).size).toBe(1);
    // the value column starts after the longest key plus a gap
    expect(cols[0]).toBeGreaterThan(`K2.${longKey}`.length);
    // the key is never cut
    expect(text).toContain(`K2.${longKey}`);
  });

  it('prints values exactly as JSON does and skips the per-VP detail below K1.perVp', () => {
    const text = formatKpis({ K1: { rate: 0.1 + 0.2, perVp: { vp1: { a: 1 } } }, K4: { list: [1, 2] } });
    expect(text).toContain(JSON.stringify(0.1 + 0.2));
    expect(text).toContain('[1,2]');
    expect(text).not.toContain('K1.perVp.vp1');
  });
});
