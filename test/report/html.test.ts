import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esc, inlineSvg, writeReport } from '../../src/report/html.js';
import { addRunFigures } from '../../src/report/run-figures.js';
import { reproduce } from '../../src/reproduce/reproduce.js';
import { runScenarioFile } from '../../src/models/run-scenario.js';
import { InputError } from '../../src/util/errors.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { writeRunOutput } from '../../src/output/run-output.js';
import { allRuns } from '../reproduce/fixtures.js';
import { existsSync, readdirSync } from 'node:fs';

async function mm1Run(): Promise<string> {
  const dir = join(tempDir(), 'mm1');
  await runScenarioFile(join(ROOT, 'scenarios/demo/mm1.yaml'), { out: dir, quiet: true, set: ['mm1.customers=20000'] });
  return dir;
}

function ids(html: string): string[] {
  return [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
}

describe('report.html', () => {
  it('for a run: metrics, inline SVG figure with axis titles, offline, unique ids', async () => {
    const dir = await mm1Run();
    // a model's own figure next to the registry's: both are drawn
    mkdirSync(join(dir, 'figures'));
    writeFileSync(join(dir, 'figures', 'own.vl.json'), JSON.stringify({ data: { values: [{ a: 1, b: 2 }, { a: 2, b: 1 }] }, mark: 'line', encoding: { x: { field: 'a', type: 'quantitative', title: 'own x (s)' }, y: { field: 'b', type: 'quantitative', title: 'own y (kW)' } } }));
    const path = await writeReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('meanWaitS');
    expect(html).toMatch(/<h3>theory<\/h3>\s*<table class="kv"><tbody>\s*<tr><th scope="row">rho<\/th><td class="num">0.9<\/td>/);
    expect(html).toContain('simulated time (h)');
    expect(html).toContain('own y (kW)');
    expect((html.match(/<svg/g) ?? []).length).toBe(2);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
  });

  it('lists the overrides and the resolved scenario parameters (issue 14: the report showed neither)', async () => {
    const dir = join(tempDir(), 'mm1-set');
    await runScenarioFile(join(ROOT, 'scenarios/demo/mm1.yaml'), { out: dir, quiet: true, set: ['mm1.customers=3000', 'mm1.arrivalRatePerS=0.55'] });
    const html = readFileSync(await writeReport(dir), 'utf8');
    expect(html).toMatch(/<p>overrides: <code>--set mm1\.customers=3000<\/code> <code>--set mm1\.arrivalRatePerS=0\.55<\/code><\/p>/);
    const params = /<h2>Scenario parameters<\/h2>[\s\S]*?<pre class="scroll">([\s\S]*?)<\/pre>/.exec(html);
    expect(params).not.toBeNull();
    expect(params![1]).toMatch(/customers: 3000/);
    expect(params![1]).toMatch(/arrivalRatePerS: 0\.55/);
    // another run lists its own override
    const plain = await mm1Run();
    expect(readFileSync(await writeReport(plain), 'utf8')).toMatch(/<p>overrides: <code>--set mm1\.customers=20000<\/code><\/p>/);
  });

  it('for a reproduce directory: paper-vs-sim table and figures', async () => {
    const out = tempDir();
    await reproduce({ ids: ['mm1-queue', 'fig8'], out, quiet: true, models: ['mm1'] });
    const html = readFileSync(await writeReport(out), 'utf8');
    expect(html).toContain('Paper vs simulation');
    expect(html).toMatch(/<tr class="inside"><td>mm1\.meanWait/);
    expect(html).toContain('not available yet (model greek missing)');
    expect(html).toContain('<svg');
  });

  it('a directory that is neither is an input error', async () => {
    await expect(writeReport(tempDir())).rejects.toBeInstanceOf(InputError);
  });

  it('escapes text and prefixes SVG ids', () => {
    expect(esc('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    const svg = inlineSvg('<?xml version="1.0"?><svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>', 'f3');
    expect(svg).toBe('<svg><clipPath id="f3-clip1"/><g clip-path="url(#f3-clip1)"/></svg>');
  });
});

describe('run --svg post-step', () => {
  it('adds the applicable registry figures and renders every figure to SVG', async () => {
    const dir = await mm1Run();
    const written = await addRunFigures(dir);
    expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['figures/mm1-queue.svg', 'figures/mm1-queue.vl.json']);
    expect(readFileSync(join(dir, 'figures', 'mm1-queue.svg'), 'utf8')).toContain('customers waiting (count)');
  });
});

describe('registry figures for arbitrary run directories', () => {
  it('a Greek-like run gets fig6/7/10/23, a ledger delay run fig12, a theory-grid run fig13/16, nothing else', async () => {
    const runs = allRuns();
    const names: Record<string, string[]> = {};
    for (const key of ['greek-sc2', 'ledger-delay', 'ledger-theory-grid']) {
      const rec = runs[key];
      const dir = join(tempDir(), key);
      await writeRunOutput(dir, { scenario: key, scenarioHash: 'x', seed: 1, version: 't', kpis: {}, metrics: rec.summary.metrics, timings: {} }, { metrics: rec.summary.metrics, tables: rec.tables });
      await addRunFigures(dir, { svg: false });
      names[key] = existsSync(join(dir, 'figures')) ? readdirSync(join(dir, 'figures')).sort() : [];
    }
    expect(names['greek-sc2']).toEqual(['fig10.vl.json', 'fig23.vl.json', 'fig6.vl.json', 'fig7.vl.json']);
    expect(names['ledger-delay']).toEqual(['fig12.vl.json']);
    expect(names['ledger-theory-grid']).toEqual(['fig13.vl.json', 'fig16.vl.json']);
  });
});
