import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reproduce, selectItems, listing } from '../../src/reproduce/reproduce.js';
import { PINNED } from '../../src/reproduce/pins.js';
import { PAPER_VALUES } from '../../src/reproduce/paper-values.js';
import { ITEMS } from '../../src/reproduce/registry.js';
import { parseCsv, recordsFromResult } from '../../src/reproduce/records.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';
import { InputError } from '../../src/util/errors.js';
import { tempDir, ROOT } from '../helpers/cli.js';
import { allRuns } from './fixtures.js';

describe('registry', () => {
  it('ids are unique and every item names pinned runs', () => {
    const ids = ITEMS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = new Set(PINNED.map((p) => p.key));
    for (const it of ITEMS) for (const r of it.runs) expect(keys.has(r), `${it.id} -> ${r}`).toBe(true);
    for (const v of PAPER_VALUES) {
      for (const r of v.runs) expect(keys.has(r), `${v.id} -> ${r}`).toBe(true);
      for (const i of v.items) expect(ids, v.id).toContain(i);
    }
  });

  it('covers every paper figure and table the specs list', () => {
    const ids = ITEMS.map((i) => i.id);
    for (let f = 6; f <= 21; f++) expect(ids).toContain(`fig${f}`);
    expect(ids).toEqual(expect.arrayContaining(['fig22-left', 'fig22-right', 'fig23', 'table3', 'gvp-kpis', 'gvp-scale']));
  });

  it('paper values are targets only: no model or domain code imports them', () => {
    const offenders: string[] = [];
    const scan = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) scan(p);
        else if (p.endsWith('.ts') && readFileSync(p, 'utf8').includes('paper-values')) offenders.push(p);
      }
    };
    for (const d of readdirSync(join(ROOT, 'src'))) if (!['reproduce', 'report', 'cli'].includes(d) && !d.endsWith('.ts')) scan(join(ROOT, 'src', d));
    expect(offenders).toEqual([]);
  });

  it('unknown ids are an input error (exit 2)', () => {
    expect(() => selectItems(['fig6', 'fig99'])).toThrow(InputError);
    expect(() => selectItems(['fig99'])).toThrow(/'fig99'/);
    expect(selectItems(['all'])).toHaveLength(ITEMS.length);
  });

  it('--list says which items wait for a model', () => {
    const text = listing(['mm1']);
    expect(text).toMatch(/fig8\s+figure\s+Energies 2025, Fig\. 8.*not available yet \(model greek missing\)/);
    expect(text).toMatch(/mm1-queue.*available/);
  });
});

