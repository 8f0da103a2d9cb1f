import { describe, expect, it } from 'vitest';
import { ITEMS, MEASURES } from '../../src/reproduce/registry.js';
import { PAPER_VALUES } from '../../src/reproduce/paper-values.js';
import { validatorStats } from '../../src/reproduce/figures/ledger.js';
import { renderSvg } from '../../src/output/svg.js';
import { MissingData } from '../../src/reproduce/types.js';
import { allRuns, mm1 } from './fixtures.js';
import { dataRows, nonInlineData, quantTitles } from './spec-check.js';

const runs = allRuns();

describe('figure builders on records in the documented column layout', () => {
  for (const item of ITEMS) {
    if (item.figure) {
      it(`${item.id}: inline data, unit in every quantitative axis title`, () => {
        const spec = item.figure!(runs);
        expect(spec.$schema).toMatch(/vega-lite\/v6/);
        expect(nonInlineData(spec)).toEqual([]);
        expect(dataRows(spec)).toBeGreaterThan(0);
        const titles = quantTitles(spec);
        expect(titles.length).toBeGreaterThan(0);
        for (const t of titles) expect(t, `${item.id}: axis title '${t}' has no unit`).toMatch(/\([^)]+\)/);
      });
    }
    if (item.table) {
      it(`${item.id}: table has rows`, () => {
        expect(item.table!(runs).length).toBeGreaterThan(0);
      });
    }
  }

  it('a run lacking a table gives MissingData naming it, not a crash', () => {
    const fig7 = ITEMS.find((i) => i.id === 'fig7')!;
    const bare = { ...runs, 'greek-sc1': { ...runs['greek-sc1'], tables: {} } };
    expect(() => fig7.figure!(bare)).toThrow(MissingData);
    expect(() => fig7.figure!(bare)).toThrow(/timeseries\.csv/);
  });

  it('Table 3 statistics: mean and sample standard deviation per B/A', () => {
    const rows = [1, 2, 3, 4].map((tx) => ({ slot: tx, validator: 'BA1', tx }));
    const [s] = validatorStats(rows);
    expect(s.mean_tx).toBe(2.5);
    expect(s.std_tx).toBeCloseTo(Math.sqrt(5 / 3), 3);
  });

  it('measures compute our values from the records', () => {
    expect(MEASURES['greek.cost.reduction'](runs)).toBeCloseTo((100 * (4280 - 3800)) / 4280, 6);
    expect(MEASURES['greek.obligation.sc1'](runs)).toBe(0);
    expect(MEASURES['greek.obligation.sc2'](runs)).toBeGreaterThan(0);
    expect(MEASURES['greek.v2g.window'](runs)).toBe(100);
    expect(MEASURES['ledger.reliability.highLoadFailures'](runs)).toBe(70);
    expect(MEASURES['ledger.storage.r2'](runs)).toBeCloseTo(1, 9);
    expect(MEASURES['gvp.s4.settlementSuccess'](runs)).toBeCloseTo(93, 9);
    expect(MEASURES['gvp.scale.maxVps'](runs)).toBe(2000);
  });

  it('every paper value has a measure', () => {
    expect(PAPER_VALUES.filter((v) => !MEASURES[v.id]).map((v) => v.id)).toEqual([]);
  });
});

describe('every figure compiles to a valid Vega dataflow', () => {
  it('vega-lite compile + vega parse + run (no SVG serialisation) for every figure', async () => {
    const vl = await import('vega-lite');
    const vega = await import('vega');
    const failures: string[] = [];
    for (const item of ITEMS.filter((i) => i.figure)) {
      try {
        const view = new vega.View(vega.parse(vl.compile(item.figure!(runs) as never).spec), { renderer: 'none' });
        await view.runAsync();
        view.finalize();
      } catch (err) {
        failures.push(`${item.id}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('renderSvg', () => {
  it('renders the mm1 figure with its axis titles and data marks', async () => {
    const svg = await renderSvg(ITEMS.find((i) => i.id === 'mm1-queue')!.figure!({ mm1: mm1() }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('simulated time (h)');
    expect(svg).toContain('customers waiting (count)');
    expect(svg).toContain('theory mean');
    expect(svg).toMatch(/<path[^>]+d="M[^"]{200,}/); // the series is drawn
  });

  it('is deterministic', async () => {
    const spec = ITEMS.find((i) => i.id === 'fig8')!.figure!(runs);
    expect(await renderSvg(spec)).toBe(await renderSvg(spec));
  });
});
