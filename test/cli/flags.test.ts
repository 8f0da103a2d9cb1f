// --trace and --svg work for every model, or are refused with a clear message before anything runs.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vpsim } from '../helpers/cli.js';

const dir = tempDir();
const ledgerFile = join(dir, 'ledger-day.yaml');
writeFileSync(ledgerFile, 'name: ld\nmodel: ledger\nseed: 3\nexperiments:\n  - { kind: day, writeLedger: false, workload: { kind: slots, duration_s: 1800, slot_s: 300, perSlot: 100, poissonCounts: true, spread_s: 30 } }\n');
const svgs = (out: string) => (existsSync(join(out, 'figures')) ? readdirSync(join(out, 'figures')).filter((f) => f.endsWith('.svg')) : []);

describe('--svg for every model', () => {
  for (const [model, args] of [
    ['mm1', ['scenarios/demo/mm1.yaml', '--set', 'mm1.customers=2000']],
    ['greek', ['test/greek/fixtures/small.yaml']],
    ['gvp', ['scenarios/gvp/s1.yaml']],
    ['ledger', [ledgerFile]],
  ] as const) {
    it(`${model}: writes at least one SVG figure`, () => {
      const out = join(dir, `svg-${model}`);
      const r = vpsim(['run', ...args, '--svg', '--quiet', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(svgs(out).length, `figures of ${model}`).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/no figure applies/);
    });
  }
});

describe('--trace', () => {
  it('greek: writes trace.jsonl with the delivered messages', () => {
    const out = join(dir, 'trace-greek');
    const r = vpsim(['run', 'test/greek/fixtures/small.yaml', '--trace', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'trace.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    expect(() => JSON.parse(lines[0])).not.toThrow();
  });
  for (const [model, file] of [['gvp', 'scenarios/gvp/s1.yaml'], ['ledger', ledgerFile]] as const) {
    it(`${model}: refused before running, with a clear message`, () => {
      const out = join(dir, `trace-${model}`);
      const r = vpsim(['run', file, '--trace', '--quiet', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--trace: expected a model that records a message trace \\(mm1, greek, community\\), found model ${model}`));
      expect(existsSync(out)).toBe(false);
    });
  }
});