describe('reproduce pipeline', () => {
  it('runs the mm1 demo end to end and reports missing models instead of crashing', async () => {
    const out = tempDir();
    const res = await reproduce({
      ids: ['mm1-queue', 'fig8', 'gvp-kpis'],
      out,
      quiet: true,
      models: ['mm1'],
    });
    const byId = Object.fromEntries(res.items.map((i) => [i.id, i]));
    expect(byId['mm1-queue'].status).toBe('ok');
    expect(byId['fig8']).toMatchObject({ status: 'unavailable', message: 'not available yet (model greek missing)' });
    expect(byId['gvp-kpis'].message).toBe('not available yet (model gvp missing)');
    const svg = readFileSync(join(out, 'figures', 'mm1-queue.svg'), 'utf8');
    expect(svg).toContain('customers waiting (count)');
    const spec = JSON.parse(readFileSync(join(out, 'figures', 'mm1-queue.vl.json'), 'utf8'));
    expect(spec.data.values.length).toBeGreaterThan(10);
    expect(existsSync(join(out, 'runs', 'mm1', 'summary.json'))).toBe(true);
    const cmp = parseCsv(readFileSync(join(out, 'paper-vs-sim.csv'), 'utf8'));
    const wait = cmp.find((r) => r.id === 'mm1.meanWait')!;
    expect(wait.verdict).toBe('inside');
    expect(Math.abs((wait.ours as number) - 9)).toBeLessThan(0.45);
    const cost = cmp.find((r) => r.id === 'greek.cost.reduction')!;
    expect(cost).toMatchObject({ paper: 11, band: '8 to 14', verdict: 'not available', note: 'not available yet (model greek missing)' });
    expect(readFileSync(join(out, 'paper-vs-sim.md'), 'utf8')).toContain('| greek.cost.sc1 |');
    const manifest = JSON.parse(readFileSync(join(out, 'reproduce.json'), 'utf8'));
    expect(manifest.runs.find((r: { key: string }) => r.key === 'mm1').status).toBe('ok');
  });

  it('builds every item and judges every paper value when all runs exist', async () => {
    const out = tempDir();
    const runs = allRuns();
    const res = await reproduce({ ids: ['all'], out, quiet: true, svg: false, models: ['mm1', 'greek', 'ledger', 'gvp', 'community'], runner: async (pin) => runs[pin.key] });
    expect(res.items.filter((i) => i.status !== 'ok').map((i) => `${i.id}: ${i.message}`)).toEqual([]);
    expect(res.comparison.filter((c) => c.verdict === 'not available').map((c) => `${c.id}: ${c.note}`)).toEqual([]);
    expect(res.comparison.find((c) => c.id === 'greek.cost.reduction')!.verdict).toBe('inside');
    expect(readFileSync(join(out, 'tables', 'table3.csv'), 'utf8').split('\n')[0]).toBe('validator,slots,mean_tx,std_tx,min_tx,max_tx');
  });

  it('a run that fails or lacks data marks its items, others still build', async () => {
    const out = tempDir();
    const runs = allRuns();
    const res = await reproduce({
      ids: ['fig7', 'fig23', 'fig14'],
      out,
      quiet: true,
      svg: false,
      models: ['greek', 'ledger'],
      runner: async (pin) => {
        if (pin.key === 'ledger-distribution') throw new Error('boom');
        return pin.key === 'greek-sc1' ? { ...runs[pin.key], tables: { timeseries: runs[pin.key].tables.timeseries } } : runs[pin.key];
      },
    });
    const st = Object.fromEntries(res.items.map((i) => [i.id, [i.status, i.message]]));
    expect(st.fig7[0]).toBe('ok');
    expect(st.fig23).toEqual(['unavailable', expect.stringContaining('optimizers.csv')]);
    expect(st.fig14).toEqual(['failed', 'ledger-distribution: run failed: boom']);
  });

  it('records from a fresh run equal records re-read from its directory', async () => {
    const { loadRunDir } = await import('../../src/reproduce/records.js');
    const out = join(tempDir(), 'mm1');
    const res = await runScenarioFile(join(ROOT, 'scenarios/demo/mm1.yaml'), { out, quiet: true, set: ['mm1.customers=5000'] });
    const a = recordsFromResult(res);
    const b = loadRunDir(out);
    expect(b.tables.queue).toEqual(a.tables.queue);
    expect(b.summary.metrics).toEqual(JSON.parse(JSON.stringify(a.summary.metrics)));
  });

  it('--reuse redraws from OUT/runs when the pin still matches, re-runs when it does not', async () => {
    const out = tempDir();
    const pins = PINNED.map((p) => (p.key === 'mm1' ? { ...p, set: ['mm1.customers=5000'] } : p));
    await reproduce({ ids: ['mm1-queue'], out, quiet: true, svg: false, models: ['mm1'], pins });
    const csv = join(out, 'runs', 'mm1', 'queue.csv');
    writeFileSync(csv, 't_s,queue_length\n0,1\n100,2\n200,3\n');
    const again = await reproduce({ ids: ['mm1-queue'], out, quiet: true, svg: false, models: ['mm1'], pins, reuse: true });
    expect(again.runs.find((r) => r.key === 'mm1')!.message).toBe('reused');
    expect(JSON.parse(readFileSync(join(out, 'figures', 'mm1-queue.vl.json'), 'utf8')).data.values).toHaveLength(3);
    const other = PINNED.map((p) => (p.key === 'mm1' ? { ...p, seed: 43, set: ['mm1.customers=5000'] } : p));
    const rerun = await reproduce({ ids: ['mm1-queue'], out, quiet: true, svg: false, models: ['mm1'], pins: other, reuse: true });
    expect(rerun.runs.find((r) => r.key === 'mm1')!.message).toBe('');
    expect(JSON.parse(readFileSync(join(out, 'figures', 'mm1-queue.vl.json'), 'utf8')).data.values.length).toBeGreaterThan(3);
  });

  it('a partial reproduction into an existing OUT keeps the other entries', async () => {
    const out = tempDir();
    const runs = allRuns();
    const runner = async (pin: { key: string }) => runs[pin.key];
    const models = ['mm1', 'greek', 'ledger', 'gvp'];
    await reproduce({ ids: ['fig8', 'mm1-queue'], out, quiet: true, svg: false, models, runner });
    await reproduce({ ids: ['fig18'], out, quiet: true, svg: false, models, runner });
    const m = JSON.parse(readFileSync(join(out, 'reproduce.json'), 'utf8'));
    expect(m.items.map((i: { id: string }) => i.id)).toEqual(['fig8', 'fig18', 'mm1-queue']);
    const ids = parseCsv(readFileSync(join(out, 'paper-vs-sim.csv'), 'utf8')).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['mm1.meanWait', 'greek.cost.reduction', 'ledger.reliability.normal']));
    expect(ids.indexOf('mm1.meanWait')).toBeLessThan(ids.indexOf('greek.cost.sc1'));
  });
});
