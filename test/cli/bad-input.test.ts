// A table of bad inputs: each exits 2 with one clear message (file, field path, expected, found),
// no stack trace, and no output directory left behind.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');
let dir: string;
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

interface Case {
  name: string;
  args: () => string[];
  message: RegExp[];
}

const cases: Case[] = [
  { name: 'missing scenario file', args: () => ['run', join(dir, 'nope.yaml')], message: [/nope\.yaml/, /expected a readable scenario file/, /found no such file/] },
  { name: 'malformed YAML', args: () => ['run', file('bad.yaml', 'name: [unclosed\nmodel: mm1\n')], message: [/bad\.yaml/, /line \d+/, /expected valid YAML/] },
  { name: 'malformed JSON', args: () => ['run', file('bad.json', '{"name": "x", }')], message: [/bad\.json/, /expected valid JSON/] },
  { name: 'duplicate YAML key', args: () => ['run', file('dup.yaml', 'name: a\nname: b\nmodel: mm1\n')], message: [/dup\.yaml/, /expected valid YAML/] },
  { name: 'unknown top-level field', args: () => ['run', file('unk.yaml', 'name: x\nmodel: mm1\ncolour: red\n')], message: [/unk\.yaml/, /colour/, /unknown field/] },
  { name: 'unknown nested field', args: () => ['run', file('unk2.yaml', 'name: x\nmodel: mm1\nmm1:\n  lambda: 2\n')], message: [/unk2\.yaml/, /mm1\.lambda/, /unknown field/] },
  { name: 'wrong type', args: () => ['run', file('type.yaml', 'name: x\nmodel: mm1\nmm1:\n  customers: many\n')], message: [/type\.yaml/, /mm1\.customers/, /expected a number/, /found "many"/] },
  { name: 'out of range', args: () => ['run', file('range.yaml', 'name: x\nmodel: mm1\nmm1:\n  arrivalRatePerS: -1\n')], message: [/range\.yaml/, /mm1\.arrivalRatePerS/, /expected a number > 0/, /found -1/] },
  { name: 'not an integer', args: () => ['run', file('int.yaml', 'name: x\nmodel: mm1\nmm1:\n  customers: 1.5\n')], message: [/int\.yaml/, /mm1\.customers/, /expected an integer/, /found 1\.5/] },
  { name: 'missing required field', args: () => ['run', file('noname.yaml', 'model: mm1\n')], message: [/noname\.yaml/, /name/, /expected a string/, /found nothing/] },
  { name: 'unknown model', args: () => ['run', file('model.yaml', 'name: x\nmodel: mm2\n')], message: [/model\.yaml/, /model/, /expected one of .*mm1/, /found "mm2"/] },
  { name: 'top level is a list', args: () => ['run', file('list.yaml', '- 1\n- 2\n')], message: [/list\.yaml/, /expected a mapping/, /found a list of 2/] },
  { name: 'missing extends target', args: () => ['run', file('ext.yaml', 'extends: base-missing.yaml\nname: x\n')], message: [/ext\.yaml: extends \(line 1\): /, /base-missing\.yaml/, /expected an existing scenario file/, /no such file/] },
  { name: 'missing extends target of a copied file: the extending file and its line', args: () => ['validate', file('my-sc1.yaml', '# my copy of sc1\n\nextends: base.yaml\nname: mine\n')], message: [/my-sc1\.yaml: extends \(line 3\): expected an existing scenario file \(relative to this file\), found "base\.yaml", no such file .*base\.yaml$/m] },
  { name: 'extends cycle', args: () => { file('cyc-a.yaml', 'extends: cyc-b.yaml\nname: a\nmodel: mm1\n'); return ['run', file('cyc-b.yaml', 'extends: cyc-a.yaml\nname: b\n')]; }, message: [/extends/, /without a cycle/] },
  { name: '--set without =', args: () => ['run', MM1, '--set', 'mm1.customers'], message: [/--set/, /expected a\.b=value/, /found "mm1\.customers"/] },
  { name: '--set through a number', args: () => ['run', MM1, '--set', 'seed.x=1'], message: [/--set seed\.x=1/, /seed/, /expected an object with fields/, /found 42/] },
  { name: '--set unknown field', args: () => ['run', MM1, '--set', 'mm1.bogus=3'], message: [/--set mm1\.bogus/, /mm1\.bogus/, /unknown field/] },
  { name: '--set wrong type', args: () => ['run', MM1, '--set', 'mm1.customers=lots'], message: [/--set mm1\.customers/, /expected a number/, /found "lots"/] },
  { name: 'negative --seed', args: () => ['run', MM1, '--seed', '-3'], message: [/--seed/, /expected a non-negative integer/, /found -3/] },
  { name: 'unknown command option', args: () => ['run', MM1, '--sed', '3'], message: [/unknown option '--sed' \(did you mean '--seed'\?\)/] },
  { name: 'validate reports a bad file', args: () => ['validate', MM1, file('v.yaml', 'name: x\nmodel: mm1\nmm1: 3\n')], message: [/v\.yaml/, /mm1/, /expected a object/, /found 3/] },
];

describe('bad input', () => {
  beforeAll(() => {
    dir = tempDir();
    mkdirSync(join(dir, 'out'));
  });

  it('has at least 10 cases', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  for (const c of cases) {
    it(`${c.name}: exit 2 with a clear message, no stack, no output`, () => {
      const out = join(dir, 'out', c.name.replace(/\W+/g, '_'));
      const args = c.args();
      const r = vpsim(args[0] === 'run' ? [...args, '--out', out, '--quiet'] : args);
      expect(r.code, r.stderr).toBe(2);
      for (const m of c.message) expect(r.stderr).toMatch(m);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stderr).not.toMatch(/internal error/);
      expect(existsSync(out)).toBe(false);
    });
  }
});
