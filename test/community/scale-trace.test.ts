// Issue 15 remainder: --trace writes the community's message trace like the other kernel models,
// and the 1000-household scale.yaml passes `vpsim kpi DIR` (equal to summary.json's KPIs) and
// `vpsim ledger verify DIR`. No timing is asserted (the run takes about 16 s; npm run bench times it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vpsim } from '../helpers/cli.js';

const SMALL = ['--set', 'community.participants.households.count=8', '--set', 'community.participants.commercial.count=1', '--set', 'community.time.intervals=8'];

describe('community --trace', () => {
  const root = tempDir('community-trace-');
  const runs = ['a', 'b'].map((n) => {
    const out = join(root, n);
    return { out, r: vpsim(['run', 'scenarios/community/uniform.yaml', '--quiet', '--trace', '--out', out, ...SMALL]) };
  });

  it('runs and writes trace.jsonl: one line per kernel event, orders reaching the market', () => {
    for (const { r } of runs) expect(r.code, r.stderr).toBe(0);
    const { out } = runs[0];
    const lines = readFileSync(join(out, 'trace.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(lines.length).toBe(summary.metrics.simEvents);
    for (const e of lines) expect(['message', 'timer']).toContain(e.kind);
    for (let i = 1; i < lines.length; i++) expect(lines[i].t).toBeGreaterThanOrEqual(lines[i - 1].t);
    const orders = lines.filter((e) => e.kind === 'message' && e.to === 'market' && e.data?.type === 'order');
    expect(orders.length).toBeGreaterThan(0);
    expect(new Set(orders.map((e) => e.from)).size).toBeGreaterThan(1);
  });

  it('same seed, same trace bytes; the other outputs are those of a run without --trace', () => {
    const [a, b] = runs.map(({ out }) => readFileSync(join(out, 'trace.jsonl')));
    expect(a.equals(b)).toBe(true);
    const plain = join(root, 'plain');
    expect(vpsim(['run', 'scenarios/community/uniform.yaml', '--quiet', '--out', plain, ...SMALL]).code).toBe(0);
    for (const f of ['events.jsonl', 'ledger.jsonl', 'trades.csv']) expect(readFileSync(join(plain, f)).equals(readFileSync(join(runs[0].out, f))), f).toBe(true);
  });
});

describe('scenarios/community/scale.yaml (1000 households)', () => {
  it('vpsim kpi DIR equals summary.json kpis and vpsim ledger verify DIR passes', () => {
    const out = join(tempDir('community-scale-'), 'scale');
    const r = vpsim(['run', 'scenarios/community/scale.yaml', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.metrics.households).toBe(1000);
    const kpi = vpsim(['kpi', out, '--json']);
    expect(kpi.code, kpi.stderr).toBe(0);
    expect(JSON.parse(kpi.stdout)).toEqual(summary.kpis);
    const v = vpsim(['ledger', 'verify', out]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/: ok, \d+ blocks, \d+ transactions/);
    expect(v.stdout).toMatch(/events\.jsonl bound/);
  }, 300_000);
});
