// SoC is a fraction (0-1) in scenarios as in every output: greek.fleet.socInit etc. An old
// percentage field (socInitPct) gets a did-you-mean naming the fraction field and the value.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

describe('SoC fields of the Greek fleet are fractions', () => {
  it('a scenario with the old socInitPct field: exit 2, one line naming file, field, the fraction field and value', () => {
    const dir = tempDir();
    const file = join(dir, 'old.yaml');
    writeFileSync(file, `extends: ${join(ROOT, 'test/greek/fixtures/small.yaml')}\nname: old-pct\ngreek:\n  fleet:\n    socInitPct: 30\n`);
    for (const cmd of ['validate', 'run']) {
      const r = vpsim([cmd, file, '--quiet', ...(cmd === 'run' ? ['--out', join(dir, 'out')] : [])].filter((a) => !(cmd === 'validate' && a === '--quiet')));
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('old.yaml');
      expect(lines[0]).toContain('greek.fleet.socInitPct');
      expect(lines[0]).toMatch(/did you mean 'socInit: 0\.3'\?.*fraction 0-1/);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('a percentage where a fraction belongs is refused (socTarget: 90)', () => {
    const r = vpsim(['validate', 'test/greek/fixtures/small.yaml', '--set', 'greek.fleet.socTarget=90']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/greek\.fleet\.socTarget: expected a number <= 1, found 90/);
  });

  it('no shipped scenario or schema uses a ...Pct SoC field', () => {
    const files = ['scenarios/greek', 'scenarios/sweeps'].flatMap((d) => readdirSync(join(ROOT, d)).map((f) => join(ROOT, d, f)));
    for (const f of [...files, join(ROOT, 'schemas/greek.schema.json')]) expect(readFileSync(f, 'utf8'), f).not.toMatch(/soc[A-Za-z]*Pct|planningMarginPct/);
  });

  it("ev.csv's soc_init and soc_target are the scenario's fractions", () => {
    const out = join(tempDir(), 'run');
    const r = vpsim(['run', 'test/greek/fixtures/small.yaml', '--quiet', '--out', out, '--set', 'greek.fleet.socInit=0.35', '--set', 'greek.fleet.socTarget=0.8', '--set', 'greek.ledger.enabled=false']);
    expect(r.code, r.stderr).toBe(0);
    const rows: Record<string, string>[] = parse(readFileSync(join(out, 'ev.csv'), 'utf8'), { columns: true });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((x) => Number(x.soc_init)))).toEqual(new Set([0.35]));
    expect(new Set(rows.map((x) => Number(x.soc_target)))).toEqual(new Set([0.8]));
  });
});
