// Figures annotate from the run's own scenario (not the paper), and three drawing faults stay fixed:
// fig23's float-noise violation, fig6's price colour, fig9's 100-105% bin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITEMS } from '../../src/reproduce/registry.js';
import { socBins } from '../../src/reproduce/figures/greek.js';
import type { RunSet } from '../../src/reproduce/types.js';
import { allRuns } from './fixtures.js';
import { tempDir, vpsim } from '../helpers/cli.js';

const item = (id: string) => ITEMS.find((i) => i.id === id)!;
/** Every object in a spec, data values included. */
function objects(x: unknown, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(x)) x.forEach((y) => objects(y, out));
  else if (x && typeof x === 'object') {
    out.push(x as Record<string, any>);
    for (const v of Object.values(x)) objects(v, out);
  }
  return out;
}
const subtitle = (spec: Record<string, any>) => String(spec.title?.subtitle ?? '');
/** Vega-Lite's default categorical palette (tableau10), which the city colour scale takes. */
const TABLEAU10 = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

describe('figures after --set overrides show the scenario values, not the paper', () => {
  const out = join(tempDir(), 'run');
  const obligations = '[{start: "16:30", end: "17:30", pMinKw: 150, pMaxKw: 250}]';
  const r = vpsim(['run', 'test/greek/fixtures/small.yaml', '--quiet', '--svg', '--out', out, '--set', `greek.obligations=${obligations}`, '--set', 'greek.grid.vMinPu=0.97', '--set', 'greek.grid.vMaxPu=1.03']);

  it('runs', () => expect(r.code, r.stderr).toBe(0));

  it('fig7: obligation band and subtitle from the scenario', () => {
    const spec = JSON.parse(readFileSync(join(out, 'figures', 'fig7.vl.json'), 'utf8'));
    const sub = subtitle(spec);
    expect(sub).toContain('16:30-17:30');
    expect(sub).toContain('guaranteed 150 kW');
    expect(sub).toContain('peak limit 250 kW');
    expect(sub).not.toMatch(/2000 kW|3000 kW/);
    const band = objects(spec).filter((o) => 'lo' in o && 'hi' in o && 'hour' in o);
    expect(band.length).toBeGreaterThan(0);
    for (const b of band) expect([b.lo, b.hi]).toEqual([150, 250]);
  });

  it('fig10: voltage limit rules at the scenario limits', () => {
    const spec = JSON.parse(readFileSync(join(out, 'figures', 'fig10.vl.json'), 'utf8'));
    const limits = objects(spec).filter((o) => 'limit' in o).map((o) => o.limit);
    expect(limits.sort()).toEqual([0.97, 1.03]);
    expect(subtitle(spec)).toContain('0.97 and 1.03 p.u.');
    expect(subtitle(spec)).not.toContain('0.95');
  });
});

describe('paper values appear only as a marked reference layer', () => {
  const runs = allRuns();
  it('without the reference option no paper obligation or limit is drawn', () => {
    const fig7 = item('fig7').figure!(runs);
    expect(objects(fig7).some((o) => o.layer === 'paper reference')).toBe(false);
    expect(subtitle(fig7)).not.toContain('paper');
  });
  it('with it (vpsim reproduce) the paper layer is present and labelled', () => {
    const fig7 = item('fig7').figure!(runs, { reference: true });
    expect(objects(fig7).filter((o) => o.layer === 'paper reference').map((o) => o.p_kw)).toEqual([2000, 3000]);
    expect(subtitle(fig7)).toMatch(/paper reference \(Energies 2025\) 2000-3000 kW/);
    const fig10 = item('fig10').figure!(runs, { reference: true });
    expect(objects(fig10).filter((o) => o.layer === 'paper reference').map((o) => o.limit)).toEqual([0.95, 1.05]);
  });
});

describe('drawing faults', () => {
  it('fig23: a 1e-10 max violation is not drawn as a full bar', () => {
    const runs: RunSet = allRuns();
    const opt = runs['greek-sc1'].tables.optimizers.map((r) => ({ ...r, max_violation: 1e-10 }));
    const spec = item('fig23').figure!({ ...runs, 'greek-sc1': { ...runs['greek-sc1'], tables: { ...runs['greek-sc1'].tables, optimizers: opt } } });
    const y = objects(spec).find((o) => o.field === 'violation');
    expect(y, 'violation encoding').toBeDefined();
    const top = y!.scale?.domain?.[1];
    expect(typeof top).toBe('number');
    // the bar is at most a millionth of the axis, i.e. invisible
    expect(1e-10 / top).toBeLessThan(1e-6);
  });

  it('fig6: the price line does not take a city colour', () => {
    const spec = item('fig6').figure!(allRuns());
    const marks = objects(spec).filter((o) => o.encoding?.y?.field === 'price_mu_per_kwh');
    expect(marks.length).toBe(1);
    const colour = String(marks[0].mark.color).toLowerCase();
    expect(TABLEAU10).not.toContain(colour);
    // and no colour scale of the spec is overridden to put a city on it
    expect(objects(spec).some((o) => Array.isArray(o.range) && o.range.includes(colour))).toBe(false);
  });

  it('fig9: SoC bins end at 100% (a full battery counts in 95-100%)', () => {
    const runs = allRuns();
    const ev = runs['greek-sc1'].tables.ev.map((r, i) => ({ ...r, soc_final: i % 2 ? 1 : 0.9 }));
    const spec = item('fig9').figure!({ ...runs, 'greek-sc1': { ...runs['greek-sc1'], tables: { ...runs['greek-sc1'].tables, ev } } });
    for (const o of objects(spec)) {
      if (o.bin && typeof o.bin === 'object' && Array.isArray(o.bin.extent)) expect(o.bin.extent[1]).toBeLessThanOrEqual(100);
      if ('bin_hi_pct' in o) expect(o.bin_hi_pct).toBeLessThanOrEqual(100);
    }
    const bins = objects(spec).filter((o) => 'bin_hi_pct' in o && o.scenario === 'SC1 optimized + V2G');
    expect(bins.find((b) => b.bin_lo_pct === 95)?.evs).toBe(20);
    expect(socBins([100, 99.99, 95, 94.9, 0])).toEqual([
      { bin_lo_pct: 0, bin_hi_pct: 5, evs: 1 },
      { bin_lo_pct: 90, bin_hi_pct: 95, evs: 1 },
      { bin_lo_pct: 95, bin_hi_pct: 100, evs: 3 },
    ]);
  });
});
