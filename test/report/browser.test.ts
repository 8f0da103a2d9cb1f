// The HTML report in a real browser: Debian's chromium, headless, driven by puppeteer-core (no
// browser download). No console errors, every figure renders (an SVG with marks and a size),
// headline results come before the KPI tables, CSV previews scroll inside their box.
import { mkdtempSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, vpsim } from '../helpers/cli.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let browser: Browser;
const dir = tempDir('vpsim-browser-');
const greek = join(dir, 'greek');
const mm1 = join(dir, 'mm1');

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package (.ci/run does)`);
  for (const [out, args] of [[greek, ['test/greek/fixtures/small.yaml', '--svg']], [mm1, ['scenarios/demo/mm1.yaml', '--set', 'mm1.customers=5000']]] as const) {
    const r = vpsim(['run', ...args, '--quiet', '--out', out]);
    if (r.code !== 0) throw new Error(r.stderr);
    const rep = vpsim(['report', out]);
    if (rep.code !== 0) throw new Error(rep.stderr);
  }
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'vpsim-chromium-'))}`] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function open(runDir: string) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(join(runDir, 'report.html')).href, { waitUntil: 'load' });
  return { page, errors };
}

describe('report.html in headless chromium', () => {
  it('greek run: no console errors, figures render, headline first, K4 left out, previews scroll', async () => {
    const { page, errors } = await open(greek);
    const info = await page.evaluate(() => {
      const figs = [...document.querySelectorAll('figure')].map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { w: box?.width ?? 0, h: box?.height ?? 0, marks: svg ? svg.querySelectorAll('path, rect, line, text').length : 0 };
      });
      const order = (sel: string) => {
        const el = document.querySelector(sel);
        return el ? [...document.body.querySelectorAll('*')].indexOf(el) : -1;
      };
      const h2 = [...document.querySelectorAll('h2, h3')].map((h) => h.textContent ?? '');
      const scrolls = [...document.querySelectorAll('div.scroll')].map((d) => getComputedStyle(d).overflowX);
      return { figs, headline: order('table.headline'), firstFigure: order('figure'), kpis: order('details h2'), h2, scrolls, pageWide: document.documentElement.scrollWidth, view: window.innerWidth, links: [...document.querySelectorAll('ul.files a')].map((a) => a.getAttribute('href')) };
    });
    expect(errors).toEqual([]);
    expect(info.figs.length).toBeGreaterThanOrEqual(3); // fig6, fig7, fig10
    for (const f of info.figs) {
      expect(f.w).toBeGreaterThan(200);
      expect(f.h).toBeGreaterThan(100);
      expect(f.marks).toBeGreaterThan(20);
    }
    expect(info.headline).toBeGreaterThan(-1);
    expect(info.headline).toBeLessThan(info.firstFigure);
    expect(info.firstFigure).toBeLessThan(info.kpis);
    expect(info.h2).not.toContain('K4');
    expect(info.scrolls.length).toBeGreaterThan(0);
    for (const o of info.scrolls) expect(o).toBe('auto');
    expect(info.pageWide).toBeLessThanOrEqual(info.view);
    for (const f of ['summary.json', 'timeseries.csv', 'ev.csv', 'events.jsonl', 'ledger.jsonl', 'figures/fig7.vl.json']) expect(info.links).toContain(f);
    await page.close();
  }, 60_000);

  it("mm1 run: no 'KPIs: none', the queue figure renders", async () => {
    const { page, errors } = await open(mm1);
    const text = await page.evaluate(() => document.body.innerText);
    const figs = await page.evaluate(() => [...document.querySelectorAll('figure svg')].map((s) => s.getBoundingClientRect().width));
    expect(errors).toEqual([]);
    expect(text).not.toMatch(/KPIs/);
    expect(text).toMatch(/mean wait in queue/);
    expect(figs.length).toBeGreaterThanOrEqual(1);
    for (const w of figs) expect(w).toBeGreaterThan(200);
    await page.close();
  }, 60_000);
});
