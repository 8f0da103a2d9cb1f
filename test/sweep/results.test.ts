// results.csv columns and rows, and the worker pool's handling of a worker that dies mid-run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOnPool } from '../../src/sweep/pool.js';
import { metricColumns, resultsCsv, type RunRecord } from '../../src/sweep/results.js';
import { tempDir } from '../helpers/cli.js';

/** RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes), independent of the writer. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(f), (f = '');
    else if (c === '\n') row.push(f), rows.push(row), (row = []), (f = '');
    else f += c;
  }
  if (f !== '' || row.length > 0) row.push(f), rows.push(row);
  return rows;
}

const rec = (index: number, metrics: Record<string, unknown>, kpis: Record<string, unknown> = {}, extra: Partial<RunRecord> = {}): RunRecord => ({
  runId: `r${index}`,
  index,
  replicate: 0,
  seed: 100 + index,
  parameters: { 'a.b': index / 10, 'c': 'x' },
  status: 'ok',
  error: '',
  metrics,
  kpis,
  timings: { runMs: 123 + index },
  ...extra,
});

describe('results.csv', () => {
  it('flattens numeric leaves in plan order, keeps nulls as empty cells, skips text and arrays', () => {
    const records = [
      rec(1, { w: 2, theory: { w: null }, label: 'x', series: [1, 2] }, { K1: { v: 5 } }),
      rec(0, { w: 1, theory: { w: 0.5 }, extra: 3 }),
    ];
    expect(metricColumns(records)).toEqual(['metrics.w', 'metrics.theory.w', 'metrics.extra', 'kpis.K1.v']);
    const cols = { parameters: ['a.b', 'c'], metrics: metricColumns(records) };
    const rows = parse(resultsCsv(records, cols)) as string[][];
    expect(rows[0]).toEqual(['runId', 'replicate', 'seed', 'a.b', 'c', 'metrics.w', 'metrics.theory.w', 'metrics.extra', 'kpis.K1.v', 'status', 'error']);
    expect(rows[1]).toEqual(['r0', '0', '100', '0', 'x', '1', '0.5', '3', '', 'ok', '']);
    expect(rows[2]).toEqual(['r1', '0', '101', '0.1', 'x', '2', '', '', '5', 'ok', '']);
    expect(resultsCsv(records, cols)).not.toContain('123'); // timings never reach results.csv
  });

  it('selects leaves and subtrees, keeping a named column even without data', () => {
    const records = [rec(0, { w: 1, q: { a: 1, b: 2 } }, { K2: { x: 1 } })];
    expect(metricColumns(records, ['metrics.q', 'metrics.missing', 'kpis'])).toEqual(['metrics.q.a', 'metrics.q.b', 'metrics.missing', 'kpis.K2.x']);
    expect(metricColumns([], ['metrics.w'])).toEqual(['metrics.w']);
  });

  it('quotes error messages with commas, quotes and newlines so every row parses back', () => {
    const msg = 'mm1.x: expected "a, b"\nfound c';
    const records = [rec(0, {}, {}, { status: 'failed', error: msg })];
    const rows = parse(resultsCsv(records, { parameters: [], metrics: [] })) as string[][];
    expect(rows[1]).toEqual(['r0', '0', '100', 'failed', msg]);
  });
});

describe('worker pool', () => {
  it('replaces a worker that dies mid-run, reports that run, and finishes the rest', async () => {
    const dir = tempDir('vpsim-pool-');
    const script = join(dir, 'w.mjs');
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (n) => { if (n === 3) process.exit(7); parentPort.postMessage(n * n); });\n");
    const got = new Map<number, string | number>();
    const tasks = Array.from({ length: 8 }, (_, i) => i);
    await runOnPool(tasks, { size: 2, script: pathToFileURL(script), onCrash: (_t, err) => `crash: ${err.message}` }, (t, r: string | number) => got.set(t, r));
    expect([...got.keys()].sort()).toEqual(tasks);
    expect(got.get(3)).toBe('crash: worker exited with code 7');
    for (const t of tasks.filter((x) => x !== 3)) expect(got.get(t)).toBe(t * t);
  });

  it('stops a run that exceeds the time limit and goes on with a fresh worker', async () => {
    const dir = tempDir('vpsim-pool-');
    const script = join(dir, 'w.mjs');
    // a worker answers in order, so one stuck on run 2 answers nothing after it (runs 3 and 4 were
    // queued behind it and go to the replacement)
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nlet stuck = false;\nparentPort.on('message', (n) => { if (n === 2) stuck = true; if (!stuck) parentPort.postMessage(n + 1); });\n");
    const got = new Map<number, string | number>();
    await runOnPool([0, 1, 2, 3, 4], { size: 1, script: pathToFileURL(script), timeoutMs: 2000, onCrash: (_t, err) => err.message }, (t, r: string | number) => got.set(t, r));
    expect(Object.fromEntries(got)).toEqual({ 0: 1, 1: 2, 2: 'timed out after 2 s', 3: 4, 4: 5 });
  });

  it('queues several runs a worker (window) and still records each run once, with its own result', async () => {
    const dir = tempDir('vpsim-pool-');
    const script = join(dir, 'w.mjs');
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (n) => { if (n === 13) process.exit(3); parentPort.postMessage(n * 10); });\n");
    const tasks = Array.from({ length: 40 }, (_, i) => i);
    for (const window of [1, 3, 8]) {
      const got = new Map<number, string | number>();
      await runOnPool(tasks, { size: 2, window, script: pathToFileURL(script), onCrash: (_t, err) => `crash: ${err.message}` }, (t, r: string | number) => {
        expect(got.has(t)).toBe(false);
        got.set(t, r);
      });
      expect(got.size).toBe(40);
      for (const t of tasks) expect(got.get(t)).toBe(t === 13 ? 'crash: worker exited with code 3' : t * 10);
    }
  });

  it('runs tasks in this thread beside the workers (inline lane), each once, with the same results', async () => {
    const dir = tempDir('vpsim-pool-');
    const script = join(dir, 'w.mjs');
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (n) => { if (n === 7) process.exit(5); parentPort.postMessage(n * 10); });\n");
    const tasks = Array.from({ length: 30 }, (_, i) => i);
    for (const size of [0, 1, 2]) {
      const got = new Map<number, string | number>();
      const here: number[] = [];
      const inline = async (n: number) => {
        here.push(n);
        const until = Date.now() + 2; // long enough that the worker lanes take some tasks too
        while (Date.now() < until);
        return n * 10;
      };
      await runOnPool(tasks, { size, script: pathToFileURL(script), inline, onCrash: (_t, err) => `crash: ${err.message}` }, (t, r: string | number) => {
        expect(got.has(t)).toBe(false);
        got.set(t, r);
      });
      expect(got.size).toBe(30);
      expect(here.length).toBeGreaterThan(0);
      if (size === 0) expect(here.length).toBe(30);
      else expect(here.length).toBeLessThan(30);
      for (const t of tasks) expect(got.get(t)).toBe(t === 7 && !here.includes(7) ? 'crash: worker exited with code 5' : t * 10);
    }
  });
});
